/**
 * Which format a payment export is, from its content, never its file name (issue 14): a
 * spreadsheet by its first bytes, else the text decoded (encoding.ts); then every registered
 * TableReader judges the first rows (of each sheet, or of the CSV) and every TextReader the head
 * of the text. The most confident wins; the runner-up is kept for the wizard to offer.
 */
import { LedgerVaultError } from '../errors';
import { decodeChunks, detectEncoding, type Decoded, type EncodingId } from './encoding';
import { bytesFile, CHUNK_BYTES, type ImportFile } from './import-source';
import { TABLE_READERS, TEXT_READERS } from './readers';
import { readCsv } from './table/csv';
import { readWorkbook, sheetKind, type Sheet } from './table/sheet';
import type { FormatId, ImportedRow, ReaderResult, RowStream, TableReader, TableRow, TextReader } from './types';

export type { RowStream } from './types';

/** Rows a table reader sees to decide: every preamble we know (Alipay's 24 lines) fits. */
export const HEAD_ROWS = 40;
/** Characters of text a text reader sees to decide. */
export const HEAD_CHARS = 16 * 1024;
/** Below this, nothing is detected: the wizard asks the user to choose a format. */
export const MIN_CONFIDENCE = 0.3;

export interface Candidate {
  format: FormatId;
  confidence: number;
  /** The sheet it was found on, for a spreadsheet. */
  sheet?: string;
}

export interface Detection {
  source: ImportSource;
  /** The encoding of a text file (a spreadsheet has none to choose). */
  encoding?: { id: EncodingId; confident: boolean };
  best?: Candidate;
  runnerUp?: Candidate;
  /** Every reader's answer above zero, most confident first. */
  candidates: Candidate[];
}

export interface Registry {
  table: TableReader[];
  text: TextReader[];
}

const defaultRegistry = (): Registry => ({ table: TABLE_READERS, text: TEXT_READERS });

/** A text file's decoded text: its start for detection, the whole of it chunk by chunk for reading. */
export interface TextSource {
  kind: 'text';
  encoding: EncodingId;
  confident: boolean;
  /** The first HEAD_CHARS * 4 characters (or the whole text, when shorter). */
  head: string;
  /** The decoded text from its start, chunk by chunk (the file is read again each time). */
  text(): Iterable<string>;
  /** The whole text in one string (tests, a reader without `stream`): what streaming avoids. */
  readonly decoded: Decoded;
}

export type ImportSource = { kind: 'sheet'; sheets: Sheet[] } | TextSource;

const asFile = (file: ImportFile | Uint8Array): ImportFile => (file instanceof Uint8Array ? bytesFile(file) : file);

function textSource(file: ImportFile, override?: EncodingId): TextSource {
  const guess = detectEncoding(file.head(CHUNK_BYTES));
  const encoding = override ?? guess.encoding;
  const text = () => decodeChunks(file.chunks(), override);
  let head = '';
  for (const part of text()) {
    head += part;
    if (head.length >= HEAD_CHARS * 4) break;
  }
  let whole: Decoded | undefined;
  return {
    kind: 'text',
    encoding,
    confident: override ? true : guess.confident,
    head: head.slice(0, HEAD_CHARS * 4),
    text,
    get decoded() {
      whole ??= { encoding, text: [...text()].join(''), confident: override ? true : guess.confident };
      return whole;
    },
  };
}

/** Opens a file: a spreadsheet's sheets (read whole), or its text (in `encoding` when the user chose one). */
export async function openSource(input: ImportFile | Uint8Array, encoding?: EncodingId): Promise<ImportSource> {
  const file = asFile(input);
  if (sheetKind(file.head(512))) return { kind: 'sheet', sheets: await readWorkbook(file.whole()) };
  return textSource(file, encoding);
}

/** The first `limit` rows of a text source's head read as CSV. */
function csvRows(head: string, limit: number): TableRow[] {
  const rows: TableRow[] = [];
  // Detection must not fail on a file that is not CSV (an MT940 line of 2 MB): a head only.
  for (const row of readCsv(head)) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}

function judge(reader: { detect(head: never): number }, head: unknown): number {
  try {
    const c = (reader.detect as (h: unknown) => number)(head);
    return Number.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
  } catch {
    return 0; // a reader that cannot make sense of the head is simply not this format
  }
}

