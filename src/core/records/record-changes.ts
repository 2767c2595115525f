import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { paymentRecords, recordHistory } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { parseAmount } from '../../shared/money';
import { parseOccurredAt, recordProblems, type Direction, type RecordStatus } from '../../shared/record-rules';
import type { VaultSession } from '../vault/session';
import { indexRecord } from './search-index';

export interface RecordPatch {
  occurredAt?: string;
  direction?: Direction;
  amount?: string;
  channel?: string | null;
  counterparty?: string;
  counterpartyAccount?: string | null;
  reference?: string | null;
  merchantOrderRef?: string | null;
  memo?: string | null;
  category?: string | null;
  status?: RecordStatus;
}

const SEARCHED: (keyof RecordPatch)[] = ['counterparty', 'memo', 'reference', 'merchantOrderRef'];

function current(session: VaultSession, id: number) {
  const row = session.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get();
  if (!row || row.deletedAt) throw inputError('record.notFound', { id });
  return row;
}

function conflict(id: number): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `record ${id} was changed by someone else`);
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
  const before = current(session, id);
  authorize(session, 'records.create', before.clientId);
  const next: Record<string, unknown> = {};
  if (
    patch.occurredAt !== undefined ||
    patch.direction !== undefined ||
    patch.amount !== undefined ||
    patch.counterparty !== undefined
  ) {
    const draft = {
      occurredAt: patch.occurredAt ?? new Date(before.occurredAt).toISOString(),
      direction: patch.direction ?? before.direction,
      amount: patch.amount ?? String(before.amountMinor / 100),
      currency: before.currency,
      counterparty: patch.counterparty ?? before.counterparty ?? '',
    };
    const problems = recordProblems(draft, now);
    if (problems.length > 0) throw inputError(problems[0]!.key, problems[0]!.params);
  }
  if (patch.occurredAt !== undefined) next.occurredAt = parseOccurredAt(patch.occurredAt)!;
  if (patch.amount !== undefined) {
    const parsed = parseAmount(patch.amount, before.currency);
    if (!parsed.ok) throw inputError('record.amount.format');
    next.amountMinor = parsed.minor;
  }
  for (const key of [
    'direction',
    'channel',
    'counterparty',
    'counterpartyAccount',
    'reference',
    'merchantOrderRef',
    'memo',
    'category',
    'status',
  ] as const) {
    if (patch[key] !== undefined) next[key] = patch[key];
  }
  const changed = Object.keys(next).filter(
    (k) => String(next[k] ?? '') !== String((before as Record<string, unknown>)[k] ?? ''),
  );
  if (changed.length === 0) return before.version;
  const stamp = new Date(now).toISOString();
  return session.write((ctx) => {
    const result = ctx.db
      .prepare(
        `UPDATE payment_records SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(stamp, session.user.id, id, expectedVersion);
    if (result.changes !== 1) throw conflict(id);
    const values = Object.fromEntries(changed.map((k) => [k, next[k]]));
    ctx.orm.update(paymentRecords).set(values).where(eq(paymentRecords.id, id)).run();
    for (const field of changed) {
      ctx.orm
        .insert(recordHistory)
        .values({
          recordId: id,
          version: expectedVersion + 1,
          field,
          oldValue:
            (before as Record<string, unknown>)[field] === null
              ? null
              : String((before as Record<string, unknown>)[field]),
          newValue: next[field] === null ? null : String(next[field]),
          changedBy: session.user.id,
          changedAt: stamp,
        })
        .run();
    }
    if (changed.some((f) => SEARCHED.includes(f as keyof RecordPatch))) {
      indexRecord(ctx.db, id, { ...before, ...values } as Parameters<typeof indexRecord>[2], true);
    }
    // Field names only: old and new values stay in the (encrypted) history, never in the log.
    ctx.audit({
      action: 'records.update',
      targetType: 'record',
      targetId: String(id),
      clientId: before.clientId,
      details: { fields: changed, version: expectedVersion + 1 },
    });
    return expectedVersion + 1;
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
  const before = current(session, id);
  authorize(session, 'records.create', before.clientId);
  if (reason.trim().length < 2) throw inputError('field.required');
  const stamp = new Date(now).toISOString();
  session.write((ctx) => {
    const result = ctx.db
      .prepare(
        `UPDATE payment_records SET deleted_at = ?, deleted_by = ?, deleted_reason = ?, version = version + 1, updated_at = ?, updated_by = ?
         WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(stamp, session.user.id, reason.trim(), stamp, session.user.id, id, expectedVersion);
    if (result.changes !== 1) throw conflict(id);
    ctx.db.prepare('DELETE FROM payment_records_search WHERE rowid = ?').run(id);
    ctx.orm
      .insert(recordHistory)
      .values({
        recordId: id,
        version: expectedVersion + 1,
        field: 'deleted',
        oldValue: null,
        newValue: reason.trim(),
        changedBy: session.user.id,
        changedAt: stamp,
      })
      .run();
    ctx.audit({
      action: 'records.delete',
      targetType: 'record',
      targetId: String(id),
      clientId: before.clientId,
      details: { reason: reason.trim() },
    });
  });
}
