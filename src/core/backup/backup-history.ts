/**
 * The vault's backup history (issue 13, Build 4): when, where, how large, by whom, verified when.
 * Each export adds its row and its audit event in one transaction.
 */
import { desc } from 'drizzle-orm';
import { authorize, decide } from '../access/authorize';
import { backupHistory } from '../db/schema';
import type { VaultSession } from '../vault/session';

export interface BackupRecord {
  backupId: string;
  kind: 'manual' | 'scheduled';
  folder: string;
  fileName: string;
  bytes: number;
  chunks: number;
  auditSeq: number;
  sealId: number | null;
  createdAt: string;
  verifiedAt: string;
}

export function recordBackup(session: VaultSession, b: BackupRecord): void {
  session.write((ctx) => {
    ctx.orm
      .insert(backupHistory)
      .values({
        ...b,
        createdBy: session.user.id,
        createdByName: session.user.username,
        verifiedBy: session.user.id,
      })
      .run();
    ctx.audit({
      action: 'backup.export',
      targetType: 'backup',
      targetId: b.backupId,
      details: { kind: b.kind, folder: b.folder, file: b.fileName, bytes: b.bytes, auditSeq: b.auditSeq },
    });
  });
}

/** Managers, who make backups, and admins, who answer for them, see the history. */
export function listBackups(session: VaultSession, limit = 100) {
  if (!decide(session, 'backup.export').allowed && !decide(session, 'settings.update').allowed)
    authorize(session, 'backup.export');
  return session.orm.select().from(backupHistory).orderBy(desc(backupHistory.id)).limit(limit).all();
}