export async function detectFormat(
  file: ImportFile | Uint8Array,
  options: { encoding?: EncodingId; registry?: Registry } = {},
): Promise<Detection> {
  const registry = options.registry ?? defaultRegistry();
  const source = await openSource(file, options.encoding);
  const candidates: Candidate[] = [];
  if (source.kind === 'sheet') {
    // Visible sheets, the active one first, so it wins a tie (a workbook with a copy of the data).
    const order = [...source.sheets].filter((s) => !s.hidden).sort((a, b) => Number(b.active) - Number(a.active));
    for (const sheet of order) {
      const head = sheet.rows.slice(0, HEAD_ROWS);
      for (const r of registry.table)
        candidates.push({ format: r.format, confidence: judge(r, head), sheet: sheet.name });
    }
  } else {
    let head: TableRow[] = [];
    try {
      head = csvRows(source.head, HEAD_ROWS);
    } catch {
      head = []; // not CSV at all: only the text readers can say what it is
    }
    for (const r of registry.table) candidates.push({ format: r.format, confidence: judge(r, head) });
    const text = source.head.slice(0, HEAD_CHARS);
    for (const r of registry.text) candidates.push({ format: r.format, confidence: judge(r, text) });
  }
  // Stable sort: among equal confidences the earlier (active sheet, registry order) wins.
  const ranked = candidates.filter((c) => c.confidence > 0).sort((a, b) => b.confidence - a.confidence);
  const best = ranked[0] && ranked[0].confidence >= MIN_CONFIDENCE ? ranked[0] : undefined;
  const runnerUp = ranked.find((c) => best && c.format !== best.format);
  return {
    source,
    encoding: source.kind === 'text' ? { id: source.encoding, confident: source.confident } : undefined,
    best,
    runnerUp,
    candidates: ranked,
  };
}

/** Reads a source in the given format (detected, or chosen by the user), row by row where the reader can. */
export function streamSource(
  source: ImportSource,
  format: FormatId,
  options: { sheet?: string; registry?: Registry } = {},
): RowStream {
  const registry = options.registry ?? defaultRegistry();
  const table = registry.table.find((r) => r.format === format);
  const text = registry.text.find((r) => r.format === format);
  if (source.kind === 'sheet') {
    if (!table) throw new LedgerVaultError('E_INPUT', `A spreadsheet cannot be read as ${format}.`);
    const sheet = source.sheets.find((s) => s.name === options.sheet) ?? source.sheets.find((s) => s.active);
    if (!sheet) throw new LedgerVaultError('E_INPUT', 'The spreadsheet has no sheet to read.');
    return table.read(sheet.rows);
  }
  // Text formats read the decoded text in chunks, as often as they need to (QIF reads it twice).
  if (text) return text.stream ? text.stream(() => source.text()) : text.read(source.decoded.text);
  if (!table) throw new LedgerVaultError('E_INPUT', `No reader for the format ${format}.`);
  // Each iteration tokenizes the file again from its start: a streaming reader may pass twice.
  const rows: Iterable<TableRow> = { [Symbol.iterator]: () => readCsv(source.text()) };
  return table.stream ? table.stream(rows) : table.read(rows);
}

/** Reads a source in the given format into memory whole (tests, small files). */
export function readSource(
  source: ImportSource,
  format: FormatId,
  options: { sheet?: string; registry?: Registry } = {},
): ReaderResult {
  const stream = streamSource(source, format, options);
  const rows = Array.isArray(stream.rows) ? (stream.rows as ImportedRow[]) : [...stream.rows];
  return { format: stream.format, rows, declared: stream.declared };
}

/** Detects and reads in one step; E_INPUT when no reader recognises the file. */
export async function readImport(
  file: ImportFile | Uint8Array,
  options: { format?: FormatId; encoding?: EncodingId; registry?: Registry } = {},
): Promise<ReaderResult & { detection: Detection }> {
  const detection = await detectFormat(file, options);
  const format = options.format ?? detection.best?.format;
  if (!format) throw new LedgerVaultError('E_INPUT', 'The file is not a payment export this version can read.');
  const sheet = detection.candidates.find((c) => c.format === format)?.sheet;
  return { ...readSource(detection.source, format, { sheet, registry: options.registry }), detection };
}
