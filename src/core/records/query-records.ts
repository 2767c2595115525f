import { and, eq, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { ROLE_MATRIX, type Operation } from '../access/permissions';
import { clientGrants, paymentRecords } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import { parseAmount } from '../../shared/money';
import { recordQuery, type RecordQuery } from '../../shared/records/contract';
import { parseOccurredAt } from '../../shared/records/rules';
import type { VaultSession } from '../vault/session';
import { inIds, searchRecordIds } from './keyed-search';
import { baseSelect, toViews } from './record-view';
import { requireClientKey } from './sealed-record';
import type { RecordPage } from '../../shared/contract';

export type { RecordQuery };

/** Client ids this user's records operations reach: null means every client (managers). */
export function visibleClientIds(session: VaultSession): number[] | null {
  if (ROLE_MATRIX[session.user.role].clientScope === 'all') return null;
  return session.orm
    .select({ id: clientGrants.clientId })
    .from(clientGrants)
    .where(eq(clientGrants.userId, session.user.id))
    .all()
    .map((g) => g.id);
}

/**
 * The clients whose records this session can read: those the rules allow (visibleClientIds) AND
 * whose key it holds. A client without its key shows nowhere, whatever the rules say.
 */
export function readableClientIds(session: VaultSession): number[] {
  const visible = visibleClientIds(session);
  const held = session.keyRing.clientIds();
  return visible === null ? held : visible.filter((id) => session.keyRing.has(id));
}

/** A filter as the audit log keeps it: the search text is what someone looked for, so only its length. */
export function auditedFilter(q: RecordQuery): Record<string, unknown> {
  const { text, ...rest } = q;
  return text?.trim() ? { ...rest, textLength: [...text.trim()].length } : rest;
}

function amountFilter(text: string | undefined, currency = 'CNY'): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseAmount(text, currency);
  if (!parsed.ok) throw inputError('record.amount.format');
  return parsed.minor;
}

/**
 * The WHERE of a records filter. A named client must be one whose key the session holds
 * (E_FORBIDDEN 'client.noKey', audited as `operation`, when the rules allowed it but the key is
 * missing); without one, only readable clients. A search text becomes the exact ids it matches
 * (keyed-search.ts), so pages, counts and totals stay SQL.
 */
export function conditions(session: VaultSession, q: RecordQuery, operation: Operation = 'records.list'): SQL[] {
  const where: SQL[] = [sql`${paymentRecords.deletedAt} IS NULL`];
  let scope: number[];
  if (q.clientId !== undefined) {
    requireClientKey(session, operation, q.clientId);
    scope = [q.clientId];
    where.push(eq(paymentRecords.clientId, q.clientId));
  } else {
    scope = readableClientIds(session);
    where.push(scope.length > 0 ? inIds(paymentRecords.clientId, scope) : sql`0`);
  }
  if (q.from) {
    const ms = parseOccurredAt(q.from);
    if (ms === null) throw inputError('record.date.invalid');
    where.push(sql`${paymentRecords.occurredAt} >= ${ms}`);
  }
  if (q.to) {
    const ms = parseOccurredAt(q.to);
    if (ms === null) throw inputError('record.date.invalid');
    // A date alone means "through the end of that day".
    where.push(
      sql`${paymentRecords.occurredAt} < ${/^\d{4}-\d{2}-\d{2}$/.test(q.to.trim()) ? ms + 86_400_000 : ms + 1}`,
    );
  }
  if (q.direction) where.push(eq(paymentRecords.direction, q.direction));
  const min = amountFilter(q.minAmount);
  const max = amountFilter(q.maxAmount);
  if (min !== undefined) where.push(sql`${paymentRecords.amountMinor} >= ${min}`);
  if (max !== undefined) where.push(sql`${paymentRecords.amountMinor} <= ${max}`);
  if (q.accountId !== undefined) where.push(eq(paymentRecords.accountId, q.accountId));
  if (q.channel) where.push(eq(paymentRecords.channel, q.channel));
  if (q.status) where.push(eq(paymentRecords.status, q.status));
  if (q.text?.trim()) {
    const ids = searchRecordIds(session, scope, q.text, where);
    if (ids !== null) where.push(inIds(paymentRecords.id, ids));
  }
  return where;
}

/**
 * A page of records for a filter, with the count and the in/out totals of the whole filter.
 * Scoped to the clients this user may see; every list or search is audited with its filter and
 * row count.
 */
export function listRecords(session: VaultSession, query: RecordQuery = {}): RecordPage {
  const q = parseInput(recordQuery, query);
  const operation = q.text?.trim() ? 'records.search' : 'records.list';
  if (q.clientId !== undefined) authorize(session, operation, q.clientId);
  else authorize(session, 'client.list');
  const page = queryRecords(session, q, operation);
  // Identical repeats (paging back, refreshing) are counted, not written again: see audit/collapse.ts.
  auditRepeatable(session, {
    action: operation,
    clientId: q.clientId ?? null,
    identity: q,
    details: { filter: auditedFilter(q), rows: page.rows.length, total: page.total },
  });
  return page;
}

/**
 * The query behind listRecords, for callers that authorize and audit for themselves; the filter
 * is held to the contract's limits all the same (a page is at most 1,000 rows).
 */
export function queryRecords(
  session: VaultSession,
  query: RecordQuery,
  operation: Operation = query.text?.trim() ? 'records.search' : 'records.list',
): RecordPage {
  const q = parseInput(recordQuery, query);
  const where = and(...conditions(session, q, operation));
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  const order = q.order === 'asc' ? sql`ASC` : sql`DESC`;
  const sortColumn = q.sort === 'amount' ? paymentRecords.amountMinor : paymentRecords.occurredAt;
  const rows = toViews(
    session,
    baseSelect(session)
      .where(where)
      .orderBy(sql`${sortColumn} ${order}`, sql`${paymentRecords.id} ${order}`)
      .limit(limit)
      .offset(Math.max(q.offset ?? 0, 0))
      .all(),
  );
  const agg = session.orm
    .select({
      total: sql<number>`count(*)`,
      inMinor: sql<number>`coalesce(sum(CASE WHEN ${paymentRecords.direction} = 'in' THEN ${paymentRecords.amountMinor} END), 0)`,
      outMinor: sql<number>`coalesce(sum(CASE WHEN ${paymentRecords.direction} = 'out' THEN ${paymentRecords.amountMinor} END), 0)`,
    })
    .from(paymentRecords)
    .where(where)
    .get()!;
  return { rows, total: agg.total, totals: { inMinor: agg.inMinor, outMinor: agg.outMinor } };
}
