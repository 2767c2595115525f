/**
 * What a record leaves in the keyed indexes (security model v2, "Search"): its search tokens in
 * the FTS5 table record_search (one document per record, rowid = record id, each distinct token
 * as a 16-hex-digit term; drizzle/0005_keyed_search_fts.sql) and its two duplicate hashes in payment_records.dup_ref / dup_txn, all
 * keyed with its client's search key, so neither says anything without that key. Written in
 * the record's own transaction, rewritten when its text or its client changes.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { recordDocument, referenceDuplicateHash, transactionDuplicateHash } from '../search/search-tokens';
import { searchedText, type RecordText } from './sealed-record';

const statements = new WeakMap<
  SqliteDb,
  { put: Statement; drop: Statement; merge: Statement; changes: Statement; structure: Statement }
>();

function stmts(db: SqliteDb) {
  let s = statements.get(db);
  if (!s) {
    s = {
      put: db.prepare('INSERT INTO record_search (rowid, tokens) VALUES (?, ?)'),
      drop: db.prepare('DELETE FROM record_search WHERE rowid = ?'),
      merge: db.prepare("INSERT INTO record_search (record_search, rank) VALUES ('merge', ?)"),
      changes: db.prepare('SELECT total_changes()').pluck(),
      // FTS5 keeps the index's list of segments in record 10 of its data table: any write to
      // the index changes it, and nothing else does.
      structure: db.prepare('SELECT block FROM record_search_data WHERE id = 10').pluck(),
    };
    statements.set(db, s);
  }
  return s;
}

/** Writes (or, with `replace`, rewrites) one record's tokens under its client's search key. */
export function indexRecordTokens(
  session: VaultSession,
  db: SqliteDb,
  clientId: number,
  recordId: number,
  text: Pick<RecordText, 'counterparty' | 'memo' | 'reference' | 'merchantOrderRef'>,
  replace = false,
): void {
  const s = stmts(db);
  if (replace) s.drop.run(recordId);
  const document = recordDocument(session.keyRing.subkeys(clientId).searchKey, searchedText(text));
  if (document) s.put.run(recordId, document);
}

/** A deleted record leaves the search. */
export function dropRecordTokens(db: SqliteDb, recordId: number): void {
  stmts(db).drop.run(recordId);
}

/**
 * Leaf pages one idle merge step may write: about 50 ms at 1,000,000 records here, so a call that
 * arrives during upkeep waits for one step at most (npm run bench prints the steps).
 */
export const MERGE_STEP_PAGES = 200;

/**
 * Every write adds a segment to the FTS5 index, and a query looks each token up in every segment:
 * a manager's search looks up 2,000 clients' tokens, so segments left unmerged cost it more than
 * anything else (npm run bench). FTS5 merges a level once it holds four segments; with
 * usermerge=2 (drizzle/0006) this step merges any level holding two, `pages` leaf pages at a
 * time, in its own transaction. `merged` is false when there was nothing to merge: the caller
 * keeps `structure` (the index's segment list after the step) and passes it back as `settled`,
 * so until something writes to the index again a step neither merges nor writes (audit events
 * and other writes leave it alone).
 */
export function mergeRecordIndexStep(
  db: SqliteDb,
  settled: Buffer | null,
  pages = MERGE_STEP_PAGES,
): { merged: boolean; structure: Buffer | null } {
  const s = stmts(db);
  const current = (s.structure.get() as Buffer | undefined) ?? null;
  if (settled && current && current.equals(settled)) return { merged: false, structure: current };
  const before = s.changes.get() as number;
  db.transaction(() => s.merge.run(pages)).immediate();
  // A merge that found nothing writes the segment list back at most: one change.
  const merged = (s.changes.get() as number) - before > 1;
  return { merged, structure: (s.structure.get() as Buffer | undefined) ?? null };
}

/** What the two duplicate checks compare (as addRecord's check always has: exact values). */
export interface DuplicateKey {
  accountId: number | null;
  reference: string | null;
  occurredAtMs: number;
  amountMinor: number;
  counterparty: string | null;
}

export interface DuplicateHashes {
  dupRef: Buffer | null;
  dupTxn: Buffer | null;
}

/** A record's keyed duplicate hashes: none for "account + reference" without a reference. */
export function duplicateHashes(session: VaultSession, clientId: number, key: DuplicateKey): DuplicateHashes {
  const { searchKey } = session.keyRing.subkeys(clientId);
  return {
    dupRef: key.reference
      ? referenceDuplicateHash(searchKey, { accountId: key.accountId, reference: key.reference })
      : null,
    dupTxn:
      key.counterparty === null
        ? null
        : transactionDuplicateHash(searchKey, {
            occurredAtMs: key.occurredAtMs,
            amountMinor: key.amountMinor,
            counterparty: key.counterparty,
          }),
  };
}
