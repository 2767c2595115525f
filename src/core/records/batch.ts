import { and, eq, inArray, sql } from 'drizzle-orm';
import { authorize, authorizeRole, decide } from '../access/authorize';
import type { Operation } from '../access/permissions';
import { clientNames } from '../access/client-names';
import { clients, paymentAccounts, paymentRecords } from '../db/schema';
import { LedgerVaultError, inputError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import {
  BATCH_MAX,
  batchDelete,
  batchMove,
  batchStatus,
  recordQuery,
  type BatchItem,
  type RecordIds,
  type RecordQuery,
} from '../../shared/records/contract';
import { reasonProblem } from '../../shared/records/rules';
import type { VaultSession, WriteContext } from '../vault/session';
import { auditedFilter, conditions } from './query-records';
import type { RecordRow } from './record-access';
import { dropRecordTokens } from './record-index';
import { rewriteSealed } from './rewrite-record';
import { insertHistory, openRecordText, requireClientKey } from './sealed-record';

/** SQLite's bound-parameter limit is far above this; chunks keep each IN list modest. */
const CHUNK = 500;

/**
 * Every record of a filter (ids and versions, in the table's order), for "select all within the
 * filter": authorized and audited as the list itself is, capped at BATCH_MAX.
 */
export function recordIdsOf(session: VaultSession, query: Omit<RecordQuery, 'limit' | 'offset'> = {}): RecordIds {
  const q = parseInput(recordQuery, query);
  const operation = q.text?.trim() ? 'records.search' : 'records.list';
  if (q.clientId !== undefined) authorize(session, operation, q.clientId);
  else authorize(session, 'client.list');
  const where = and(...conditions(session, q, operation));
  const order = q.order === 'asc' ? sql`ASC` : sql`DESC`;
  const sortColumn = q.sort === 'amount' ? paymentRecords.amountMinor : paymentRecords.occurredAt;
  const rows = session.orm
    .select({ id: paymentRecords.id, version: paymentRecords.version, clientId: paymentRecords.clientId })
    .from(paymentRecords)
    .where(where)
    .orderBy(sql`${sortColumn} ${order}`, sql`${paymentRecords.id} ${order}`)
    .limit(BATCH_MAX + 1)
    .all();
  const capped = rows.length > BATCH_MAX;
  const items = capped ? rows.slice(0, BATCH_MAX) : rows;
  const total = capped
    ? session.orm
        .select({ n: sql<number>`count(*)` })
        .from(paymentRecords)
        .where(where)
        .get()!.n
    : items.length;
  session.write((ctx) =>
    ctx.audit({
      action: operation,
      clientId: q.clientId ?? null,
      details: { filter: auditedFilter(q), selectAll: true, rows: items.length, total },
    }),
  );
  return { items, total, capped };
}

function conflict(ids: number[]): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `records ${ids.slice(0, 20).join(', ')} were changed by someone else`);
}

/**
 * The records a batch names, each authorized for `operation` on its own client, before anything
 * changes. As for one record (record-access.ts): the role first; a missing, deleted or
 * ungranted record is E_NOT_FOUND (no client named); a read-only grant on any involved client is
 * E_FORBIDDEN; a record changed since it was selected is E_CONFLICT. Any refusal refuses all.
 */
function authorizeBatch(session: VaultSession, operation: Operation, items: BatchItem[]): RecordRow[] {
  authorizeRole(session, operation, { targetType: 'record', targetId: items.map((i) => i.id).join(',') });
  const ids = [...new Set(items.map((i) => i.id))];
  const rows = new Map<number, RecordRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    for (const row of session.orm.select().from(paymentRecords).where(inArray(paymentRecords.id, part)).all())
      if (!row.deletedAt) rows.set(row.id, row);
  }
  const decisions = new Map<number, ReturnType<typeof decide>>();
  for (const row of rows.values())
    if (!decisions.has(row.clientId)) decisions.set(row.clientId, decide(session, operation, row.clientId));
  const unreachable = ids.filter((id) => {
    const row = rows.get(id);
    return !row || decisions.get(row.clientId)?.reason === 'no_grant';
  });
  if (unreachable.length > 0) {
    session.write((ctx) =>
      ctx.audit({
        action: operation,
        outcome: 'denied',
        clientId: null,
        targetType: 'record',
        details: { reason: 'not_found_or_no_grant', role: session.user.role, ids: unreachable },
      }),
    );
    throw new LedgerVaultError('E_NOT_FOUND', `No record ${unreachable[0]} that ${session.user.username} may reach.`, {
      messageKey: 'record.notFound',
      params: { id: unreachable[0]! },
    });
  }
  for (const [clientId, decision] of decisions) if (!decision.allowed) authorize(session, operation, clientId);
  // Allowed by the rules; each client's key must be here too (the history is sealed under it).
  for (const clientId of decisions.keys()) requireClientKey(session, operation, clientId);
  const stale = items.filter((i) => rows.get(i.id)!.version !== i.version).map((i) => i.id);
  if (stale.length > 0) throw conflict(stale);
  return ids.map((id) => rows.get(id)!);
}

