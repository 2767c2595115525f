import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { tempDir } from '../helpers/test-vault';
import { cli, forgetCliVault } from './cli-helpers';

const ADMIN_PW = 'Cli-Admin-Password-1';
const MGR_TEMP = 'Mgr-Temporary-Pass-1';
const MGR_OWN = 'Mgr-Own-Secure-Pass-2';
const ACC_TEMP = 'Acct-Temporary-Pass-1';
const ACC_OWN = 'Acct-Own-Secure-Pass-2';
let root: string;
let dir: string;
let vaultId = '';
let secret = '';
let recovery: string[] = [];
const admin = (args: string[], totp?: string) =>
  cli([...args, '--vault', dir, '--user', 'boss', ...(totp ? ['--totp', totp] : [])], {
    LEDGERVAULT_PASSWORD: ADMIN_PW,
  });

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-access-');
  dir = path.join(root, 'vault');
  const init = cli(['init', '--vault', dir, '--admin', 'boss', '--json'], { LEDGERVAULT_NEW_PASSWORD: ADMIN_PW });
  expect(init.code).toBe(0);
  vaultId = (JSON.parse(init.stdout) as { vaultId: string }).vaultId;
});
afterAll(async () => {
  if (vaultId) await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: staff, grants and MFA', () => {
  it('an admin who has not enrolled in MFA may only enrol', () => {
    const r = admin(['user', 'list']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^E_FORBIDDEN: .*must first mfa-enrol/);
  });

  it('mfa enroll --json prints the secret, URL and recovery codes; confirm turns it on; then --totp is required', () => {
    const e = admin(['mfa', 'enroll', '--json']);
    expect(e.code).toBe(0);
    const out = JSON.parse(e.stdout) as { secret: string; otpauthUrl: string; recoveryCodes: string[] };
    expect(Object.keys(out).sort()).toEqual(['otpauthUrl', 'recoveryCodes', 'secret']);
    ({ secret, recoveryCodes: recovery } = out);
    const code = totpAt(base32Decode(secret), timeStep(new Date()));
    expect(admin(['mfa', 'confirm', '--code', code]).code).toBe(0);
    expect(admin(['user', 'list']).stderr).toMatch(/^E_MFA_REQUIRED: /);
  });

  it('adds staff; each must change the temporary password first', () => {
    const add = cli(
      [
        'user',
        'add',
        '--vault',
        dir,
        '--user',
        'boss',
        '--totp',
        recovery[0]!,
        '--username',
        'wang',
        '--role',
        'manager',
      ],
      {
        LEDGERVAULT_PASSWORD: ADMIN_PW,
        LEDGERVAULT_NEW_PASSWORD: MGR_TEMP,
      },
    );
    expect(add.stderr).toBe('');
    const acc = cli(
      [
        'user',
        'add',
        '--vault',
        dir,
        '--user',
        'boss',
        '--totp',
        recovery[1]!,
        '--username',
        'li',
        '--role',
        'accountant',
      ],
      {
        LEDGERVAULT_PASSWORD: ADMIN_PW,
        LEDGERVAULT_NEW_PASSWORD: ACC_TEMP,
      },
    );
    expect(acc.code).toBe(0);
    const list = JSON.parse(admin(['user', 'list', '--json'], recovery[2]).stdout) as {
      username: string;
      role: string;
      mustChangePassword: boolean;
    }[];
    expect(list.map((u) => [u.username, u.role, u.mustChangePassword])).toEqual([
      ['boss', 'admin', false],
      ['li', 'accountant', true],
      ['wang', 'manager', true],
    ]);
    expect(cli(['client', 'list', '--vault', dir, '--user', 'li'], { LEDGERVAULT_PASSWORD: ACC_TEMP }).stderr).toMatch(
      /^E_FORBIDDEN: .*password-change/,
    );
    expect(
      cli(['user', 'passwd', '--vault', dir, '--user', 'li'], {
        LEDGERVAULT_PASSWORD: ACC_TEMP,
        LEDGERVAULT_NEW_PASSWORD: ACC_OWN,
      }).code,
    ).toBe(0);
    expect(
      cli(['user', 'passwd', '--vault', dir, '--user', 'wang'], {
        LEDGERVAULT_PASSWORD: MGR_TEMP,
        LEDGERVAULT_NEW_PASSWORD: MGR_OWN,
      }).code,
    ).toBe(0);
  });

  it('a manager (after enrolling) adds clients; an invalid unified social credit code is refused with the reason', () => {
    const wang = (args: string[], totp?: string) =>
      cli([...args, '--vault', dir, '--user', 'wang', ...(totp ? ['--totp', totp] : [])], {
        LEDGERVAULT_PASSWORD: MGR_OWN,
      });
    const e = JSON.parse(wang(['mfa', 'enroll', '--json']).stdout) as { secret: string; recoveryCodes: string[] };
    expect(wang(['mfa', 'confirm', '--code', totpAt(base32Decode(e.secret), timeStep(new Date()))]).code).toBe(0);
    const bad = wang(['client', 'add', '--name', '乙公司', '--uscc', '91350100M000100Y44'], e.recoveryCodes[0]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^E_INPUT: .*check\) character is wrong.*gives 3/);
    const zh = cli(
      [
        'client',
        'add',
        '--vault',
        dir,
        '--user',
        'wang',
        '--totp',
        e.recoveryCodes[1]!,
        '--name',
        '乙公司',
        '--uscc',
        '91350100M000100Y44',
      ],
      {
        LEDGERVAULT_PASSWORD: MGR_OWN,
        LEDGERVAULT_LANG: 'zh_CN.UTF-8',
      },
    );
    expect(zh.stderr).toMatch(/^E_INPUT: 统一社会信用代码无效：第 18 位校验码不正确/);
    expect(
      wang(['client', 'add', '--name', '甲公司', '--uscc', '91350100M000100Y43'], e.recoveryCodes[2]).stdout.trim(),
    ).toBe('1');
    expect(wang(['client', 'add', '--name', '丙公司'], e.recoveryCodes[3]).stdout.trim()).toBe('2');
    // Managers grant accountants.
    expect(wang(['grant', '--username', 'li', '--client', '1', '--write'], e.recoveryCodes[4]).code).toBe(0);
  });

  it('the accountant sees only the granted client and cannot grant; the admin cannot add clients', () => {
    const li = (args: string[]) => cli([...args, '--vault', dir, '--user', 'li'], { LEDGERVAULT_PASSWORD: ACC_OWN });
    const clients = JSON.parse(li(['client', 'list', '--json']).stdout) as { id: number; name: string }[];
    expect(clients.map((c) => [c.id, c.name])).toEqual([[1, '甲公司']]);
    expect(li(['grant', '--username', 'li', '--client', '2']).stderr).toMatch(/^E_FORBIDDEN: /);
    expect(admin(['client', 'add', '--name', '丁公司'], recovery[3]).stderr).toMatch(/^E_FORBIDDEN: /);
  });

  it('the keys file never holds a password or the TOTP secret', () => {
    const keys = readFileSync(path.join(dir, 'vault.keys'), 'utf8');
    for (const s of [ADMIN_PW, ACC_OWN, MGR_OWN, secret]) expect(keys).not.toContain(s);
  });
});
