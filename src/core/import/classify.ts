/**
 * Every row of a read file classified for the preview and the commit alike (issue 14): checked
 * with the core's own record rules (shared/records/check-record.ts, lenient: bills write money out
 * as "-500"), then held against the client's records and the file's earlier rows with the
 * records' keyed duplicate hashes (records/duplicates.ts): no second duplicate scheme.
 *
 * - Same account + reference: the same record, never imported again (not even when "accepted").
 * - No reference on one side, same account + time + amount + direction + counterparty: a possible
 *   duplicate, imported only when the user accepts its line. The keyed hash covers time, amount
 *   and counterparty; account and direction are plain columns, compared here.
 * - Both with references that differ: genuine repeats (two equal payments the same day), kept.
 */
import { inArray } from 'drizzle-orm';
import { paymentRecords } from '../db/schema';
import { inputMessage, type InputMessageKey, type MessageParams } from '../../shared/messages';
import { checkNewRecord, findDuplicates, type CheckedRecord, type RecordLimits } from '../records';
import { duplicateHashes, type DuplicateHashes } from '../records/record-index';
import { duplicateKeyOf } from '../records/insert-records';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { HashIndex } from './hash-index';
import type { ImportedRecord, ImportedRow, ReaderResult, SkipReason } from './types';

export type RowStatus = 'new' | 'duplicate' | 'duplicateInFile' | 'possibleDuplicate' | 'rejected' | 'skipped';

export interface RowProblem {
  /** The record field it concerns, "" for the row as a whole (a reader's refusal). */
  field: string;
  /** A message key for the UI's language (a reader's reason or the core's record rules). */
  key?: InputMessageKey;
  params?: MessageParams;
  /** In English, for the CLI and logs. */
  message: string;
}

export interface ClassifiedRow {
  line: number;
  status: RowStatus;
  /** The record as it would be stored (new and duplicate rows). */
  record?: CheckedRecord;
  /** The file's row as read, for traceability (sealed as the record's source_row). */
  source: string;
  skipReason?: SkipReason;
  problems?: RowProblem[];
  /** Existing records it repeats (duplicate, possibleDuplicate). */
  existingIds?: number[];
  /** The earlier line of this file it repeats. */
  sameAsLine?: number;
  /** A possible duplicate the user accepted: it is imported. */
  accepted?: boolean;
  /** The record's keyed duplicate hashes, computed once for the lookups and the insert. */
  hashes?: DuplicateHashes;
}

/** Which rows are imported: new ones and accepted possible duplicates. */
export const isImported = (row: ClassifiedRow): boolean =>
  row.status === 'new' || (row.status === 'possibleDuplicate' && row.accepted === true);

export interface ImportCounts {
  rows: number;
  imported: number;
  /** Rows not imported because they repeat a record or an earlier row (possible ones not accepted included). */
  duplicates: number;
  /** Of `duplicates`, the possible ones the user may still accept. */
  possibleDuplicates: number;
  rejected: number;
  skipped: number;
}

export function countRows(rows: ClassifiedRow[]): ImportCounts {
  const c: ImportCounts = {
    rows: rows.length,
    imported: 0,
    duplicates: 0,
    possibleDuplicates: 0,
    rejected: 0,
    skipped: 0,
  };
  for (const r of rows) {
    if (isImported(r)) c.imported += 1;
    else if (r.status === 'rejected') c.rejected += 1;
    else if (r.status === 'skipped') c.skipped += 1;
    else {
      c.duplicates += 1;
      if (r.status === 'possibleDuplicate') c.possibleDuplicates += 1;
    }
  }
  return c;
}

/** "" (a column the file left empty) is no value: the schema would refuse "" where it wants text. */
const given = (text: string | undefined) => (text && text.trim() !== '' ? text : undefined);

/** A reader's record as the entry form would send it. */
function newRecordOf(r: ImportedRecord, clientId: number, accountId: number | undefined) {
  return {
    clientId,
    accountId,
    occurredAt: r.occurredAt,
    direction: r.direction,
    amount: r.amount,
    currency: r.currency,
    channel: given(r.channel),
    // A bank row with no counterparty (interest, fees) names itself in its memo: better than refusing it.
    counterparty: given(r.counterparty) ?? given(r.memo) ?? '',
    counterpartyAccount: given(r.counterpartyAccount),
    reference: given(r.reference),
    merchantOrderRef: given(r.merchantOrderRef),
    memo: given(r.memo),
    category: given(r.category),
  };
}

interface Existing {
  accountId: number | null;
  direction: string;
  hasReference: boolean;
}

function existingRows(session: VaultSession, ids: number[]): Map<number, Existing> {
  const found = new Map<number, Existing>();
  for (let i = 0; i < ids.length; i += 500)
    for (const r of session.orm
      .select({
        id: paymentRecords.id,
        accountId: paymentRecords.accountId,
        direction: paymentRecords.direction,
        dupRef: paymentRecords.dupRef,
      })
      .from(paymentRecords)
      .where(inArray(paymentRecords.id, ids.slice(i, i + 500)))
      .all())
      // dup_ref is set exactly when the record has a reference: no need to open its sealed text.
      found.set(r.id, { accountId: r.accountId, direction: r.direction, hasReference: r.dupRef !== null });
  return found;
}

const DIRECTIONS = ['in', 'out', 'neutral'];

/**
 * An earlier row of the file as the "possible duplicate within the file" check needs it, packed in
 * one number (line, direction, whether it has a reference): a 200 MB file has a million of them.
 */
const pack = (line: number, direction: string, hasRef: boolean) =>
  line * 8 + Math.max(0, DIRECTIONS.indexOf(direction)) * 2 + (hasRef ? 1 : 0);