type Change = { field: string; old: string | null; next: string | null };

/**
 * Applies one batch in one transaction: each record's guarded UPDATE (still at its version, not
 * deleted: otherwise the whole batch rolls back with E_CONFLICT), `after` for each (its sealed
 * parts), its history rows sealed under the record's client after the change, and ONE audit
 * event listing the ids.
 */
function applyBatch(
  session: VaultSession,
  rows: RecordRow[],
  now: number,
  set: { sql: string; params: unknown[] },
  changesOf: (row: RecordRow) => Change[],
  after: (ctx: WriteContext, row: RecordRow) => void,
  audit: { action: string; clientId: number | null; details: Record<string, unknown> },
  clientAfter: (row: RecordRow) => number = (row) => row.clientId,
): { count: number } {
  const stamp = new Date(now).toISOString();
  return session.write((ctx) => {
    const update = ctx.db.prepare(
      `UPDATE payment_records SET ${set.sql}, version = version + 1, updated_at = ?, updated_by = ?
       WHERE id = ? AND version = ? AND deleted_at IS NULL`,
    );
    const stale: number[] = [];
    for (const row of rows) {
      if (update.run(...set.params, stamp, session.user.id, row.id, row.version).changes !== 1) stale.push(row.id);
    }
    if (stale.length > 0) throw conflict(stale);
    // `after` first: a move re-seals the existing history before the new rows join it.
    for (const row of rows) after(ctx, row);
    insertHistory(
      session,
      ctx,
      rows.flatMap((row) =>
        changesOf(row).map((c) => ({
          recordId: row.id,
          clientId: clientAfter(row),
          version: row.version + 1,
          field: c.field,
          old: c.old,
          next: c.next,
          changedBy: session.user.id,
          changedAt: stamp,
        })),
      ),
    );
    const ids = rows.map((r) => r.id);
    ctx.audit({
      ...audit,
      targetType: 'record',
      targetId: null,
      details: { ...audit.details, ids, count: ids.length },
    });
    return { count: ids.length };
  });
}

/** The one client all rows share, for the audit event's client column; null when several. */
function sharedClient(rows: RecordRow[]): number | null {
  const first = rows[0]?.clientId ?? null;
  return rows.every((r) => r.clientId === first) ? first : null;
}

/** Soft-deletes many records with one reason, as deleteRecord does for one. */
export function batchDeleteRecords(
  session: VaultSession,
  input: { items: BatchItem[]; reason: string },
  now = Date.now(),
): { count: number } {
  if (typeof input?.reason === 'string') refuseProblem(reasonProblem(input.reason));
  const q = parseInput(batchDelete, input);
  const rows = authorizeBatch(session, 'records.delete', q.items);
  const stamp = new Date(now).toISOString();
  return applyBatch(
    session,
    rows,
    now,
    { sql: 'deleted_at = ?, deleted_by = ?, deleted_reason = ?', params: [stamp, session.user.id, q.reason] },
    () => [{ field: 'deleted', old: null, next: q.reason }],
    (ctx, row) => dropRecordTokens(ctx.db, row.id),
    {
      action: 'records.batchDelete',
      clientId: sharedClient(rows),
      details: { reason: q.reason, clientIds: [...new Set(rows.map((r) => r.clientId))] },
    },
  );
}

