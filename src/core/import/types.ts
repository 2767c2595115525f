/**
 * What every payment-export reader produces (issue 14): each row of the file, in order, as a
 * record, a row skipped on purpose (headers, summaries, neutral rows), or a row rejected with a
 * reason; and what the file declares about itself (its summary lines), to check the import
 * against. Readers only read: the importer checks every record with the core's rules
 * (shared/records/check-record.ts), finds duplicates, seals text under the client's key and
 * writes through records/insert-records.ts.
 *
 * Tabular exports (Alipay, WeChat Pay, Chinese banks, generic CSV/XLSX) read `TableRow`s, which
 * the CSV tokenizer and the spreadsheet reader both produce, so one reader serves a bank's CSV
 * and its XLSX alike. Text formats (QIF, MT940, OFX 1.x) read the decoded text, in chunks when
 * the file is read by path; XML formats (camt.053, OFX 2.x) read it through the importer's own
 * safe XML tokenizer (no DTD, no external or custom entities: an XML bomb is refused, not expanded).
 */
import type { InputMessageKey, MessageParams } from '../../shared/messages';

/** Every format the importer knows; `csv` is the generic CSV/XLSX reader with a saved column mapping. */
export type FormatId =
  | 'alipay'
  | 'wechat'
  | 'icbc'
  | 'ccb'
  | 'cmb'
  | 'boc'
  | 'abc'
  | 'bocom'
  | 'cgb'
  | 'citic'
  | 'spdb'
  | 'cib'
  | 'camt053'
  | 'ofx'
  | 'qif'
  | 'mt940'
  | 'csv';

/** One row of a table: its 1-based line (CSV) or row number (sheet) in the file, and its cells as text. */
export interface TableRow {
  line: number;
  cells: string[];
}

/** A payment as the file states it, normalised; the importer adds the client, account and checks. */
export interface ImportedRecord {
  /** Beijing local time as the core's date rule reads it: "2026-11-02" or "2026-11-02 14:05[:09]". */
  occurredAt: string;
  direction: 'in' | 'out' | 'neutral';
  /** Positive decimal text with "." and no grouping: "1234.56". Exact: never through a float. */
  amount: string;
  /** ISO 4217; "CNY" when the file names none. */
  currency: string;
  /** Where the money moved: "alipay", "wechat", "bank", "card", or the file's own channel text. */
  channel?: string;
  /** Who paid or was paid; the file's text, or "" when it has none (the importer then rejects or fills). */
  counterparty: string;
  counterpartyAccount?: string;
  /** The platform's or bank's transaction number (交易号, 交易单号, AcctSvcrRef, FITID, MT940 :61: reference). */
  reference?: string;
  /** The merchant's order number (商户单号, 商家订单号), when the file has one. */
  merchantOrderRef?: string;
  memo?: string;
  category?: string;
}

/** Why a row is not a record, on purpose. */
export type SkipReason =
  | 'header'
  | 'summary'
  /** A row that moves no money between the client and anyone (WeChat "/", Alipay 不计收支, a closed trade). */
  | 'neutral'
  | 'failed'
  | 'blank';

export type ImportedRow =
  | { kind: 'record'; line: number; source: string; record: ImportedRecord }
  | { kind: 'skipped'; line: number; source: string; reason: SkipReason }
  /** A row that should have been a record but cannot be read: `why` for the user's language, `reason` in English. */
  | { kind: 'rejected'; line: number; source: string; reason: string; why: RowReason };

/** Why a row was rejected: a message key (src/shared/import-row-messages.ts) and the file's own text. */
export interface RowReason {
  key: InputMessageKey;
  params: MessageParams;
}

/** What the file says of itself (summary lines), in minor units (fen), to hold the import to. */
export interface Declared {
  inCount?: number;
  inMinor?: number;
  outCount?: number;
  outMinor?: number;
  /** The statement's account, when the file names it (bank statements, camt.053, OFX, MT940). */
  account?: string;
  /** Every account the file holds statements of, when more than one: one is read per import. */
  accounts?: string[];
  currency?: string;
  /** The period the export covers, as the file states it. */
  from?: string;
  to?: string;
}

export interface ReaderResult {
  format: FormatId;
  rows: ImportedRow[];
  declared: Declared;
}

/** A tabular reader: how sure it is that these first rows are its layout (0 to 1), and the reading. */
export interface TableReader {
  format: FormatId;
  detect(head: TableRow[]): number;
  read(rows: Iterable<TableRow>): ReaderResult;
  /**
   * The reading row by row, for a 200 MB file (issue 14, Safety); `rows` may be iterated more than
   * once (each pass reads the file again). Readers without it are read whole.
   */
  stream?(rows: Iterable<TableRow>): RowStream;
}

/** A reading that yields its rows as it goes: `declared` is complete once `rows` has been read to its end. */
export interface RowStream {
  format: FormatId;
  rows: Iterable<ImportedRow>;
  declared: Declared;
}

/** A text reader (QIF, MT940, OFX, camt.053): detection from the start of the decoded text, and the reading. */
export interface TextReader {
  format: FormatId;
  detect(head: string): number;
  /** `account`: read the statements of this account (as the file spells it), not the file's first. */
  read(text: string, options?: { account?: string }): ReaderResult;
  /**
   * The reading from the decoded text in chunks, row by row, for a 200 MB file (issue 14, Safety);
   * `text` gives the chunks from the start, once per pass (each pass reads the file again).
   * Readers without it are given the whole text.
   */
  stream?(text: () => Iterable<string>, options?: { account?: string }): RowStream;
}