/**
 * Classifies a file's rows for `target` (authorized, key held: the caller checks), batch by batch
 * in file order, so a 200 MB file is never held whole: between batches it keeps only each
 * reference's and each transaction's first line, by keyed hash, in typed arrays (hash-index.ts).
 * `db` is the write transaction's handle at commit, so nothing slips in between check and insert.
 */
export class RowClassifier {
  private readonly firstOfRef = new HashIndex();
  /** Per transaction hash, the first row of each (direction, has a reference): only a first can match. */
  private readonly firstOfTxn = new HashIndex();
  /** The rare further ones (the same time, amount and counterparty in another direction), by hash. */
  private readonly moreOfTxn = new Map<string, number[]>();

  constructor(
    private readonly session: VaultSession,
    private readonly db: SqliteDb,
    private readonly target: { clientId: number; accountId?: number },
    private readonly limits: RecordLimits,
    private readonly accept: ReadonlySet<number> = new Set(),
  ) {}

  classify(batch: readonly ImportedRow[]): ClassifiedRow[] {
    const { session, target } = this;
    const rows: ClassifiedRow[] = [];
    const checked: { row: ClassifiedRow; record: CheckedRecord }[] = [];
    for (const r of batch) {
      if (r.kind === 'skipped') rows.push({ line: r.line, status: 'skipped', source: r.source, skipReason: r.reason });
      else if (r.kind === 'rejected')
        rows.push({
          line: r.line,
          status: 'rejected',
          source: r.source,
          problems: [{ field: '', key: r.why.key, params: r.why.params, message: r.reason }],
        });
      else {
        const check = checkNewRecord(newRecordOf(r.record, target.clientId, target.accountId), this.limits);
        if (!check.ok) {
          const problems = check.problems.map((p) => ({
            field: p.field,
            key: p.key,
            params: p.params,
            message: inputMessage(p.key, 'en', p.params),
          }));
          rows.push({ line: r.line, status: 'rejected', source: r.source, problems });
        } else {
          const row: ClassifiedRow = { line: r.line, status: 'new', source: r.source, record: check.record };
          rows.push(row);
          checked.push({ row, record: check.record });
        }
      }
    }
    const records = checked.map((c) => c.record);
    // Each row hashed once: the lookups, the in-file check and the insert (ClassifiedRow.hashes) share them.
    const hashes = records.map((r) => duplicateHashes(session, r.clientId, duplicateKeyOf(r)));
    const found = findDuplicates(session, this.db, records, hashes);
    const existing = existingRows(
      session,
      found.flatMap((f) => (f?.key === 'record.duplicate.same' ? f.ids : [])),
    );
    checked.forEach(({ row, record }, i) => {
      const h = hashes[i]!;
      row.hashes = h;
      const f = found[i];
      const hasRef = record.reference !== undefined && record.reference !== '';
      const ref = h.dupRef ?? undefined;
      const txn = h.dupTxn ?? undefined;
      const sameTxn = (other: Existing) =>
        other.accountId === (record.accountId ?? null) &&
        other.direction === record.direction &&
        !(hasRef && other.hasReference);
      const earlierRef = ref === undefined ? undefined : this.firstOfRef.get(ref);
      if (f?.key === 'record.duplicate.reference' && f.ids.length > 0)
        Object.assign(row, { status: 'duplicate', existingIds: f.ids });
      else if (earlierRef !== undefined) Object.assign(row, { status: 'duplicateInFile', sameAsLine: earlierRef });
      else {
        const ids = f?.key === 'record.duplicate.same' ? f.ids.filter((id) => sameTxn(existing.get(id)!)) : [];
        // Every row of one file has the same account, so only direction and references tell them apart.
        const inFile = this.earlierTxn(txn, record.direction, hasRef);
        if (ids.length > 0 || inFile !== undefined)
          Object.assign(row, {
            status: 'possibleDuplicate',
            existingIds: ids,
            sameAsLine: inFile,
            accepted: this.accept.has(row.line),
          });
      }
      if (ref !== undefined && earlierRef === undefined) this.firstOfRef.set(ref, row.line);
      if (txn !== undefined) this.noteTxn(txn, row.line, record.direction, hasRef);
    });
    return rows;
  }

  private earlierTxn(txn: Buffer | undefined, direction: string, hasRef: boolean): number | undefined {
    const first = txn === undefined ? undefined : this.firstOfTxn.get(txn);
    if (first === undefined) return undefined;
    let line: number | undefined;
    for (const p of [first, ...(this.moreOfTxn.get(txn!.toString('latin1')) ?? [])]) {
      const sameDirection = ((p >> 1) & 3) === Math.max(0, DIRECTIONS.indexOf(direction));
      if (sameDirection && !(hasRef && (p & 1) === 1)) line = Math.min(line ?? Infinity, Math.floor(p / 8));
    }
    return line;
  }

  private noteTxn(txn: Buffer, line: number, direction: string, hasRef: boolean): void {
    const packed = pack(line, direction, hasRef);
    const first = this.firstOfTxn.get(txn);
    if (first === undefined) return this.firstOfTxn.set(txn, packed);
    const key = txn.toString('latin1');
    const more = this.moreOfTxn.get(key) ?? [];
    if ([first, ...more].some((p) => (p & 7) === (packed & 7))) return;
    more.push(packed);
    this.moreOfTxn.set(key, more);
  }
}

/** Classifies every row of `read` at once (small files, tests): RowClassifier in one batch. */
export function classifyRows(
  session: VaultSession,
  db: SqliteDb,
  read: ReaderResult,
  target: { clientId: number; accountId?: number },
  limits: RecordLimits,
  accept: ReadonlySet<number> = new Set(),
): ClassifiedRow[] {
  return new RowClassifier(session, db, target, limits, accept).classify(read.rows);
}
