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

const statements = new WeakMap<SqliteDb, { put: Statement; drop: Statement }>();

function stmts(db: SqliteDb) {
  let s = statements.get(db);
  if (!s) {
    s = {
      put: db.prepare('INSERT INTO record_search (rowid, tokens) VALUES (?, ?)'),
      drop: db.prepare('DELETE FROM record_search WHERE rowid = ?'),
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
