import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { clients, paymentRecords } from '../db/schema';
import { inputError, LedgerVaultError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import { recordDelete, recordUpdate, type RecordPatch } from '../../shared/records/contract';
import { checkAmount, checkOccurredAt, counterpartyProblem, reasonProblem } from '../../shared/records/rules';
import type { VaultSession } from '../vault/session';
import { authorizeRecord, type RecordRow } from './record-access';
import { dropRecordTokens } from './record-index';
import { rewriteSealed } from './rewrite-record';
import { insertHistory, openRecordText, requireClientKey, SEALED_FIELDS, type RecordText } from './sealed-record';
import { recordLimits } from './validate-record';

export type { RecordPatch };

/** Columns a patch may set, in the order their changes are listed in the history. */
type Column =
  | 'clientId'
  | 'accountId'
  | 'occurredAt'
  | 'hasTime'
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
/** A record with its sealed text opened: what a patch is compared with. */
type Plain = RecordRow & RecordText;

const OPTIONAL_TEXT = ['channel', 'counterpartyAccount', 'reference', 'merchantOrderRef', 'memo', 'category'] as const;
const SEARCHED: Column[] = ['counterparty', 'memo', 'reference', 'merchantOrderRef'];
/** What the sealed fields, their associated data or the duplicate hashes depend on. */
const SEALS: Column[] = [...SEALED_FIELDS.map((f) => f.key), 'clientId', 'accountId', 'occurredAt', 'amountMinor'];
/** Follows the date in the row; the history shows the date as typed, so no entry of its own. */
const UNLISTED: Column[] = ['hasTime'];

function conflict(id: number): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `record ${id} was changed by someone else`);
}

/**
 * The columns a patch sets, each checked by the record rules. Only what the patch names is
 * checked and read: the amount stays the stored integer unless a new one is typed (never a
 * float round trip, which broke a JPY record), and an old record's date may stay as it is.
 */
function valuesOf(patch: RecordPatch, before: Plain, limits: { now: number; floor: string }): Values {
  const next: Values = {};
  if (patch.occurredAt !== undefined) {
    const at = checkOccurredAt(patch.occurredAt, limits.now, limits.floor);
    if (!at.ok) refuseProblem(at.problem);
    else {
      next.occurredAt = at.value.at;
      next.hasTime = at.value.hasTime;
    }
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
 * Moving a record to another client (one entered under the wrong client): the user must be
 * allowed to change records of the new client as well as the old one (a read-only grant on either
 * refuses it, audited), the client must exist, and the payment account, which belonged to the
 * old client, is cleared.
 */
function moveValues(session: VaultSession, patch: RecordPatch, before: RecordRow): Values {
  if (patch.clientId === undefined || patch.clientId === before.clientId) return {};
  authorize(session, 'records.update', patch.clientId);
  // Looked up only once the user may write for it (a manager reaches every id), as addRecord does.
  const target = session.orm
    .select({ status: clients.status })
    .from(clients)
    .where(eq(clients.id, patch.clientId))
    .get();
  if (!target) throw inputError('client.notFound', { id: patch.clientId });
  // Its fields are re-sealed under the new client's key: the session must hold it.
  requireClientKey(session, 'records.update', patch.clientId);
  // An archived client's books are closed (as addRecord says): no record moves in.
  if (target.status === 'archived')
    throw inputError('client.archived', { name: clientNames(session, [patch.clientId]).get(patch.clientId) ?? '' });
  return { clientId: patch.clientId, ...(before.accountId !== null ? { accountId: null } : {}) };
}

/**
 * Changes fields of a record if it is still at `expectedVersion` (optimistic concurrency:
 * otherwise E_CONFLICT and nothing changes). Every changed field goes to the record's history;
 * a new client is recorded there as its id (recordHistoryOf shows the name), and the search index
 * and duplicate checks, which key on the row, follow the record to its new client.
 */
export function updateRecord(
  session: VaultSession,
  id: number,
  expectedVersion: number,
  patch: RecordPatch,
  now = Date.now(),
): number {
  const input = parseInput(recordUpdate, { id, version: expectedVersion, patch });
  const row = authorizeRecord(session, 'records.update', input.id);
  const before: Plain = { ...row, ...openRecordText(session, row) };
  const next = {
    ...moveValues(session, input.patch, before),
    ...valuesOf(input.patch, before, recordLimits(session, now)),
  };
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
    const plain = Object.fromEntries(
      Object.entries(values).filter(([k]) => !SEALED_FIELDS.some((f) => f.key === k)),
    ) as Values;
    if (Object.keys(plain).length > 0)
      ctx.orm.update(paymentRecords).set(plain).where(eq(paymentRecords.id, input.id)).run();
    const after: Plain = { ...before, ...values };
    // Sealed text, duplicate hashes and tokens follow the change (and the record's new client).
    if (changed.some((f) => SEALS.includes(f)))
      rewriteSealed(session, ctx, row, {
        toClientId: after.clientId,
        text: after,
        duplicateKey: { ...after, occurredAtMs: after.occurredAt },
        reindex: changed.some((f) => SEARCHED.includes(f)),
      });
    insertHistory(
      session,
      ctx,
      changed
        .filter((f) => !UNLISTED.includes(f))
        .map((field) => ({
          recordId: input.id,
          clientId: after.clientId,
          version,
          field,
          old: text(before[field]),
          next: text(values[field]),
          changedBy: session.user.id,
          changedAt: stamp,
        })),
    );
    // Field names only: old and new values stay in the (encrypted) history, never in the log.
    ctx.audit({
      action: 'records.update',
      targetType: 'record',
      targetId: String(input.id),
      clientId: before.clientId,
      details: {
        fields: changed.filter((f) => !UNLISTED.includes(f)),
        version,
        ...(values.clientId !== undefined ? { fromClientId: before.clientId, toClientId: values.clientId } : {}),
      },
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
    dropRecordTokens(ctx.db, input.id);
    insertHistory(session, ctx, [
      {
        recordId: input.id,
        clientId: before.clientId,
        version: input.version + 1,
        field: 'deleted',
        old: null,
        next: input.reason,
        changedBy: session.user.id,
        changedAt: stamp,
      },
    ]);
    ctx.audit({
      action: 'records.delete',
      targetType: 'record',
      targetId: String(input.id),
      clientId: before.clientId,
      details: { reason: input.reason },
    });
  });
}
