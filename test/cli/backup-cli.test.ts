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
import { activate, addStaff, signIn, type Staff } from '../helpers/staff';
import { createClient } from '../../src/core/clients/clients';
import { addRecord } from '../../src/core/records';
import { spawnSync } from 'node:child_process';
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

const admin = (args: string[], env: Record<string, string> = {}, input?: string) =>
  cli(
    [...args, '--vault', dir, '--user', 'boss', '--totp', codes.shift()!],
    { LEDGERVAULT_PASSWORD: PW, ...env },
    input,
  );
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
    const weak = admin(['backup', 'passphrase'], {
      LEDGERVAULT_BACKUP_PASSPHRASE: 'too-short-1',
      LEDGERVAULT_RECOVERY_KEY: recoveryKey,
    });
    expect(weak.code).toBe(EXIT_CODES.E_INPUT);
    expect(weak.stderr).toMatch(/^E_INPUT/);
    // The passphrase will restore as the recovery key does: it takes the recovery key to set it.
    const noKey = admin(['backup', 'passphrase'], { LEDGERVAULT_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(noKey.code).toBe(EXIT_CODES.E_INPUT);
    expect(noKey.stderr).toMatch(/^E_INPUT: .*recovery key/);
    const set = admin(
      ['backup', 'passphrase', '--recovery-key-stdin'],
      { LEDGERVAULT_BACKUP_PASSPHRASE: PASSPHRASE },
      `${recoveryKey}\n`,
    );
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

describe('CLI: backup restore', () => {
  it('restores on a workstation whose keychain never saw the vault: every row, the audit chain, every client key', async () => {
    // Work to restore: two clients with records, written by the manager.
    const m = await signIn({ dir, keyStore: cliKeyStore() } as TestVault, mgr);
    try {
      const a = createClient(m, { name: '明达商贸' }).id;
      const b = createClient(m, { name: '鸿远科技' }).id;
      addRecord(m, {
        clientId: a,
        occurredAt: '2026-11-02',
        direction: 'out',
        amount: '123.45',
        counterparty: '杭州供应链',
      });
      addRecord(m, {
        clientId: b,
        occurredAt: '2026-11-03',
        direction: 'in',
        amount: '9.90',
        counterparty: '深圳电子厂',
      });
    } finally {
      m.lock();
      await m.anchorsWritten();
    }
    mkdirSync(usb, { recursive: true });
    const outFile = path.join(usb, 'restore-me.lvbak');
    const made = manager(['backup', 'export', '--out', outFile, '--json']);
    expect(made.stderr).toBe('');
    expect(JSON.parse(made.stdout)).toMatchObject({ file: outFile });
    // Never over an existing file.
    const again = manager(['backup', 'export', '--out', outFile]);
    expect(again.code).toBe(EXIT_CODES.E_EXISTS);
    const badName = manager(['backup', 'export', '--out', path.join(usb, 'restore-me.zip')]);
    expect(badName.code).toBe(EXIT_CODES.E_INPUT);

    const expected = JSON.parse(cli(['backup', 'verify', outFile, '--json']).stdout).tableCounts as Record<
      string,
      number
    >;
    const target = path.join(root, 'new-workstation', 'vault');
    mkdirSync(path.dirname(target));
    // A new workstation: a new HOME and D-Bus session, so a keyring that never held this vault.
    const home = tempDir('lv-fresh-home-');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, LEDGERVAULT_NEW_PASSWORD: 'Fresh-Station-Pass-42' };
    delete env.LEDGERVAULT_IN_DBUS;
    delete env.DBUS_SESSION_BUS_ADDRESS;
    for (const [how, extra] of [
      ['recovery key', { LEDGERVAULT_RECOVERY_KEY: recoveryKey }],
      ['passphrase', { LEDGERVAULT_BACKUP_PASSPHRASE: PASSPHRASE }],
    ] as const) {
      const dirFor = `${target}-${how.replace(' ', '-')}`;
      const run = spawnSync(
        'bash',
        [
          path.resolve(__dirname, '../../scripts/with-keyring.sh'),
          process.execPath,
          '--import',
          'tsx',
          path.resolve(__dirname, '../fixtures/restore-fresh-keyring.ts'),
          outFile,
          dirFor,
          'boss',
        ],
        { encoding: 'utf8', env: { ...env, ...extra }, timeout: 180_000 },
      );
      expect(run.stdout, run.stderr).not.toBe('');
      const report = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(report, run.stderr).toMatchObject({
        restored: { usersNeedingReset: [mgr.username] },
        restriction: 'mfa-enrol',
        counts: {
          clients: expected.clients,
          payment_records: expected.payment_records,
          users: expected.users,
          client_grants: expected.client_grants,
        },
        restoreEvents: 1,
        auditOk: true,
        clientsOpened: expected.clients,
        keychainHasVault: true,
      });
    }
    rmSync(home, { recursive: true, force: true });
  });
});
