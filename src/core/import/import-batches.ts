/**
 * Import batches after the fact (issue 14): the list, and undoing one. Undo soft-deletes exactly
 * the batch's records (as records.delete does, history and all), in one transaction with one
 * audit event, and marks the batch undone; its records then no longer count as duplicates, so
 * the file can be imported again.
 *
 * Records edited (or deleted) since the import are never undone silently: an edit is someone's
 * later work, and undoing the batch would throw it away. The undo is refused as a whole with
 * E_CONFLICT naming them; the user deals with those records first (or deletes the rest by hand).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, authorizeRole, decide } from '../access/authorize';
import { requireClientKey } from '../access/client-names';
import { importBatches } from '../db/import-schema';
import { paymentRecords } from '../db/schema';
import { inputError, LedgerVaultError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import { readableClientIds } from '../records';
import { dropRecordTokens } from '../records/record-index';
import { insertHistory } from '../records/sealed-record';
import { inputMessage } from '../../shared/messages';
import { reason } from '../../shared/records/contract';
import { reasonProblem } from '../../shared/records/rules';
import { id } from '../../shared/schema-kit';
import { openText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import type { ImportBatchRow } from '../../shared/import/contract';

/** A batch as the list shows it (the contract's row: the file name opened with the client's key, or null). */
export type ImportBatchView = ImportBatchRow;

const undoInput = z.strictObject({ batchId: id, reason });
const listInput = z.strictObject({ clientId: id.optional() });

/** A client's import batches (or those of every client the user may read), newest first. */
export function listImports(session: VaultSession, input: { clientId?: number } = {}): ImportBatchView[] {
  const q = parseInput(listInput, input);
  if (q.clientId !== undefined) authorize(session, 'records.list', q.clientId);
  else authorize(session, 'client.list');
  const ids = q.clientId !== undefined ? [q.clientId] : readableClientIds(session);
  if (ids.length === 0) return [];
  const rows = session.orm
    .select()
    .from(importBatches)
    .where(inArray(importBatches.clientId, ids))
    .orderBy(desc(importBatches.id))
    .all();
  return rows.map(({ fileNameEnc, ...row }) => ({
    ...row,
    fileName: session.keyRing.has(row.clientId)
      ? openText(
          session,
          { clientId: row.clientId, table: 'import_batches', rowId: row.id, field: 'file_name' },
          fileNameEnc,
        )
      : null,
  }));
}

function notFound(session: VaultSession, batchId: number): never {
  session.write((ctx) =>
    ctx.audit({
      action: 'records.delete',
      outcome: 'denied',
      clientId: null,
      targetType: 'import_batch',
      targetId: String(batchId),
      details: { reason: 'not_found_or_no_grant', role: session.user.role },
    }),
  );
  throw new LedgerVaultError('E_NOT_FOUND', inputMessage('import.batchNotFound', 'en', { id: batchId }), {
    messageKey: 'import.batchNotFound',
    params: { id: batchId },
  });
}

/**
 * Undoes an import batch: records.delete on its client (as deleting the records one by one
 * would need). Refused whole when any of its records was changed or deleted since.
 */
export function undoImport(
  session: VaultSession,
  batchId: number,
  undoReason: string,
  now = Date.now(),
): { batchId: number; count: number } {
  if (typeof undoReason === 'string') refuseProblem(reasonProblem(undoReason));
  const q = parseInput(undoInput, { batchId, reason: undoReason });
  // The role first: a user who may delete nothing learns nothing about which batches exist.
  authorizeRole(session, 'records.delete', { targetType: 'import_batch', targetId: String(q.batchId) });
  const batch = session.orm.select().from(importBatches).where(eq(importBatches.id, q.batchId)).get();
  if (!batch || decide(session, 'records.delete', batch.clientId).reason === 'no_grant') notFound(session, q.batchId);
  authorize(session, 'records.delete', batch.clientId);
  requireClientKey(session, 'records.delete', batch.clientId);
  if (batch.undoneAt) throw inputError('import.batchUndone', { id: batch.id, at: batch.undoneAt });
  const stamp = new Date(now).toISOString();
  return session.write((ctx) => {
    const records = ctx.orm
      .select({ id: paymentRecords.id, version: paymentRecords.version, deletedAt: paymentRecords.deletedAt })
      .from(paymentRecords)
      .where(and(eq(paymentRecords.importBatchId, batch.id), eq(paymentRecords.clientId, batch.clientId)))
      .all();
    const edited = records.filter((r) => r.version !== 1 || r.deletedAt !== null).map((r) => r.id);
    if (edited.length > 0) {
      const params = { ids: edited.slice(0, 20).join(', ') };
      throw new LedgerVaultError('E_CONFLICT', inputMessage('import.editedSince', 'en', params), {
        messageKey: 'import.editedSince',
        params,
      });
    }
    const update = ctx.db.prepare(
      `UPDATE payment_records SET deleted_at = ?, deleted_by = ?, deleted_reason = ?, version = version + 1,
         updated_at = ?, updated_by = ?
       WHERE id = ? AND version = 1 AND deleted_at IS NULL`,
    );
    for (const r of records) {
      // Within the transaction nothing else writes; a mismatch would be a bug, so it rolls back.
      if (update.run(stamp, session.user.id, q.reason, stamp, session.user.id, r.id).changes !== 1)
        throw new LedgerVaultError('E_CONFLICT', `record ${r.id} changed during the undo`);
      dropRecordTokens(ctx.db, r.id);
    }
    insertHistory(
      session,
      ctx,
      records.map((r) => ({
        recordId: r.id,
        clientId: batch.clientId,
        version: 2,
        field: 'deleted',
        old: null,
        next: q.reason,
        changedBy: session.user.id,
        changedAt: stamp,
      })),
    );
    ctx.db
      .prepare('UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL')
      .run(stamp, session.user.id, batch.id);
    const ids = records.map((r) => r.id);
    ctx.audit({
      action: 'records.importUndo',
      targetType: 'import_batch',
      targetId: String(batch.id),
      clientId: batch.clientId,
      details: { batchId: batch.id, reason: q.reason, count: ids.length, ids },
    });
    return { batchId: batch.id, count: ids.length };
  });
}
