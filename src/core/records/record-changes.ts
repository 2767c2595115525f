import { eq } from 'drizzle-orm';
import { paymentRecords, recordHistory } from '../db/schema';
import { LedgerVaultError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import { recordDelete, recordUpdate, type RecordPatch } from '../../shared/records/contract';
import { checkAmount, checkOccurredAt, counterpartyProblem, reasonProblem } from '../../shared/records/rules';
import type { VaultSession } from '../vault/session';
import { authorizeRecord, type RecordRow } from './record-access';
import { indexRecord } from './search-index';
import { recordLimits } from './validate-record';

export type { RecordPatch };

/** Columns a patch may set, in the order their changes are listed in the history. */
type Column =
  | 'occurredAt'
  | 'amountMinor'
  | 'direction'
  | 'channel'
  | 'counterparty'
  | 'counterpartyAccount'
  | 'reference'
  | 'merchantOrderRef'
  | 'memo'
  | 'category'
  | 'status';
type Values = Partial<Pick<RecordRow, Column>>;

const OPTIONAL_TEXT = ['channel', 'counterpartyAccount', 'reference', 'merchantOrderRef', 'memo', 'category'] as const;
const SEARCHED: Column[] = ['counterparty', 'memo', 'reference', 'merchantOrderRef'];

function conflict(id: number): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `record ${id} was changed by someone else`);
}

/**
 * The columns a patch sets, each checked by the record rules. Only what the patch names is
 * checked and read: the amount stays the stored integer unless a new one is typed (never a
 * float round trip, which broke a JPY record), and an old record's date may stay as it is.
 */
function valuesOf(patch: RecordPatch, before: RecordRow, limits: { now: number; floor: string }): Values {
  const next: Values = {};
  if (patch.occurredAt !== undefined) {
    const at = checkOccurredAt(patch.occurredAt, limits.now, limits.floor);
    if (!at.ok) refuseProblem(at.problem);
    else next.occurredAt = at.value;
  }
  if (patch.amount !== undefined) {
    const amount = checkAmount(patch.amount, before.currency);
    if (!amount.ok) refuseProblem(amount.problem);
    else next.amountMinor = amount.value;
  }
  if (patch.direction !== undefined) next.direction = patch.direction;
  if (patch.counterparty !== undefined) {
    refuseProblem(counterpartyProblem(patch.counterparty));
    next.counterparty = patch.counterparty;
  }
  // An emptied optional field is cleared, as addRecord stores it.
  for (const key of OPTIONAL_TEXT) if (patch[key] !== undefined) next[key] = patch[key] || null;
  if (patch.status !== undefined) next.status = patch.status;
  return next;
}

/**
 * Changes fields of a record if it is still at `expectedVersion` (optimistic concurrency:
 * otherwise E_CONFLICT and nothing changes). Every changed field goes to the record's history.
 */
export function updateRecord(
  session: VaultSession,
  id: number,
  expectedVersion: number,
  patch: RecordPatch,
  now = Date.now(),
): number {
  const input = parseInput(recordUpdate, { id, version: expectedVersion, patch });
  const before = authorizeRecord(session, 'records.update', input.id);
  const next = valuesOf(input.patch, before, recordLimits(session, now));
  const changed = (Object.keys(next) as Column[]).filter((k) => next[k] !== before[k]);
  if (changed.length === 0) return before.version;
  const values: Values = Object.fromEntries(changed.map((k) => [k, next[k]]));
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const stamp = new Date(now).toISOString();
  const version = input.version + 1;
  return session.write((ctx) => {
    const result = ctx.db
      .prepare(
        `UPDATE payment_records SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(stamp, session.user.id, input.id, input.version);
    if (result.changes !== 1) throw conflict(input.id);
    ctx.orm.update(paymentRecords).set(values).where(eq(paymentRecords.id, input.id)).run();
    for (const field of changed) {
      ctx.orm
        .insert(recordHistory)
        .values({
          recordId: input.id,
          version,
          field,
          oldValue: text(before[field]),
          newValue: text(values[field]),
          changedBy: session.user.id,
          changedAt: stamp,
        })
        .run();
    }
    if (changed.some((f) => SEARCHED.includes(f))) indexRecord(ctx.db, input.id, { ...before, ...values }, true);
    // Field names only: old and new values stay in the (encrypted) history, never in the log.
    ctx.audit({
      action: 'records.update',
      targetType: 'record',
      targetId: String(input.id),
      clientId: before.clientId,
      details: { fields: changed, version },
    });
    return version;
  });
}

/** Soft deletion with a reason: the record stays, marked, and leaves lists and totals. */
export function deleteRecord(
  session: VaultSession,
  id: number,
  expectedVersion: number,
  reason: string,
  now = Date.now(),
): void {
  // The reason rule's own words for a short one; the schema holds the rest (length, types).
  if (typeof reason === 'string') refuseProblem(reasonProblem(reason));
  const input = parseInput(recordDelete, { id, version: expectedVersion, reason });
  const before = authorizeRecord(session, 'records.delete', input.id);
  const stamp = new Date(now).toISOString();
  session.write((ctx) => {
    const result = ctx.db
      .prepare(
        `UPDATE payment_records SET deleted_at = ?, deleted_by = ?, deleted_reason = ?, version = version + 1, updated_at = ?, updated_by = ?
         WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(stamp, session.user.id, input.reason, stamp, session.user.id, input.id, input.version);
    if (result.changes !== 1) throw conflict(input.id);
    ctx.db.prepare('DELETE FROM payment_records_search WHERE rowid = ?').run(input.id);
    ctx.orm
      .insert(recordHistory)
      .values({
        recordId: input.id,
        version: input.version + 1,
        field: 'deleted',
        oldValue: null,
        newValue: input.reason,
        changedBy: session.user.id,
        changedAt: stamp,
      })
      .run();
    ctx.audit({
      action: 'records.delete',
      targetType: 'record',
      targetId: String(input.id),
      clientId: before.clientId,
      details: { reason: input.reason },
    });
  });
}
