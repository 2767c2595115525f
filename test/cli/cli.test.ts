import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-vault';
import { cli, cliKeyStore, forgetCliVault } from './cli-helpers';

const PASSWORD = 'Cli-Admin-Password-1';
const NEW_PASSWORD = 'Cli-Recovered-Password-2';

let root: string;
let dir: string;
let vaultId = '';
let recoveryKey = '';

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-');
  dir = path.join(root, 'vault');
});
afterAll(async () => {
  if (vaultId) await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('ledgervault CLI', () => {
  it('init --json creates a vault and prints its id and recovery key once', () => {
    const r = cli(['init', '--vault', dir, '--admin', 'boss', '--json'], { LEDGERVAULT_NEW_PASSWORD: PASSWORD });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { vaultId: string; recoveryKey: string };
    expect(Object.keys(out).sort()).toEqual(['recoveryKey', 'rootFingerprint', 'vaultId']);
    ({ vaultId, recoveryKey } = out);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    expect(existsSync(path.join(dir, 'vault.keys'))).toBe(true);
  });

  it('init refuses an existing vault, a weak password, and a password given as a flag', () => {
    const again = cli(['init', '--vault', dir, '--admin', 'boss'], { LEDGERVAULT_NEW_PASSWORD: PASSWORD });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/^E_EXISTS: /);
    const weak = cli(['init', '--vault', path.join(root, 'weak'), '--admin', 'boss'], {
      LEDGERVAULT_NEW_PASSWORD: 'short1',
    });
    expect(weak.stderr).toMatch(/^E_INPUT: .*12 characters/);
    expect(existsSync(path.join(root, 'weak', 'vault.keys'))).toBe(false);
    const flag = cli(['init', '--vault', path.join(root, 'flag'), '--admin', 'boss', '--password', PASSWORD]);
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/^E_INPUT: .*--password/);
  });

  it('doctor passes with the right password (env or stdin) and prints E_AUTH for a wrong one', () => {
    const ok = cli(['doctor', '--vault', dir, '--user', 'boss', '--json'], { LEDGERVAULT_PASSWORD: PASSWORD });
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as { ok: boolean; checks: { id: string; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'keys-file',
      'keychain',
      'sign-in',
      'keys-match',
      'audit-anchor',
      'certificates',
      'database',
      'audit-chain',
    ]);

    const stdin = cli(['doctor', '--vault', dir, '--user', 'boss', '--password-stdin'], {}, `${PASSWORD}\n`);
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toMatch(/All checks passed/);

    const wrong = cli(['doctor', '--vault', dir, '--user', 'boss'], { LEDGERVAULT_PASSWORD: 'Not-The-Password-9' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr.split('\n')[0]).toMatch(/^E_AUTH: /);
  });

  it('speaks Chinese when the locale says so', () => {
    const wrong = cli(['doctor', '--vault', dir, '--user', 'boss'], {
      LEDGERVAULT_PASSWORD: 'Not-The-Password-9',
      LEDGERVAULT_LANG: 'zh_CN.UTF-8',
    });
    expect(wrong.stderr).toMatch(/^E_AUTH: .*不正确/);
  });

  it('with the keychain entry gone, doctor says E_KEYCHAIN and recover brings the vault back', async () => {
    expect(await cliKeyStore().delete(vaultId)).toBe(true);
    const lost = cli(['doctor', '--vault', dir, '--user', 'boss'], { LEDGERVAULT_PASSWORD: PASSWORD });
    expect(lost.code).not.toBe(0);
    expect(lost.stderr).toMatch(/^E_KEYCHAIN: .*recovery key/);

    const rec = cli(['recover', '--vault', dir, '--admin', 'boss', '--json'], {
      LEDGERVAULT_RECOVERY_KEY: recoveryKey,
      LEDGERVAULT_NEW_PASSWORD: NEW_PASSWORD,
    });
    expect(rec.stderr).toBe('');
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.stdout)).toMatchObject({ vaultId, deviceSecretReplaced: true });

    const back = cli(['doctor', '--vault', dir, '--user', 'boss'], { LEDGERVAULT_PASSWORD: NEW_PASSWORD });
    expect(back.code).toBe(0);
  });

  it('an unknown command or a missing option is E_INPUT', () => {
    expect(cli(['frobnicate']).stderr).toMatch(/^E_INPUT: /);
    expect(cli(['doctor', '--vault', dir]).stderr).toMatch(/^E_INPUT: --user is required/);
  });
});
