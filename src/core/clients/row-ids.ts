/**
 * Row ids known before the insert: a sealed field's associated data names its row id, so the id
 * is taken first, inside the write transaction that inserts the row (no other writer can take it
 * meanwhile: writes are serialized by SQLite's write lock).
 */
import type { WriteContext } from '../vault/session';

/** Tables with AUTOINCREMENT ids whose rows carry sealed fields. */
type SealedRowTable = 'clients' | 'payment_accounts';

/**
 * The id the next row of `table` gets: past both the largest id and sqlite_sequence (which
 * remembers ids of deleted rows, so AUTOINCREMENT never hands an id out twice). Inserting a row
 * with this id explicitly advances sqlite_sequence as an automatic id would.
 */
export function nextRowId(ctx: WriteContext, table: SealedRowTable): number {
  if (!ctx.db.inTransaction) throw new Error('row ids are taken inside the transaction that inserts the row');
  const row = ctx.db
    .prepare(
      `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
                  coalesce((SELECT max(id) FROM ${table}), 0)) + 1 AS id`,
    )
    .get(table) as { id: number };
  return row.id;
}
