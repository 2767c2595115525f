/**
 * The import wizard's channels (issue 14): pick a payment export in the shell's open dialog (the
 * core reads it; the renderer gets a handle, never a path), preview it classified row by row
 * (paged: a 200 MB export has far more rows than a screen), import it as one batch, list the
 * batches and undo one.
 */
import { z } from 'zod';
import type { InputMessageKey, MessageParams } from '../messages';
import { reason } from '../records/contract';
import { id, out } from '../schema-kit';

/** Every format the importer reads (src/core/import/types.ts FormatId; the handlers check they agree). */
export const IMPORT_FORMAT_IDS = [
  'alipay',
  'wechat',
  'icbc',
  'ccb',
  'cmb',
  'boc',
  'abc',
  'bocom',
  'cgb',
  'citic',
  'spdb',
  'cib',
  'camt053',
  'ofx',
  'qif',
  'mt940',
  'csv',
] as const;
export type ImportFormat = (typeof IMPORT_FORMAT_IDS)[number];

/** The text encodings a user may choose (src/core/import/encoding.ts ENCODINGS). */
export const IMPORT_ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export type ImportRowStatus = 'new' | 'duplicate' | 'duplicateInFile' | 'possibleDuplicate' | 'rejected' | 'skipped';
export const IMPORT_ROW_STATUSES = [
  'new',
  'duplicate',
  'duplicateInFile',
  'possibleDuplicate',
  'rejected',
  'skipped',
] as const satisfies readonly ImportRowStatus[];

export interface ImportRowProblem {
  field: string;
  /** A message key to word in the reader's language (a reader's reason or the core's record rules). */
  key?: InputMessageKey;
  params?: MessageParams;
  message: string;
}

/** One row of the file as the preview table shows it: text only. */
export interface ImportRowView {
  line: number;
  status: ImportRowStatus;
  accepted?: boolean;
  record?: {
    occurredAtMs: number;
    hasTime: boolean;
    direction: string;
    amountMinor: number;
    currency: string;
    counterparty: string;
    reference: string | null;
    memo: string | null;
  };
  skipReason?: 'header' | 'summary' | 'neutral' | 'failed' | 'blank';
  problems?: ImportRowProblem[];
  existingIds?: number[];
  sameAsLine?: number;
}

export interface ImportCountsView {
  rows: number;
  imported: number;
  duplicates: number;
  possibleDuplicates: number;
  rejected: number;
  skipped: number;
}

/** What the file says of itself (summary lines), in minor units. */
export interface ImportDeclaredView {
  inCount?: number;
  inMinor?: number;
  outCount?: number;
  outMinor?: number;
  account?: string;
  /** Every account the file holds statements of, when more than one (the wizard offers them). */
  accounts?: string[];
  currency?: string;
  from?: string;
  to?: string;
}

/** The in and out totals of the rows read as records (new and duplicate alike), per currency. */
export interface ImportTotalsView {
  currency: string;
  inCount: number;
  inMinor: number;
  outCount: number;
  outMinor: number;
}

export interface ImportPreviewView {
  handle: string;
  fileName: string;
  format: ImportFormat;
  /** The format that came second in detection, if any (the wizard offers it first). */
  runnerUp: ImportFormat | null;
  candidates: { format: ImportFormat; confidence: number }[];
  encoding: string | null;
  encodingConfident: boolean;
  sha256: string;
  declared: ImportDeclaredView;
  totals: ImportTotalsView[];
  counts: ImportCountsView;
  /** The first page of rows (import:rows pages on). */
  rows: ImportRowView[];
  /** Rows of the whole file (or of the status asked for). */
  total: number;
}

export interface ImportPickView {
  handle: string;
  fileName: string;
  bytes: number;
}

export interface ImportDoneView {
  batchId: number;
  counts: ImportCountsView;
}

export interface ImportBatchRow {
  id: number;
  clientId: number;
  accountId: number | null;
  format: string;
  encoding: string | null;
  fileName: string | null;
  fileSha256: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  createdAt: string;
  createdBy: string;
  undoneAt: string | null;
  undoneBy: string | null;
}

const handle = z.string().regex(/^[0-9a-f]{32}$/);
const line = z.number().int().positive().max(100_000_000);

