/**
 * The one way new payment records reach the table: ids allocated first (a range for a batch, so
 * the importer's thousands of rows cost one allocation), sensitive text sealed under the client's
 * key with each id bound in, keyed search tokens and duplicate hashes written alongside, all in
 * the caller's write transaction. Callers authorize, check and audit.
 */
import type { CheckedRecord } from '../../shared/records/check-record';
import { sealText } from '../vault/sealed-fields';
import type { VaultSession, WriteContext } from '../vault/session';
import { duplicateHashes, indexRecordTokens, type DuplicateHashes, type DuplicateKey } from './record-index';
import { allocateIds, sealRecordText, type RecordText } from './sealed-record';

/** An optional text: trimmed by the schema, and "" stored as no value. */
const orNull = (text: string | undefined | null) => (text ? text : null);

export function textOf(record: CheckedRecord): RecordText {
  return {
    counterparty: record.counterparty,
    counterpartyAccount: orNull(record.counterpartyAccount),
    reference: orNull(record.reference),
    merchantOrderRef: orNull(record.merchantOrderRef),
    memo: orNull(record.memo),
  };
}

export function duplicateKeyOf(record: CheckedRecord): DuplicateKey {
  return {
    accountId: record.accountId ?? null,
    reference: orNull(record.reference),
    occurredAtMs: record.occurredAtMs,
    amountMinor: record.amountMinor,
    counterparty: record.counterparty,
  };
}

export interface InsertOptions {
  /** ISO time stamped as created/updated. */
  stamp: string;
  /** "manual" (the form, the CLI) unless the importer says. */
  source?: string;
  /** Per record, the source row an importer read it from (sealed as `source_row`). */
  sourceRows?: (string | null)[];
  /** The import batch (issue 14) these records belong to, so that undoing it finds exactly them. */
  importBatchId?: number;
  /** Per record, its duplicate hashes when the caller computed them already (the importer's check). */
  hashes?: (DuplicateHashes | undefined)[];
}

/** Inserts `records` (all already checked and authorized) and returns their ids, in order. */
export function insertRecords(
  session: VaultSession,
  ctx: WriteContext,
  records: CheckedRecord[],
  opts: InsertOptions,
): number[] {
  if (records.length === 0) return [];
  const first = allocateIds(ctx.db, 'payment_records', records.length);
  const insert = ctx.db.prepare(
    `INSERT INTO payment_records (id, client_id, account_id, occurred_at, has_time, direction, amount_minor, currency,
       channel, counterparty_enc, counterparty_account_enc, reference_enc, merchant_order_ref_enc, memo_enc,
       source_row_enc, dup_ref, dup_txn, category, status, source, created_at, created_by, updated_at, updated_by,
       import_batch_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids: number[] = [];
  records.forEach((record, i) => {
    const id = first + i;
    const text = textOf(record);
    const sealed = sealRecordText(session, record.clientId, id, text);
    const sourceRow = opts.sourceRows?.[i] ?? null;
    const { dupRef, dupTxn } = opts.hashes?.[i] ?? duplicateHashes(session, record.clientId, duplicateKeyOf(record));
    insert.run(
      id,
      record.clientId,
      record.accountId ?? null,
      record.occurredAtMs,
      record.hasTime ? 1 : 0,
      record.direction,
      record.amountMinor,
      record.currency,
      orNull(record.channel),
      sealed.counterpartyEnc,
      sealed.counterpartyAccountEnc,
      sealed.referenceEnc,
      sealed.merchantOrderRefEnc,
      sealed.memoEnc,
      sourceRow === null
        ? null
        : // Bound like every other sealed field: its own column name, this row's id.
          sealSourceRow(session, record.clientId, id, sourceRow),
      dupRef,
      dupTxn,
      orNull(record.category),
      record.status ?? 'succeeded',
      opts.source ?? 'manual',
      opts.stamp,
      session.user.id,
      opts.stamp,
      session.user.id,
      opts.importBatchId ?? null,
    );
    indexRecordTokens(session, ctx.db, record.clientId, id, text);
    ids.push(id);
  });
  return ids;
}

function sealSourceRow(session: VaultSession, clientId: number, id: number, text: string): Buffer | null {
  return sealText(session, { clientId, table: 'payment_records', rowId: id, field: 'source_row' }, text);
}
