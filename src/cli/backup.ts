/**
 * `ledgervault backup ...` (issue 13): export a backup to a folder (a manager types no secret),
 * verify any backup file anywhere, and set the office backup passphrase (admin).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportBackup } from '../core/backup/backup-export';
import { defaultMigrationsDir } from '../core/vault/database';
import { listBackups } from '../core/backup/backup-history';
import { setBackupPassphrase } from '../core/backup/backup-passphrase';
import { verifyBackupFile, type BackupVerifyReport } from '../core/backup/backup-verify';
import { LedgerVaultError } from '../core/errors';
import { done, printJson } from './output';
import { defineCommand, flag, inputError } from './parse';
import { secretFrom } from './secrets-input';
import { JSON_FLAG, signedInCommand } from './session';
import { backupSecret, restoreCommand } from './backup-restore';

/** The app's version, from package.json beside drizzle/ (found the way the core finds its migrations). */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(defaultMigrationsDir()), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
const MB = 2 ** 20;

function describeVerified(r: BackupVerifyReport): string {
  const lines = [
    `Backup intact: ${r.chunks} chunks (${(r.plainBytes / MB).toFixed(1)} MB) of vault ${r.vaultId}, made ${r.createdAt} by ${r.signer.username} (key ${r.signer.keyFingerprint.replace(/\n/g, ' ')}), app ${r.appVersion}.`,
  ];
  if (r.signerCertifiedBy)
    lines.push(`The signer was certified by the office root ${r.signerCertifiedBy.replace(/\n/g, ' ')}.`);
  else lines.push('Signer not checked against the office: add --key with the root fingerprint from the recovery kit.');
  if (r.contents)
    lines.push(
      `Opened: SQLite integrity check ok; audit log intact inside (${r.contents.audit.checked} events, ${r.contents.audit.seals ?? 0} seals).`,
    );
  else
    lines.push(
      'Contents not opened: pipe the recovery key (--recovery-key-stdin) or the backup passphrase (--passphrase-stdin) to check them too.',
    );
  return `${lines.join('\n')}\n`;
}

export const backupCommands = {
  export: signedInCommand({
    summary:
      'Write an encrypted backup (.lvbak) of the vault into --to DIR (a dated name) or as --out FILE (a name of your own, ending .lvbak; never overwritten); it is read back and verified before this says done. Managers; no secret is typed.',
    flags: { to: flag.text('DIR'), out: flag.text('FILE') },
    check: (v) => {
      if ((v.to === undefined) === (v.out === undefined))
        throw inputError('Give --to DIR or --out FILE (one of them).');
    },
    run: async (v, s) => {
      let last = 0;
      const folder = v.out !== undefined ? path.dirname(path.resolve(v.out)) : v.to!;
      const made = await exportBackup(s, folder, {
        appVersion: appVersion(),
        ...(v.out !== undefined ? { fileName: path.basename(v.out) } : {}),
        onProgress: (p) => {
          if (v.json || !process.stderr.isTTY || p.bytes - last < 64 * MB) return;
          last = p.bytes;
          process.stderr.write(`${p.phase} ${(p.bytes / MB).toFixed(0)} / ${(p.total / MB).toFixed(0)} MB\n`);
        },
      });
      const kept = made.pruned.length
        ? `\nRemoved ${made.pruned.length} older backup(s) there by the retention policy (7 daily, 4 weekly, 12 monthly).`
        : '';
      const warning = made.sameDiskAsVault
        ? '\nWarning: this backup is on the same disk as the vault; if that disk fails, both are lost. Export another one to a USB drive.'
        : '';
      return done(
        v.json,
        made,
        `Backup written and verified: ${made.file} (${(made.bytes / MB).toFixed(1)} MB)${kept}${warning}`,
      );
    },
  }),
  verify: defineCommand({
    summary:
      'Check a backup file anywhere, with no vault: structure, every chunk and the signature with no secret; --key ROOT_FINGERPRINT also checks the signer belongs to the office; the recovery key or the backup passphrase (LEDGERVAULT_RECOVERY_KEY, LEDGERVAULT_BACKUP_PASSPHRASE, or --recovery-key-stdin / --passphrase-stdin) also opens it and checks the vault and audit log inside.',
    positional: 'FILE',
    flags: {
      key: flag.text('FINGERPRINT'),
      'recovery-key-stdin': flag.bool(),
      'passphrase-stdin': flag.bool(),
      ...JSON_FLAG,
    },
    run: async (v, file) => {
      const r = await verifyBackupFile(file!, { key: v.key, ...(await backupSecret(v, false)) });
      if (v.json) printJson(r);
      else process.stdout.write(describeVerified(r));
      return 0;
    },
  }),
  passphrase: signedInCommand({
    summary:
      'Admin: set the office backup passphrase (at least 16 characters) that new backups are also encrypted to and that restores them as the recovery key does. The passphrase comes from LEDGERVAULT_BACKUP_PASSPHRASE or --passphrase-stdin, the recovery key from LEDGERVAULT_RECOVERY_KEY or --recovery-key-stdin (stdin carries one secret; the others come from the environment).',
    flags: { 'passphrase-stdin': flag.bool(), 'recovery-key-stdin': flag.bool() },
    check: (v) => {
      const onStdin = [v['passphrase-stdin'], v['recovery-key-stdin'], v['password-stdin']].filter(Boolean).length;
      if (onStdin > 1)
        throw inputError(
          'stdin can carry one secret: give the others in LEDGERVAULT_PASSWORD, LEDGERVAULT_BACKUP_PASSPHRASE or LEDGERVAULT_RECOVERY_KEY.',
        );
    },
    run: async (v, s) => {
      const value = v['passphrase-stdin']
        ? await secretFrom({ stdin: true, env: 'LEDGERVAULT_BACKUP_PASSPHRASE', what: 'backup passphrase' })
        : process.env.LEDGERVAULT_BACKUP_PASSPHRASE;
      if (!value)
        throw new LedgerVaultError(
          'E_INPUT',
          'The backup passphrase is required: set LEDGERVAULT_BACKUP_PASSPHRASE or pipe it with --passphrase-stdin.',
        );
      const recoveryKey = await secretFrom({
        stdin: v['recovery-key-stdin'],
        env: 'LEDGERVAULT_RECOVERY_KEY',
        what: 'recovery key',
      });
      const r = await setBackupPassphrase(s, value, recoveryKey);
      return done(v.json, r, 'Backup passphrase set: backups from now on also open and restore with it.');
    },
  }),
  restore: restoreCommand,
  list: signedInCommand({
    summary: 'The backups this vault made: when, where, size, by whom, verified when.',
    flags: {},
    run: (v, s) => {
      const rows = listBackups(s);
      if (v.json) printJson(rows);
      else
        for (const b of rows)
          process.stdout.write(
            `${b.createdAt}  ${b.createdByName.padEnd(16)} ${(b.bytes / MB).toFixed(1).padStart(8)} MB  ${b.folder}/${b.fileName}  verified ${b.verifiedAt ?? 'never'}\n`,
          );
      return 0;
    },
  }),
};
