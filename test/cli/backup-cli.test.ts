/**
 * `ledgervault backup export|verify|passphrase|list` (issue 13) as a user runs them: the admin
 * sets the office passphrase (two-step verification on), a manager exports to a folder typing
 * no secret, and anyone verifies the file with no vault: with no secret, with the office's root
 * fingerprint, and opened with the recovery key or the passphrase.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/output';
import { tempDir, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, type Staff } from '../helpers/staff';
import { unlockVault } from '../../src/core/index';
import { cli, cliKeyStore, forgetCliVault, initWithMfaAdmin } from './cli-helpers';

const PW = 'Backup-Admin-Password-1';
const PASSPHRASE = 'harbour-kite-31-maple-88-frost';
let root: string;
let dir: string;
let usb: string;
let vaultId = '';
let recoveryKey = '';
let rootFingerprint = '';
let codes: string[] = [];
let mgr: Staff;

const admin = (args: string[], env: Record<string, string> = {}) =>
  cli([...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!], { LEDGERVAULT_PASSWORD: PW, ...env });
const manager = (args: string[]) =>
  cli([...args, '--vault', dir, '--user', mgr.username, '--totp', mgr.recoveryCodes!.shift()!], {
    LEDGERVAULT_PASSWORD: mgr.password,
  });

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  root = tempDir('lv-cli-backup-');
  dir = path.join(root, 'vault');
  usb = path.join(root, 'usb');
  ({ vaultId, codes, recoveryKey, rootFingerprint } = initWithMfaAdmin(dir, PW));
  // The manager is added and settles in (own password, two-step verification) as the app would.
  const vault = { dir, keyStore: cliKeyStore() } as TestVault;
  const boss = await unlockVault({
    dir,
    username: 'boss',
    password: PW,
    totp: codes.shift()!,
    keyStore: vault.keyStore,
  });
  mgr = await addStaff(boss, vault, 'manager', 'backup.mgr');
  boss.lock();
  await boss.anchorsWritten();
  await activate(vault, mgr);
});
afterAll(async () => {
  await forgetCliVault(vaultId);
  rmSync(root, { recursive: true, force: true });
});

describe('CLI: backup', () => {
  it('an admin sets the passphrase; a manager exports typing no secret; the file verifies anywhere', () => {
    const weak = admin(['backup', 'passphrase'], { LEDGERVAULT_BACKUP_PASSPHRASE: 'too-short-1' });
    expect(weak.code).toBe(EXIT_CODES.E_INPUT);
    expect(weak.stderr).toMatch(/^E_INPUT/);
    const set = admin(['backup', 'passphrase'], { LEDGERVAULT_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);

    expect(cli(['--help']).stdout).toContain('ledgervault backup export');
    mkdirSync(usb);
    // An admin runs accounts, not backups.
    const forbidden = admin(['backup', 'export', '--to', usb]);
    expect(forbidden.code).toBe(EXIT_CODES.E_FORBIDDEN);
    expect(readdirSync(usb)).toEqual([]);

    const made = manager(['backup', 'export', '--to', usb, '--json']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const { file } = JSON.parse(made.stdout) as { file: string };
    expect(readdirSync(usb)).toEqual([path.basename(file)]);

    const bare = cli(['backup', 'verify', file]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/^Backup intact: \d+ chunks .* by backup\.mgr/);
    expect(bare.stdout).toContain('Contents not opened');

    const office = cli(['backup', 'verify', file, '--key', rootFingerprint]);
    expect(office.stdout).toContain('The signer was certified by the office root');
    const stranger = cli(['backup', 'verify', file, '--key', 'ab'.repeat(32)]);
    expect(stranger.code).toBe(EXIT_CODES.E_INTEGRITY);

    const opened = cli(['backup', 'verify', file, '--recovery-key-stdin'], {}, `${recoveryKey}\n`);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toMatch(
      /Opened: SQLite integrity check ok; audit log intact inside \(\d+ events, \d+ seals\)/,
    );
    const withPassphrase = cli(['backup', 'verify', file, '--passphrase-stdin', '--json'], {}, `${PASSPHRASE}\n`);
    expect(JSON.parse(withPassphrase.stdout)).toMatchObject({ ok: true, contents: { integrity: 'ok' } });
    const wrong = cli(['backup', 'verify', file, '--passphrase-stdin'], {}, 'harbour-kite-31-maple-88-frosT\n');
    expect(wrong.code).toBe(EXIT_CODES.E_AUTH);

    // The backup is an anchor for the audit log, as a signed export is.
    const held = admin(['audit', 'verify', '--anchor', file]);
    expect(held.stderr).toBe('');
    expect(held.stdout).toContain(`Held to ${path.basename(file)}: its head (event`);

    const list = manager(['backup', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ fileName: path.basename(file), createdByName: 'backup.mgr' }),
    ]);

    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x10;
    writeFileSync(file, bytes);
    const broken = cli(['backup', 'verify', file]);
    expect(broken.code).toBe(EXIT_CODES.E_INTEGRITY);
    expect(broken.stderr).toMatch(/^E_INTEGRITY: .*chunk \d+/);
  });
});
