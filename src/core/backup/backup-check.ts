/**
 * "Verify a backup file…" on the backup screen (issue 13, Build 5 in the app): a `.lvbak` the
 * shell's open dialog picked is checked with no secret, streaming from its path (never read into
 * memory): structure, every chunk's hash and the manifest's signature; and, when the backup says it
 * is of this vault, that its signer was certified by this office's root (as `backup verify --key`).
 * Audited as 'backup.verify', passed or failed.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { authorize, decide } from '../access/authorize';
import { inputError, LedgerVaultError } from '../errors';
import type { VaultSession } from '../vault/session';
import type { BackupFileCheckView } from '../../shared/backup/contract';
import { BACKUP_MAGIC, headerSchema, MAX_HEADER_BYTES } from './backup-format';
import { verifyBackupFile } from './backup-verify';

/** The vault id a backup's header names, or null when the start of the file is not a backup's. */
async function headerVaultId(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw inputError('file.notReadable', { name: path.basename(file) });
  }
  try {
    if (!(await handle.stat()).isFile()) throw inputError('file.notReadable', { name: path.basename(file) });
    const head = Buffer.alloc(BACKUP_MAGIC.length + 4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < head.length || !head.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) return null;
    const length = head.readUInt32BE(BACKUP_MAGIC.length);
    if (length === 0 || length > MAX_HEADER_BYTES) return null;
    const body = Buffer.alloc(length);
    await handle.read(body, 0, length, head.length);
    const parsed = headerSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.vaultId : null;
  } catch (err) {
    if (err instanceof LedgerVaultError) throw err;
    return null;
  } finally {
    await handle.close();
  }
}

/** Managers, who make backups, and admins, who answer for them, may check one. */
function authorizeCheck(session: VaultSession): void {
  if (!decide(session, 'settings.update').allowed) authorize(session, 'backup.export');
}

export async function checkBackupFile(session: VaultSession, file: string): Promise<BackupFileCheckView> {
  authorizeCheck(session);
  const fileName = path.basename(file);
  const audit = (outcome: 'ok' | 'failed', details: Record<string, unknown>) => {
    if (!session.isOpen || session.integrityAlarm) return;
    session.write((ctx) =>
      ctx.audit({ action: 'backup.verify', outcome, targetType: 'backup', details: { file: fileName, ...details } }),
    );
  };
  let thisVault = false;
  try {
    thisVault = (await headerVaultId(file)) === session.vaultId;
    // This vault's backup: its signer must be one the office certified (a forged one is not).
    const key = thisVault && session.rootFingerprint ? session.rootFingerprint : undefined;
    const report = await verifyBackupFile(file, { key });
    const view: BackupFileCheckView = {
      fileName,
      backupId: report.backupId,
      createdAt: report.createdAt,
      appVersion: report.appVersion,
      signer: report.signer,
      thisVault,
      signerCertified: report.signerCertifiedBy !== null,
      chunks: report.chunks,
      plainBytes: report.plainBytes,
    };
    audit('ok', {
      backupId: report.backupId,
      thisVault,
      chunks: report.chunks,
      signer: report.signer.username,
      signerCertified: view.signerCertified,
    });
    return view;
  } catch (err) {
    const code = err instanceof LedgerVaultError ? err.code : 'E_INTERNAL';
    const chunk = err instanceof LedgerVaultError ? err.params.chunk : undefined;
    try {
      audit('failed', { thisVault, code, ...(chunk !== undefined ? { chunk } : {}) });
    } catch {
      // What the user needs to see is why the file failed.
    }
    throw err;
  }
}
