/**
 * The records an incident touched of one client, picked by columns that are not sealed (the
 * payment account and the time), so the count needs no decryption and the filter itself may be
 * stored as plain JSON. Deleted records are not counted: they were not there to be exposed.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { paymentAccounts } from '../db/schema';
import { inputError } from '../errors';
import type { VaultSession } from '../vault/session';
import type { RecordFilter } from '../../shared/incidents/contract';
import { shanghaiDayBounds } from '../../shared/time';

/** E_INPUT for an account of another client or a reversed range; the filter as stored. */
export function checkFilter(session: VaultSession, clientId: number, filter: RecordFilter): RecordFilter {
  const accountIds = [...new Set(filter.accountIds)].sort((a, b) => a - b);
  if (accountIds.length > 0) {
    const mine = new Set(
      session.orm
        .select({ id: paymentAccounts.id })
        .from(paymentAccounts)
        .where(and(eq(paymentAccounts.clientId, clientId), inArray(paymentAccounts.id, accountIds)))
        .all()
        .map((a) => a.id),
    );
    const stranger = accountIds.find((id) => !mine.has(id));
    if (stranger !== undefined) throw inputError('incidents.accountNotOfClient', { accountId: stranger, clientId });
  }
  if (filter.from && filter.to && filter.from > filter.to)
    throw inputError('incidents.rangeReversed', { from: filter.from, to: filter.to });
  return { accountIds, from: filter.from, to: filter.to };
}

/** Non-deleted records of the client the filter matches (all of them for an empty filter). */
export function countMatching(session: VaultSession, clientId: number, filter: RecordFilter): number {
  const where = ['client_id = ?', 'deleted_at IS NULL'];
  const params: number[] = [clientId];
  if (filter.accountIds.length > 0) {
    where.push(`account_id IN (${filter.accountIds.map(() => '?').join(', ')})`);
    params.push(...filter.accountIds);
  }
  const from = filter.from ? shanghaiDayBounds(filter.from) : null;
  const to = filter.to ? shanghaiDayBounds(filter.to) : null;
  if (from) {
    where.push('occurred_at >= ?');
    params.push(from.start);
  }
  if (to) {
    where.push('occurred_at <= ?');
    params.push(to.end);
  }
  const row = session.db
    .prepare(`SELECT count(*) AS n FROM payment_records WHERE ${where.join(' AND ')}`)
    .get(...params) as { n: number };
  return row.n;
}

export function parseFilter(json: string): RecordFilter {
  const f = JSON.parse(json) as Partial<RecordFilter>;
  return { accountIds: f.accountIds ?? [], from: f.from ?? null, to: f.to ?? null };
}
