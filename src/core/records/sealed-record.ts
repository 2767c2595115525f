/**
 * A payment record's sensitive text under its client's key (security model v2): counterparty,
 * counterparty account, reference, merchant order and memo live only in the `*_enc` columns,
 * sealed with the row id and field name (the SQL column) bound in; the plain columns beside them
 * stay NULL. Everything in src/core/records that reads or writes those fields goes through here,
 * and so through sealText/openText.
 */
import type { paymentRecords } from '../db/schema';
import { openText, sealText } from '../vault/sealed-fields';
import { nextRowId } from '../vault/row-ids';
import type { VaultSession, WriteContext } from '../vault/session';
import type { SqliteDb } from '../vault/database';

type Row = typeof paymentRecords.$inferSelect;

/** The record's sensitive text, in the clear (only in memory, only for a session holding the key). */
export interface RecordText {
  counterparty: string | null;
  counterpartyAccount: string | null;
  reference: string | null;
  merchantOrderRef: string | null;
  memo: string | null;
}

/** Property, sealed column (the field name bound into the ciphertext) and the row's blob property. */
export const SEALED_FIELDS = [
  { key: 'counterparty', column: 'counterparty', enc: 'counterpartyEnc' },
  { key: 'counterpartyAccount', column: 'counterparty_account', enc: 'counterpartyAccountEnc' },
  { key: 'reference', column: 'reference', enc: 'referenceEnc' },
  { key: 'merchantOrderRef', column: 'merchant_order_ref', enc: 'merchantOrderRefEnc' },
  { key: 'memo', column: 'memo', enc: 'memoEnc' },
] as const;

export type SealedRecordColumns = Pick<
  Row,
  'counterpartyEnc' | 'counterpartyAccountEnc' | 'referenceEnc' | 'merchantOrderRefEnc' | 'memoEnc'
>;

/** The blobs of a record row that openRecordText needs. */
export type SealedRow = Pick<Row, 'id' | 'clientId'> & SealedRecordColumns;

const at = (clientId: number, rowId: number, field: string) =>
  ({ clientId, table: 'payment_records', rowId, field }) as const;

export function sealRecordText(
  session: VaultSession,
  clientId: number,
  rowId: number,
  text: RecordText,
): SealedRecordColumns {
  const out = {} as SealedRecordColumns;
  for (const f of SEALED_FIELDS) out[f.enc] = sealText(session, at(clientId, rowId, f.column), text[f.key]);
  return out;
}

/** E_INTEGRITY (naming table, field and row, never the text) for a blob altered or copied from elsewhere. */
export function openRecordText(session: VaultSession, row: SealedRow): RecordText {
  const out = {} as RecordText;
  for (const f of SEALED_FIELDS) out[f.key] = openText(session, at(row.clientId, row.id, f.column), row[f.enc]);
  return out;
}

/** Only the fields the keyed search covers (the counterparty account is not searched). */
export function searchedText(t: Pick<RecordText, 'counterparty' | 'memo' | 'reference' | 'merchantOrderRef'>) {
  return [t.counterparty, t.memo, t.reference, t.merchantOrderRef];
}

/** A record's history values, sealed under the record's client with the history row's id. */
export function sealHistoryValue(
  session: VaultSession,
  clientId: number,
  historyId: number,
  field: 'old_value' | 'new_value',
  value: string | null,
): Buffer | null {
  return sealText(session, { clientId, table: 'record_history', rowId: historyId, field }, value);
}

export function openHistoryValue(
  session: VaultSession,
  clientId: number,
  historyId: number,
  field: 'old_value' | 'new_value',
  blob: Buffer | null,
): string | null {
  return openText(session, { clientId, table: 'record_history', rowId: historyId, field }, blob);
}

/**
 * The first of `count` fresh ids of an AUTOINCREMENT table, in the caller's write transaction
 * (which holds SQLite's write lock, so nobody else allocates meanwhile). A row id is bound into
 * each sealed field, so it must be known before the insert. Ids are never reused: past both the
 * largest id and sqlite_sequence (which remembers deleted ones); inserting explicit ids moves
 * sqlite_sequence on by itself.
 */
export function allocateIds(db: SqliteDb, table: 'payment_records' | 'record_history', count: number): number {
  if (count < 1) throw new RangeError('allocateIds needs a count of at least 1');
  return nextRowId(db, table);
}

export interface HistoryEntry {
  recordId: number;
  /** The record's client after the change: its key seals the values. */
  clientId: number;
  version: number;
  field: string;
  old: string | null;
  next: string | null;
  changedBy: string;
  changedAt: string;
}

/** History rows with their values sealed (the field name stays plain: it says what changed, not to what). */
export function insertHistory(session: VaultSession, ctx: WriteContext, entries: HistoryEntry[]): void {
  if (entries.length === 0) return;
  let id = allocateIds(ctx.db, 'record_history', entries.length);
  const insert = ctx.db.prepare(
    `INSERT INTO record_history (id, record_id, version, field, old_value_enc, new_value_enc, changed_by, changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of entries) {
    insert.run(
      id,
      e.recordId,
      e.version,
      e.field,
      sealHistoryValue(session, e.clientId, id, 'old_value', e.old),
      sealHistoryValue(session, e.clientId, id, 'new_value', e.next),
      e.changedBy,
      e.changedAt,
    );
    id += 1;
  }
}

/**
 * The key check that goes with every authorization of a client's records (the rules and the
 * keys must agree): E_FORBIDDEN 'client.noKey', audited as refused. One rule in one place: the
 * clients feature's.
 */
export { requireClientKey } from '../access/client-names';
