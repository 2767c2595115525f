/**
 * Rewrites what a stored record keeps under its client's key after a change: its sealed text,
 * duplicate hashes and search tokens; and, when it moves to another client, every sealed value
 * that names the old client in its associated data (its fields, its source row, all its history
 * rows), re-sealed under the new client's key. In the caller's write transaction, so a move is
 * all or nothing. The session must hold both keys (E_FORBIDDEN from the key ring otherwise).
 */
import type { paymentRecords } from '../db/schema';
import { openText, sealText } from '../vault/sealed-fields';
import type { VaultSession, WriteContext } from '../vault/session';
import { duplicateHashes, indexRecordTokens, type DuplicateKey } from './record-index';
import { openHistoryValue, sealHistoryValue, sealRecordText, type RecordText } from './sealed-record';

type Row = typeof paymentRecords.$inferSelect;

export interface Rewrite {
  /** The record's client after the change (the same one unless it moves). */
  toClientId: number;
  /** Its sensitive text after the change, in the clear. */
  text: RecordText;
  /** What its duplicate hashes compare, after the change. */
  duplicateKey: DuplicateKey;
  /** Whether the searched text changed (a move re-indexes anyway). */
  reindex: boolean;
}

export function rewriteSealed(session: VaultSession, ctx: WriteContext, before: Row, change: Rewrite): void {
  const to = change.toClientId;
  const moving = to !== before.clientId;
  const sealed = sealRecordText(session, to, before.id, change.text);
  const { dupRef, dupTxn } = duplicateHashes(session, to, change.duplicateKey);
  const sourceRow = moving
    ? sealText(
        session,
        { clientId: to, table: 'payment_records', rowId: before.id, field: 'source_row' },
        openText(
          session,
          { clientId: before.clientId, table: 'payment_records', rowId: before.id, field: 'source_row' },
          before.sourceRowEnc,
        ),
      )
    : before.sourceRowEnc;
  ctx.db
    .prepare(
      `UPDATE payment_records SET counterparty_enc = ?, counterparty_account_enc = ?, reference_enc = ?,
         merchant_order_ref_enc = ?, memo_enc = ?, source_row_enc = ?, dup_ref = ?, dup_txn = ? WHERE id = ?`,
    )
    .run(
      sealed.counterpartyEnc,
      sealed.counterpartyAccountEnc,
      sealed.referenceEnc,
      sealed.merchantOrderRefEnc,
      sealed.memoEnc,
      sourceRow,
      dupRef,
      dupTxn,
      before.id,
    );
  if (moving) resealHistory(session, ctx, before.id, before.clientId, to);
  if (moving || change.reindex) indexRecordTokens(session, ctx.db, to, before.id, change.text, true);
}

/** Every history row of a moving record, from the old client's key to the new one's. */
function resealHistory(session: VaultSession, ctx: WriteContext, recordId: number, from: number, to: number): void {
  const rows = ctx.db
    .prepare('SELECT id, old_value_enc AS oldEnc, new_value_enc AS newEnc FROM record_history WHERE record_id = ?')
    .all(recordId) as { id: number; oldEnc: Buffer | null; newEnc: Buffer | null }[];
  const update = ctx.db.prepare('UPDATE record_history SET old_value_enc = ?, new_value_enc = ? WHERE id = ?');
  for (const h of rows) {
    const oldValue = openHistoryValue(session, from, h.id, 'old_value', h.oldEnc);
    const newValue = openHistoryValue(session, from, h.id, 'new_value', h.newEnc);
    update.run(
      sealHistoryValue(session, to, h.id, 'old_value', oldValue),
      sealHistoryValue(session, to, h.id, 'new_value', newValue),
      h.id,
    );
  }
}
