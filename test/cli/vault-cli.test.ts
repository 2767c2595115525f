/**
 * The recovery kit and the upgrade report at the command line: `init` prints the root
 * certificate fingerprint with what it is for, `recover` prints the same fingerprint to compare
 * it with; a sign-in that upgraded a version-1 vault prints the new kit and the temporary
 * passwords once (stderr, and the `upgrade` field of --json); an E_INTEGRITY at sign-in names
 * what was edited in the user's language.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWithEitherCipher } from '../../src/core/vault/database';
import { readKeysFile, userSlot } from '../../src/core/vault/keys-file';
import { unwrapUserSlot } from '../../src/core/vault/keyslots';
import { vaultPaths } from '../../src/core/vault/paths';
import { tempDir } from '../helpers/test-vault';
import { FIXTURE_DIR, fixture, fixtureUser, totpFor } from '../helpers/v1-fixture';
import { cli, cliKeyStore, forgetCliVault } from './cli-helpers';

const PASSWORD = 'Cli-Kit-Password-31';
const NEW_PASSWORD = 'Cli-Kit-Recovered-32';
/** Two lines of eight groups of four lowercase hex digits, each line indented. */
const FINGERPRINT_LINES = /\n {4}([0-9a-f]{4} ){7}[0-9a-f]{4}\n {4}([0-9a-f]{4} ){7}[0-9a-f]{4}\n/;

let root: string;
const vaults: string[] = [];

beforeAll(() => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-kit-');
});
afterAll(async () => {
  for (const id of vaults) await forgetCliVault(id);
  rmSync(root, { recursive: true, force: true });
});

function init(dir: string, env: Record<string, string> = {}, json = false) {
  const r = cli(['init', '--vault', dir, '--admin', 'boss', ...(json ? ['--json'] : [])], {
    LEDGERVAULT_NEW_PASSWORD: PASSWORD,
    ...env,
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  vaults.push(readKeysFile(vaultPaths(dir)).vaultId);
  return r.stdout;
}

describe('the recovery kit at the command line', () => {
  it('init prints the root certificate fingerprint and what it is for, in English and Chinese', () => {
    const en = init(path.join(root, 'en'));
    expect(en).toMatch(FINGERPRINT_LINES);
    expect(en).toMatch(
      /Root certificate fingerprint \(it identifies the certificate of this vault's first admin; when you restore with the recovery key on a new workstation, compare it/,
    );
    const zh = init(path.join(root, 'zh'), { LEDGERVAULT_LANG: 'zh_CN.UTF-8' });
    expect(zh).toMatch(FINGERPRINT_LINES);
    expect(zh).toMatch(/根证书指纹（标识本保险库第一个管理员的证书；在新的工作站上用恢复密钥恢复时，请与此处逐组核对/);
  });

  it('init --json carries the fingerprint, and recover shows the same one to compare with the kit', async () => {
    const dir = path.join(root, 'json');
    const out = JSON.parse(init(dir, {}, true)) as { vaultId: string; recoveryKey: string; rootFingerprint: string };
    expect(Object.keys(out).sort()).toEqual(['recoveryKey', 'rootFingerprint', 'vaultId']);
    expect(out.rootFingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}\n([0-9a-f]{4} ){7}[0-9a-f]{4}$/);

    // A new workstation: no device secret in its keychain, only the paper kit.
    expect(await cliKeyStore().delete(out.vaultId)).toBe(true);
    const rec = cli(['recover', '--vault', dir, '--admin', 'boss', '--json'], {
      LEDGERVAULT_RECOVERY_KEY: out.recoveryKey,
      LEDGERVAULT_NEW_PASSWORD: NEW_PASSWORD,
    });
    expect(rec.stderr).toBe('');
    expect(JSON.parse(rec.stdout)).toMatchObject({ vaultId: out.vaultId, rootFingerprint: out.rootFingerprint });
  });
});

describe('E_INTEGRITY at sign-in', () => {
  it('names the account whose users row was edited, in the CLI user’s language', async () => {
    const dir = path.join(root, 'edited');
    init(dir);
    // An insider with the password and the keychain: unwrap the DEK and make themselves a manager.
    const keys = readKeysFile(vaultPaths(dir));
    const secret = (await cliKeyStore().get(keys.vaultId))!;
    const contents = (await unwrapUserSlot(userSlot(keys, 'boss')!, PASSWORD, secret, keys.vaultId))!;
    const { db } = openWithEitherCipher(path.join(dir, 'vault.db'), contents.dek, ['sqlcipher', 'aegis-256']);
    db.prepare("UPDATE users SET role = 'manager' WHERE username = 'boss'").run();
    db.close();

    const signIn = ['client', 'list', '--vault', dir, '--user', 'boss'];
    const en = cli(signIn, { LEDGERVAULT_PASSWORD: PASSWORD });
    expect(en.code).toBe(6);
    expect(en.stderr).toMatch(
      /^E_INTEGRITY: The account of “boss” does not match their certificate \(role or status edited directly\)/,
    );
    const zh = cli(signIn, { LEDGERVAULT_PASSWORD: PASSWORD, LEDGERVAULT_LANG: 'zh_CN.UTF-8' });
    expect(zh.stderr).toMatch(/^E_INTEGRITY: 用户“boss”的账号资料与其证书不符（角色或状态被直接修改），保险库未打开/);
  });
});

describe('the sign-in that upgrades a version-1 vault', () => {
  it('prints the new kit and the temporary passwords once: on stderr and as the upgrade field of --json', async () => {
    const dir = path.join(root, 'v1');
    mkdirSync(dir, { mode: 0o700 });
    for (const f of ['vault.db', 'vault.keys', 'vault.pending'])
      copyFileSync(path.join(FIXTURE_DIR, f), path.join(dir, f));
    await cliKeyStore().set(fixture.vaultId, Buffer.from(fixture.deviceSecretHex, 'hex'));
    vaults.push(fixture.vaultId);
    const boss = fixtureUser('boss');
    const signIn = (at: Date) => ['--vault', dir, '--user', 'boss', '--totp', totpFor(boss.totpSecret!, at)];

    const first = cli(['client', 'list', ...signIn(new Date()), '--json'], { LEDGERVAULT_PASSWORD: boss.password });
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as {
      result: unknown[];
      upgrade: {
        recoveryKey: string;
        rootFingerprint: string;
        temporaryPasswords: { username: string; password: string }[];
      };
    };
    expect(out.result.length).toBeGreaterThan(0);
    expect(out.upgrade.recoveryKey).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    const others = fixture.users.filter((u) => u.status === 'active' && u.username !== 'boss').map((u) => u.username);
    expect(out.upgrade.temporaryPasswords.map((p) => p.username).sort()).toEqual(others.sort());
    // The same report as text, for the person at the terminal.
    expect(first.stderr).toContain(out.upgrade.recoveryKey);
    expect(first.stderr).toMatch(FINGERPRINT_LINES);
    expect(first.stderr).toContain('The old printed recovery kit no longer opens this vault');
    for (const p of out.upgrade.temporaryPasswords) expect(first.stderr).toContain(p.password);
    expect(first.stderr).toMatch(/hand each to its owner in person/);

    // Shown once: the next sign-in prints the list alone.
    const again = cli(['client', 'list', ...signIn(new Date(Date.now() + 31_000)), '--json'], {
      LEDGERVAULT_PASSWORD: boss.password,
    });
    expect(again.stderr).toBe('');
    expect(Array.isArray(JSON.parse(again.stdout))).toBe(true);
  });
});
