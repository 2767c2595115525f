import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { ROLE_MATRIX } from '../access/permissions';
import { clientGrants, clients, paymentAccounts, paymentRecords, recordHistory, users } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { maskAccountNumber, type AccountKind } from '../../shared/masking';
import { inputMessage } from '../../shared/messages';
import { parseAmount } from '../../shared/money';
import { parseOccurredAt, recordProblems, type Direction, type RecordStatus } from '../../shared/record-rules';
import type { VaultSession, WriteContext } from '../vault/session';
import { indexRecord, searchQuery } from './search-index';
import type { RecordPage, RecordView } from '../../shared/ipc-contract';

export interface NewRecord {
  clientId: number;
  accountId?: number;
  occurredAt: string;
  direction: Direction;
  amount: string;
  currency?: string;
  channel?: string;
  counterparty: string;
  counterpartyAccount?: string;
  reference?: string;
  merchantOrderRef?: string;
  memo?: string;
  category?: string;
  status?: RecordStatus;
  source?: string;
  /** The user saw the duplicate warning and wants the record anyway. */
  allowDuplicate?: boolean;
}

export type { RecordView, RecordPage };

export interface RecordQuery {
  clientId?: number;
  from?: string;
  to?: string;
  direction?: Direction;
  minAmount?: string;
  maxAmount?: string;
  accountId?: number;
  channel?: string;
  status?: RecordStatus;
  text?: string;
  sort?: 'occurredAt' | 'amount';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

const SHANGHAI = 8 * 3600_000;

function isoShanghai(ms: number): string {
  return `${new Date(ms + SHANGHAI).toISOString().slice(0, 19)}+08:00`;
}

function fail(problem: { key: Parameters<typeof inputError>[0]; params?: Record<string, string | number> }): never {
  throw inputError(problem.key, problem.params);
}

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

function duplicatesOf(
  ctx: WriteContext | VaultSession,
  input: NewRecord,
  occurredAt: number,
  amountMinor: number,
): { key: 'record.duplicate.reference' | 'record.duplicate.same'; ids: number[] } | null {
  const orm = ctx.orm;
  if (input.reference) {
    const same = orm
      .select({ id: paymentRecords.id })
      .from(paymentRecords)
      .where(
        and(
          eq(paymentRecords.clientId, input.clientId),
          input.accountId ? eq(paymentRecords.accountId, input.accountId) : sql`${paymentRecords.accountId} IS NULL`,
          eq(paymentRecords.reference, input.reference),
          sql`${paymentRecords.deletedAt} IS NULL`,
        ),
      )
      .all();
    if (same.length > 0) return { key: 'record.duplicate.reference', ids: same.map((r) => r.id) };
  }
  const same = orm
    .select({ id: paymentRecords.id })
    .from(paymentRecords)
    .where(
      and(
        eq(paymentRecords.clientId, input.clientId),
        eq(paymentRecords.occurredAt, occurredAt),
        eq(paymentRecords.amountMinor, amountMinor),
        eq(paymentRecords.counterparty, input.counterparty.trim()),
        sql`${paymentRecords.deletedAt} IS NULL`,
      ),
    )
    .all();
  return same.length > 0 ? { key: 'record.duplicate.same', ids: same.map((r) => r.id) } : null;
}

/** Adds one payment record (entry form, CLI). Validated, duplicate-checked, audited, indexed. */
export function addRecord(session: VaultSession, input: NewRecord, now = Date.now()): RecordView {
  authorize(session, 'records.create', input.clientId);
  const problems = recordProblems(input, now);
  if (problems.length > 0) fail(problems[0]!);
  const currency = input.currency ?? 'CNY';
  const amount = parseAmount(input.amount, currency);
  const occurredAt = parseOccurredAt(input.occurredAt)!;
  if (!amount.ok) throw new Error('unreachable');
  if (input.accountId) {
    const account = session.orm.select().from(paymentAccounts).where(eq(paymentAccounts.id, input.accountId)).get();
    if (!account || account.clientId !== input.clientId) throw inputError('record.account');
  }
  const stamp = new Date(now).toISOString();
  const id = session.write((ctx) => {
    const dup = duplicatesOf(ctx, input, occurredAt, amount.minor);
    if (dup && !input.allowDuplicate) {
      const params = { ids: dup.ids.slice(0, 5).join(', ') };
      throw new LedgerVaultError('E_CONFLICT', inputMessage(dup.key, 'en', params), { messageKey: dup.key, params });
    }
    const row = ctx.orm
      .insert(paymentRecords)
      .values({
        clientId: input.clientId,
        accountId: input.accountId ?? null,
        occurredAt,
        direction: input.direction,
        amountMinor: amount.minor,
        currency,
        channel: input.channel ?? null,
        counterparty: input.counterparty.trim(),
        counterpartyAccount: input.counterpartyAccount?.trim() || null,
        reference: input.reference?.trim() || null,
        merchantOrderRef: input.merchantOrderRef?.trim() || null,
        memo: input.memo ?? null,
        category: input.category ?? null,
        status: input.status ?? 'succeeded',
        source: input.source ?? 'manual',
        createdAt: stamp,
        createdBy: session.user.id,
        updatedAt: stamp,
        updatedBy: session.user.id,
      })
      .returning({ id: paymentRecords.id })
      .get();
    indexRecord(ctx.db, row.id, input);
    ctx.audit({
      action: 'records.create',
      targetType: 'record',
      targetId: String(row.id),
      clientId: input.clientId,
      details: {
        amountMinor: amount.minor,
        currency,
        direction: input.direction,
        duplicateConfirmed: dup ? true : undefined,
      },
    });
    return row.id;
  });
  return getRecords(session, [id])[0]!;
}

function toView(
  r: typeof paymentRecords.$inferSelect & { clientName: string; accountKind: AccountKind | null },
  reveal: boolean,
): RecordView {
  return {
    id: r.id,
    clientId: r.clientId,
    clientName: r.clientName,
    accountId: r.accountId,
    occurredAt: isoShanghai(r.occurredAt),
    direction: r.direction,
    amountMinor: r.amountMinor,
    currency: r.currency,
    channel: r.channel,
    counterparty: r.counterparty,
    counterpartyAccount: reveal ? r.counterpartyAccount : maskAccountNumber(r.counterpartyAccount, 'other'),
    reference: r.reference,
    merchantOrderRef: r.merchantOrderRef,
    memo: r.memo,
    category: r.category,
    status: r.status,
    source: r.source,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function baseSelect(session: VaultSession) {
  return session.orm
    .select({ record: paymentRecords, clientName: clients.name, accountKind: paymentAccounts.kind })
    .from(paymentRecords)
    .innerJoin(clients, eq(clients.id, paymentRecords.clientId))
    .leftJoin(paymentAccounts, eq(paymentAccounts.id, paymentRecords.accountId));
}

/**
 * Full counterparty accounts of several records at once (a list or export shown unmasked): the
 * permission is checked for each client they belong to, and one audit event records the reason
 * and how many.
 */
export function revealAccounts(
  session: VaultSession,
  records: { id: number; clientId: number }[],
  reason: string,
  via: string,
): Map<number, string | null> {
  const clientsReached = [...new Set(records.map((r) => r.clientId))];
  for (const clientId of clientsReached) authorize(session, 'records.reveal', clientId);
  if (reason.trim().length < 4) throw inputError('reveal.reason');
  const full = fullAccounts(
    session,
    records.map((r) => r.id),
  );
  session.write((ctx) =>
    ctx.audit({
      action: 'records.reveal',
      clientId: clientsReached.length === 1 ? clientsReached[0]! : null,
      details: { reason: reason.trim(), field: 'counterpartyAccount', rows: records.length, via },
    }),
  );
  return full;
}

/** Full counterparty accounts of the given records; callers authorize and audit. */
function fullAccounts(session: VaultSession, ids: number[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of session.orm
      .select({ id: paymentRecords.id, acct: paymentRecords.counterpartyAccount })
      .from(paymentRecords)
      .where(inArray(paymentRecords.id, chunk))
      .all()) {
      out.set(r.id, r.acct);
    }
  }
  return out;
}

function getRecords(session: VaultSession, ids: number[], reveal = false): RecordView[] {
  return baseSelect(session)
    .where(inArray(paymentRecords.id, ids))
    .all()
    .map((r) => toView({ ...r.record, clientName: r.clientName, accountKind: r.accountKind }, reveal));
}

function amountFilter(text: string | undefined, currency = 'CNY'): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseAmount(text, currency);
  if (!parsed.ok) throw inputError('record.amount.format');
  return parsed.minor;
}

function conditions(session: VaultSession, q: RecordQuery): SQL[] {
  const where: SQL[] = [sql`${paymentRecords.deletedAt} IS NULL`];
  if (q.clientId !== undefined) where.push(eq(paymentRecords.clientId, q.clientId));
  else {
    const visible = visibleClientIds(session);
    if (visible !== null) where.push(visible.length > 0 ? inArray(paymentRecords.clientId, visible) : sql`0`);
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
    const match = searchQuery(q.text);
    if (match)
      where.push(
        sql`${paymentRecords.id} IN (SELECT rowid FROM payment_records_search WHERE payment_records_search MATCH ${match})`,
      );
  }
  return where;
}

/**
 * A page of records for a filter, with the count and the in/out totals of the whole filter.
 * Scoped to the clients this user may see; every list or search is audited with its filter and
 * row count.
 */
export function listRecords(session: VaultSession, q: RecordQuery = {}): RecordPage {
  const operation = q.text?.trim() ? 'records.search' : 'records.list';
  if (q.clientId !== undefined) authorize(session, operation, q.clientId);
  else authorize(session, 'client.list');
  const page = queryRecords(session, q);
  session.write((ctx) =>
    ctx.audit({
      action: operation,
      clientId: q.clientId ?? null,
      details: { filter: { ...q }, rows: page.rows.length, total: page.total },
    }),
  );
  return page;
}

/** The query behind listRecords, for callers that authorize and audit for themselves. */
export function queryRecords(session: VaultSession, q: RecordQuery): RecordPage {
  const where = and(...conditions(session, q));
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  const order = q.order === 'asc' ? sql`ASC` : sql`DESC`;
  const sortColumn = q.sort === 'amount' ? paymentRecords.amountMinor : paymentRecords.occurredAt;
  const rows = baseSelect(session)
    .where(where)
    .orderBy(sql`${sortColumn} ${order}`, sql`${paymentRecords.id} ${order}`)
    .limit(limit)
    .offset(Math.max(q.offset ?? 0, 0))
    .all()
    .map((r) => toView({ ...r.record, clientName: r.clientName, accountKind: r.accountKind }, false));
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

/** The full counterparty account of one record, for a stated reason; audited with the reason. */
export function revealRecord(
  session: VaultSession,
  id: number,
  reason: string,
): { id: number; counterpartyAccount: string | null } {
  const record = session.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get();
  if (!record) throw inputError('record.notFound', { id });
  authorize(session, 'records.reveal', record.clientId);
  if (reason.trim().length < 4) throw inputError('reveal.reason');
  session.write((ctx) =>
    ctx.audit({
      action: 'records.reveal',
      targetType: 'record',
      targetId: String(id),
      clientId: record.clientId,
      details: { reason: reason.trim(), field: 'counterpartyAccount' },
    }),
  );
  return { id, counterpartyAccount: record.counterpartyAccount };
}

/** Who changed which field of a record, from what to what (account numbers masked). */
export function recordHistoryOf(session: VaultSession, id: number) {
  const record = session.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get();
  if (!record) throw inputError('record.notFound', { id });
  authorize(session, 'records.list', record.clientId);
  const names = new Map(
    session.orm
      .select({ id: users.id, username: users.username })
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  return session.orm
    .select()
    .from(recordHistory)
    .where(eq(recordHistory.recordId, id))
    .orderBy(recordHistory.id)
    .all()
    .map((h) => ({
      ...h,
      // People read a user name, not an id.
      changedBy: names.get(h.changedBy) ?? h.changedBy,
      ...(h.field === 'counterpartyAccount'
        ? { oldValue: maskAccountNumber(h.oldValue), newValue: maskAccountNumber(h.newValue) }
        : {}),
    }));
}
