/**
 * The duplicate check (same account + reference; else same time, amount and counterparty), by
 * keyed hashes: each record's dup_ref / dup_txn are HMACs under its client's search key, looked
 * up through the (client_id, dup_*) indexes, so the check needs no plaintext column. One record
 * (addRecord) or a whole batch (the importer) at a time.
 */
import type { CheckedRecord } from '../../shared/records/check-record';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { duplicateKeyOf } from './insert-records';
import { duplicateHashes, type DuplicateHashes } from './record-index';

/** Hashes per IN (...): well under SQLite's variable limit. */
const CHUNK = 400;

export type DuplicateKind = 'record.duplicate.reference' | 'record.duplicate.same';

export interface DuplicateFound {
  key: DuplicateKind;
  /** Existing (not deleted) records it repeats, oldest first. */
  ids: number[];
  /** The first earlier record of the same batch it repeats (index into the batch), if any. */
  inBatch: number | null;
}

function lookup(db: SqliteDb, column: 'dup_ref' | 'dup_txn', clientId: number, hashes: Buffer[]) {
  const found = new Map<string, number[]>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const part = hashes.slice(i, i + CHUNK);
    const rows = db
      .prepare(
        `SELECT id, ${column} AS h FROM payment_records
         WHERE client_id = ? AND ${column} IN (${part.map(() => '?').join(',')}) AND deleted_at IS NULL ORDER BY id`,
      )
      .all(clientId, ...part) as { id: number; h: Buffer }[];
    for (const r of rows) {
      const k = r.h.toString('hex');
      found.set(k, [...(found.get(k) ?? []), r.id]);
    }
  }
  return found;
}

/**
 * For each record of `records` (checked, of clients whose key the session holds), what it
 * duplicates, or null. "Same account + reference" is asked first and, when a record has a
 * reference that repeats nothing, the "same time, amount, counterparty" check still applies
 * (as addRecord always did). Call inside the write transaction that inserts them, so nothing
 * slips in between.
 */
export function findDuplicates(
  session: VaultSession,
  db: SqliteDb,
  records: CheckedRecord[],
  /** The records' hashes when the caller has them already (the importer hashes each row once). */
  given?: DuplicateHashes[],
): (DuplicateFound | null)[] {
  const hashes = given ?? records.map((r) => duplicateHashes(session, r.clientId, duplicateKeyOf(r)));
  const byClient = new Map<number, number[]>();
  // Pushed, not spread: an import's 100,000 rows of one client would copy the list 100,000 times.
  records.forEach((r, i) => {
    const idx = byClient.get(r.clientId);
    if (idx) idx.push(i);
    else byClient.set(r.clientId, [i]);
  });
  const existing = { ref: new Map<string, number[]>(), txn: new Map<string, number[]>() };
  for (const [clientId, idx] of byClient) {
    const refs = idx.map((i) => hashes[i]!.dupRef).filter((h): h is Buffer => h !== null);
    const txns = idx.map((i) => hashes[i]!.dupTxn).filter((h): h is Buffer => h !== null);
    // Keys carry the client: the same hash bytes under two clients' keys would be chance, not a duplicate.
    for (const [k, ids] of lookup(db, 'dup_ref', clientId, refs)) existing.ref.set(`${clientId}:${k}`, ids);
    for (const [k, ids] of lookup(db, 'dup_txn', clientId, txns)) existing.txn.set(`${clientId}:${k}`, ids);
  }
  const seen = { ref: new Map<string, number>(), txn: new Map<string, number>() };
  return records.map((r, i) => {
    const h = hashes[i]!;
    const ref = h.dupRef && `${r.clientId}:${h.dupRef.toString('hex')}`;
    const txn = h.dupTxn && `${r.clientId}:${h.dupTxn.toString('hex')}`;
    const earlierRef = ref ? seen.ref.get(ref) : undefined;
    const earlierTxn = txn ? seen.txn.get(txn) : undefined;
    if (ref && earlierRef === undefined) seen.ref.set(ref, i);
    if (txn && earlierTxn === undefined) seen.txn.set(txn, i);
    const refIds = ref ? existing.ref.get(ref) : undefined;
    if (refIds || earlierRef !== undefined)
      return { key: 'record.duplicate.reference', ids: refIds ?? [], inBatch: earlierRef ?? null };
    const txnIds = txn ? existing.txn.get(txn) : undefined;
    if (txnIds || earlierTxn !== undefined)
      return { key: 'record.duplicate.same', ids: txnIds ?? [], inBatch: earlierTxn ?? null };
    return null;
  });
}
