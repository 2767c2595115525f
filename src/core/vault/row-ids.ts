/**
 * Row ids known before the insert: a sealed field's associated data names its row id, so the id
 * is taken first, inside the write transaction that inserts the row (no other writer can take it
 * meanwhile: writes are serialized by SQLite's write lock).
 */
import type { SqliteDb } from './database';

/** Tables with AUTOINCREMENT ids whose rows carry sealed fields. */
export type SealedRowTable =
  | 'clients'
  | 'payment_accounts'
  | 'payment_records'
  | 'record_history'
  | 'import_batches'
  | 'compliance_files'
  | 'client_agreements';

/**
 * The id the next row of `table` gets: past both the largest id and sqlite_sequence (which
 * remembers ids of deleted rows, so AUTOINCREMENT never hands an id out twice). Inserting rows
 * with this id and the ones after it explicitly advances sqlite_sequence as automatic ids would,
 * so a batch takes `count` ids from here.
 */
export function nextRowId(db: SqliteDb, table: SealedRowTable): number {
  if (!db.inTransaction) throw new Error('row ids are taken inside the transaction that inserts the row');
  const row = db
    .prepare(
      `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
                  coalesce((SELECT max(id) FROM ${table}), 0)) + 1 AS id`,
    )
    .get(table) as { id: number };
  return row.id;
}
