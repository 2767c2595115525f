/**
 * Which deleted records may be purged at a given moment: a record's kind is its account's
 * (account_retention, default bank statement), its period that kind's, and it may go from the
 * first day after its period (src/shared/retention/rules.ts). Reads plain columns only (client,
 * account, date, deletion mark): nothing sealed is opened.
 */
import type { VaultSession } from '../vault/session';
import { shanghaiDate } from '../../shared/time';
import { kindOf, purgeableFrom, type RetentionKind } from '../../shared/retention/rules';
import { readPeriods } from './periods';

export interface DeletedRecord {
  id: number;
  clientId: number;
  /** Beijing day of the record. */
  date: string;
  kind: RetentionKind;
  purgeableFrom: string;
  eligible: boolean;
}

type Row = { id: number; clientId: number; occurredAt: number; kind: string | null };

/** The deleted records of one client (or of all), judged at `now`, oldest first. */
export function deletedRecords(session: VaultSession, now: Date, clientId?: number): DeletedRecord[] {
  const periods = readPeriods(session);
  const today = shanghaiDate(now);
  const rows = session.db
    .prepare(
      `SELECT r.id AS id, r.client_id AS clientId, r.occurred_at AS occurredAt, k.kind AS kind
         FROM payment_records r LEFT JOIN account_retention k ON k.account_id = r.account_id
        WHERE r.deleted_at IS NOT NULL ${clientId === undefined ? '' : 'AND r.client_id = ?'}
        ORDER BY r.occurred_at, r.id`,
    )
    .all(...(clientId === undefined ? [] : [clientId])) as Row[];
  return rows.map((r) => {
    const kind = kindOf(r.kind);
    const from = purgeableFrom(r.occurredAt, periods.get(kind)!.years);
    return {
      id: r.id,
      clientId: r.clientId,
      date: shanghaiDate(r.occurredAt),
      kind,
      purgeableFrom: from,
      eligible: today >= from,
    };
  });
}

export interface ClientTally {
  deleted: number;
  eligible: number;
  nextPurgeableFrom: string | null;
}

/** Per client: how many deleted records it keeps, how many may go now, and when the next may. */
export function tallyByClient(records: DeletedRecord[]): Map<number, ClientTally> {
  const out = new Map<number, ClientTally>();
  for (const r of records) {
    const t = out.get(r.clientId) ?? { deleted: 0, eligible: 0, nextPurgeableFrom: null };
    t.deleted += 1;
    if (r.eligible) t.eligible += 1;
    else if (t.nextPurgeableFrom === null || r.purgeableFrom < t.nextPurgeableFrom)
      t.nextPurgeableFrom = r.purgeableFrom;
    out.set(r.clientId, t);
  }
  return out;
}
