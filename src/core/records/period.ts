/**
 * 会计期间 views: for one client and a date range, each payment account's 期初/期末 balance (when an
 * opening balance is entered), 收入/支出/净额 by month, 收支汇总 by counterparty and by 摘要, and the
 * records for the printed 流水明细表. Money stays in integer minor units throughout.
 *
 * Only 成功 records move money: a pending, closed or refunded payment is listed but not summed.
 * Counterparties and memos are grouped here in TypeScript, not with SQL GROUP BY, because they are
 * to be encrypted per client; amounts and dates are still summed in SQL.
 */
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clients, paymentAccounts, paymentRecords } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { maskAccountNumber } from '../../shared/masking';
import {
  periodQuery,
  type PeriodAccount,
  type PeriodQuery,
  type PeriodSummaryRow,
  type PeriodTotals,
  type PeriodView,
} from '../../shared/records/period-contract';
import { formatShanghai, shanghaiDayBounds } from '../../shared/time';
import type { VaultSession } from '../vault/session';
import { queryRecords, type RecordView } from './index';
import { requireClientKey } from './sealed-record';
import { clientNames } from '../access/client-names';
import { openAccount } from '../clients/accounts';

/** Net (in − out) of an account's 成功 records in [start, end). */
function netBetween(session: VaultSession, accountId: number, start: number, end: number): number {
  if (end <= start) return 0;
  const row = session.orm
    .select({
      net: sql<number>`coalesce(sum(CASE ${paymentRecords.direction} WHEN 'in' THEN ${paymentRecords.amountMinor} WHEN 'out' THEN -${paymentRecords.amountMinor} ELSE 0 END), 0)`,
    })
    .from(paymentRecords)
    .where(
      and(
        eq(paymentRecords.accountId, accountId),
        isNull(paymentRecords.deletedAt),
        eq(paymentRecords.status, 'succeeded'),
        gte(paymentRecords.occurredAt, start),
        lt(paymentRecords.occurredAt, end),
      ),
    )
    .get();
  return row?.net ?? 0;
}

function blank(currency: string): PeriodTotals {
  return { currency, inMinor: 0, outMinor: 0, netMinor: 0, count: 0 };
}

function add(t: PeriodTotals, r: RecordView): void {
  t.count += 1;
  if (r.status !== 'succeeded') return;
  if (r.direction === 'in') t.inMinor += r.amountMinor;
  if (r.direction === 'out') t.outMinor += r.amountMinor;
  t.netMinor = t.inMinor - t.outMinor;
}

/** Groups records by a key and currency, in the order of first appearance. */
function groupBy<K extends string | null>(records: RecordView[], keyOf: (r: RecordView) => K) {
  const groups = new Map<string, PeriodTotals & { key: K }>();
  for (const r of records) {
    const key = keyOf(r);
    const id = JSON.stringify([key, r.currency]);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, ...blank(r.currency) }));
    add(g, r);
  }
  return [...groups.values()];
}

/** Largest money movement first (in + out), then by name, so the big items lead the summary. */
function bySize(rows: PeriodSummaryRow[]): PeriodSummaryRow[] {
  return rows.sort(
    (a, b) =>
      b.inMinor + b.outMinor - (a.inMinor + a.outMinor) ||
      (a.key ?? '').localeCompare(b.key ?? '', 'zh-CN') ||
      a.currency.localeCompare(b.currency),
  );
}

const textKey = (v: string | null) => (v?.trim() ? v.trim() : null);

/** A client's period, authorized like a list of its records and audited once per view. */
export function periodView(session: VaultSession, query: PeriodQuery): PeriodView {
  const q = parseInput(periodQuery, query);
  authorize(session, 'records.list', q.clientId);
  const from = shanghaiDayBounds(q.from);
  const to = shanghaiDayBounds(q.to);
  if (!from || !to || to.end < from.start) throw inputError('record.date.invalid');
  requireClientKey(session, 'records.list', q.clientId);
  const client = session.orm.select({ id: clients.id }).from(clients).where(eq(clients.id, q.clientId)).get();
  if (!client) throw new LedgerVaultError('E_NOT_FOUND');
  const clientName = clientNames(session, [q.clientId]).get(q.clientId) ?? `#${q.clientId}`;

  const records: RecordView[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = queryRecords(session, {
      clientId: q.clientId,
      from: q.from,
      to: q.to,
      sort: 'occurredAt',
      order: 'asc',
      limit: 1000,
      offset,
    });
    records.push(...page.rows);
    if (page.rows.length < 1000) break;
  }

  const periodEnd = to.end + 1;
  const accounts: PeriodAccount[] = session.orm
    .select()
    .from(paymentAccounts)
    .where(eq(paymentAccounts.clientId, q.clientId))
    .orderBy(paymentAccounts.id)
    .all()
    .map((a) => {
      const own = records.filter((r) => r.accountId === a.id && r.status === 'succeeded');
      const sum = (dir: string) => own.filter((r) => r.direction === dir).reduce((t, r) => t + r.amountMinor, 0);
      const openedAt = a.openingBalanceDate ? shanghaiDayBounds(a.openingBalanceDate)?.start : undefined;
      const known = a.openingBalanceMinor !== null && openedAt !== undefined;
      // A balance exists from the opening date on: records before it are not part of it.
      const at = (instant: number) =>
        known && instant >= openedAt ? a.openingBalanceMinor! + netBetween(session, a.id, openedAt, instant) : null;
      return {
        accountId: a.id,
        kind: a.kind,
        institution: a.institution,
        accountNumber: maskAccountNumber(openAccount(session, a).accountNumber, a.kind),
        currency: a.currency,
        openingBalanceMinor: a.openingBalanceMinor,
        openingBalanceDate: a.openingBalanceDate,
        openingMinor: at(from.start),
        inMinor: sum('in'),
        outMinor: sum('out'),
        closingMinor: at(periodEnd),
      };
    });

  const view: PeriodView = {
    clientId: q.clientId,
    clientName,
    from: q.from,
    to: q.to,
    preparedBy: session.user.displayName || session.user.username,
    preparedAt: formatShanghai(Date.now()),
    accounts,
    months: groupBy(records, (r) => r.occurredAt.slice(0, 7))
      .map(({ key, ...t }) => ({ month: key, ...t }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
    byCounterparty: bySize(groupBy(records, (r) => textKey(r.counterparty))),
    byMemo: bySize(groupBy(records, (r) => textKey(r.memo))),
    totals: groupBy(records, () => null).map(({ key: _key, ...t }) => t),
    records,
  };
  session.write((ctx) =>
    ctx.audit({
      action: 'records.period',
      clientId: q.clientId,
      details: { from: q.from, to: q.to, rows: records.length },
    }),
  );
  return view;
}