/** Sets the status of many records (成功/已退款/已关闭/处理中); unchanged ones get no history row. */
export function batchStatusRecords(
  session: VaultSession,
  input: { items: BatchItem[]; status: RecordRow['status'] },
  now = Date.now(),
): { count: number } {
  const q = parseInput(batchStatus, input);
  const rows = authorizeBatch(session, 'records.update', q.items);
  return applyBatch(
    session,
    rows,
    now,
    { sql: 'status = ?', params: [q.status] },
    (row) => (row.status === q.status ? [] : [{ field: 'status', old: row.status, next: q.status }]),
    () => undefined,
    {
      action: 'records.batchStatus',
      clientId: sharedClient(rows),
      details: { status: q.status, clientIds: [...new Set(rows.map((r) => r.clientId))] },
    },
  );
}

/**
 * Moves many records to another client (the wrong client chosen at entry): records.update on
 * every source client and on the destination. A payment account belongs to its client, so a
 * moved record loses its account link (in its history). The search terms are written again
 * under the record's new client, so a search within that client finds it.
 */
export function batchMoveRecords(
  session: VaultSession,
  input: { items: BatchItem[]; toClientId: number },
  now = Date.now(),
): { count: number } {
  const q = parseInput(batchMove, input);
  const rows = authorizeBatch(session, 'records.update', q.items);
  const target = session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, q.toClientId)).get();
  if (!target || decide(session, 'records.update', q.toClientId).reason === 'no_grant') {
    session.write((ctx) =>
      ctx.audit({
        action: 'records.update',
        outcome: 'denied',
        clientId: null,
        targetType: 'client',
        targetId: String(q.toClientId),
        details: { reason: 'not_found_or_no_grant', role: session.user.role },
      }),
    );
    throw new LedgerVaultError('E_NOT_FOUND', `No client ${q.toClientId} that ${session.user.username} may reach.`);
  }
  authorize(session, 'records.update', q.toClientId);
  // Moved records are re-sealed under the target's key: the session must hold it (and the sources', checked above).
  requireClientKey(session, 'records.update', q.toClientId);
  // An archived client's books are closed (as addRecord says): nothing moves in.
  const status = session.orm.select({ status: clients.status }).from(clients).where(eq(clients.id, q.toClientId)).get();
  if (status?.status === 'archived')
    throw inputError('client.archived', { name: clientNames(session, [q.toClientId]).get(q.toClientId) ?? '' });
  const ownAccounts = new Set(
    session.orm
      .select({ id: paymentAccounts.id })
      .from(paymentAccounts)
      .where(eq(paymentAccounts.clientId, q.toClientId))
      .all()
      .map((a) => a.id),
  );
  const keepsAccount = (row: RecordRow) => row.accountId === null || ownAccounts.has(row.accountId);
  const moving = rows.filter((r) => r.clientId !== q.toClientId);
  const fromClientIds = [...new Set(moving.map((r) => r.clientId))];
  return applyBatch(
    session,
    rows,
    now,
    {
      // Only the account ids of other clients are cleared; the list is small (one client's accounts).
      sql: `client_id = ?, account_id = CASE WHEN account_id IN (${[...ownAccounts].join(',') || 'NULL'}) THEN account_id ELSE NULL END`,
      params: [q.toClientId],
    },
    (row) => {
      if (row.clientId === q.toClientId) return [];
      const changes: Change[] = [{ field: 'clientId', old: String(row.clientId), next: String(q.toClientId) }];
      if (!keepsAccount(row)) changes.push({ field: 'accountId', old: String(row.accountId), next: null });
      return changes;
    },
    (ctx, row) => {
      if (row.clientId === q.toClientId) return;
      // Everything sealed under the old client's key moves to the new one's, with the new AD.
      const text = openRecordText(session, row);
      rewriteSealed(session, ctx, row, {
        toClientId: q.toClientId,
        text,
        duplicateKey: {
          accountId: keepsAccount(row) ? row.accountId : null,
          reference: text.reference,
          occurredAtMs: row.occurredAt,
          amountMinor: row.amountMinor,
          counterparty: text.counterparty,
        },
        reindex: true,
      });
    },
    {
      action: 'records.batchMove',
      clientId: q.toClientId,
      details: { fromClientIds, toClientId: q.toClientId },
    },
    () => q.toClientId,
  );
}
