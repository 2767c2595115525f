/** A `.lvbak` header for tests of the format and of retention (its recipient never opens anything). */
import { randomBytes, randomUUID } from 'node:crypto';
import { BACKUP_FORMAT, CHUNK_BYTES, type BackupHeader } from '../../src/core/backup/backup-format';

export function testBackupHeader(
  over: Partial<Pick<BackupHeader, 'backupId' | 'vaultId' | 'createdAt'>> & { username?: string } = {},
): BackupHeader {
  return {
    format: BACKUP_FORMAT,
    backupId: over.backupId ?? randomUUID(),
    appVersion: '0.2.0',
    vaultId: over.vaultId ?? 'vault-1',
    createdAt: over.createdAt ?? new Date().toISOString(),
    creator: { userId: 'u-mgr', username: over.username ?? 'wangjl' },
    chunkBytes: CHUNK_BYTES,
    payloadSalt: randomBytes(32).toString('base64'),
    recipients: [
      {
        type: 'recovery-x25519',
        recipientPublic: 'ab'.repeat(32),
        ephemeralPublic: 'cd'.repeat(32),
        nonce: 'AAAA',
        box: 'AAAA',
        recoverySlot: { nonce: 'AAAA', wrapped: 'AAAA', createdAt: '2026-12-03' },
      },
    ],
  };
}