export const importOptions = z.strictObject({
  handle,
  clientId: id,
  accountId: id.optional(),
  format: z.enum(['auto', ...IMPORT_FORMAT_IDS]).optional(),
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  /** The generic reader's column mapping (the core checks its shape). */
  mapping: z.unknown().optional(),
  /** Of a statement file holding several accounts, the one to read (as the file spells it). */
  statementAccount: z.string().trim().min(1).max(64).optional(),
});
export type ImportOptionsInput = z.input<typeof importOptions>;

export const IMPORT_PAGE_MAX = 500;

/** The generic reader's column mapping as the wizard builds it (src/core/import/bank/generic.ts checks it). */
export const IMPORT_DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'MM-DD'] as const;
export interface ImportColumnMapping {
  headerRow: number;
  date: string | number;
  time?: string | number;
  amount?: string | number;
  in?: string | number;
  out?: string | number;
  direction?: { column: string | number };
  positive?: 'in' | 'out';
  counterparty: string | number;
  reference?: string | number;
  memo?: string | number;
  dateFormat?: (typeof IMPORT_DATE_FORMATS)[number];
  /** A saved mapping's header names: the reader finds the header row by them. */
  header?: string[];
}

/** A column mapping saved under a name (per bank), for every accountant of the office. */
export interface ImportSavedMappingView {
  id: number;
  name: string;
  /** The header row's names, normalised, as saved: a later export is recognised by them. */
  header: string[];
  mapping: ImportColumnMapping;
  updatedAt: string;
  updatedBy: string;
}

const headRows = z
  .array(
    z.strictObject({
      line: z.number().int().positive().max(100_000_000),
      cells: z.array(z.string().max(200)).min(1).max(1000),
    }),
  )
  .max(200);

export const importContract = {
  /** Every saved column mapping, by name. */
  'import:mappings': { input: z.strictObject({}), output: out<ImportSavedMappingView[]>() },
  /** The saved mappings whose header row is among these first rows of a file (import:head's). */
  'import:mappingsFor': {
    input: z.strictObject({ rows: headRows }),
    output: out<(ImportSavedMappingView & { headerRow: number })[]>(),
  },
  /** Saves the mapping under the name, replacing one of that name; `header` is the header row's cells. */
  'import:saveMapping': {
    input: z.strictObject({
      name: z.string().trim().min(1).max(60),
      mapping: z.unknown(),
      header: z.array(z.string().max(200)).min(1).max(1000),
    }),
    output: out<ImportSavedMappingView>(),
  },
  'import:deleteMapping': { input: z.strictObject({ id }), output: out<{ id: number }>() },
  /**
   * The shell's open dialog for a payment export (at most 200 MB); null when cancelled. `dropped`:
   * the file just dropped onto the wizard instead, which the shell took from its own drop channel
   * (src/main/drop.ts); null when there is none. The renderer never names a path either way.
   */
  'import:pick': {
    input: z.strictObject({ dropped: z.literal(true).optional() }),
    output: out<ImportPickView | null>(),
  },
  /** Reads and classifies the picked file; writes nothing. */
  'import:preview': {
    input: importOptions.extend({ limit: z.number().int().min(1).max(IMPORT_PAGE_MAX).optional() }),
    output: out<ImportPreviewView>(),
  },
  /**
   * The file's first rows as a table (cells as text, at most 40 rows and 60 cells of 200
   * characters), for choosing the columns of a layout the importer does not know.
   */
  'import:head': {
    input: z.strictObject({ handle, encoding: z.enum(IMPORT_ENCODINGS).optional() }),
    output: out<{ rows: { line: number; cells: string[] }[] }>(),
  },
  /** A page of the last preview's rows, optionally of one status ('records': all but the skipped rows). */
  'import:rows': {
    input: z.strictObject({
      handle,
      offset: z.number().int().min(0).max(100_000_000),
      limit: z.number().int().min(1).max(IMPORT_PAGE_MAX),
      status: z.enum([...IMPORT_ROW_STATUSES, 'records']).optional(),
    }),
    output: out<{ rows: ImportRowView[]; total: number }>(),
  },
  /** Imports the file as one batch (possible duplicates only on the lines accepted). */
  'import:commit': {
    input: importOptions.extend({ acceptDuplicates: z.array(line).max(1_000_000).optional() }),
    output: out<ImportDoneView>(),
  },
  'import:batches': { input: z.strictObject({ clientId: id.optional() }), output: out<ImportBatchRow[]>() },
  'import:undo': {
    input: z.strictObject({ batchId: id, reason }),
    output: out<{ batchId: number; count: number }>(),
  },
} as const;
