/**
 * The generic CSV/XLSX reader ('csv', issue 14) for a bank layout nobody has profiled: a column
 * mapping the wizard saves per bank (checked by a zod schema, so a stored mapping that no longer
 * fits is refused, not half-applied), and a best guess of one from header names when the file is
 * new. It reads through the same engine as the bank profiles, so a mapped file gets the same
 * summary, placeholder, currency and direction handling as ICBC's.
 */
import { z } from 'zod';
import { LedgerVaultError } from '../../errors';
import { because, rejectedRow } from '../rejection';
import type { Declared, ImportedRow, ReaderResult, RowReason, RowStream, TableReader, TableRow } from '../types';
import type { DateOrder } from './dates';
import { HEADER_SEARCH_ROWS, readRow, sourceOf } from './engine';
import { guessMapping } from './guess';
import { normaliseHeader, type AmountRule, type Context, type Layout } from './layout';
import { clean } from './money';
import { readPreamble } from './preamble';

/** A column by its header text (as the file writes it) or its 0-based position. */
const column = z.union([z.string().trim().min(1).max(200), z.number().int().min(0).max(999)]);
const columns = z.union([column, z.array(column).min(1).max(8)]);

/** Year first (any separator, or none: 20250101), day first, month first, or a yearless MM/DD. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'MM-DD'] as const;

export const columnMappingSchema = z
  .object({
    /** The header row's line (TableRow.line: the CSV line or the sheet row the preview shows). */
    headerRow: z.number().int().min(1).max(10_000),
    date: columns,
    time: column.optional(),
    /** One signed (or unsigned, with `direction`) amount column… */
    amount: column.optional(),
    /** …or separate money-in and money-out columns. */
    in: column.optional(),
    out: column.optional(),
    /** A 借/贷 (收/支, Dr/Cr) column for an unsigned amount; its words when not the usual ones. */
    direction: z
      .object({
        column,
        in: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
        out: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
      })
      .optional(),
    /** What a positive signed amount is: money in for an account, money out on a credit card statement. */
    positive: z.enum(['in', 'out']).default('in'),
    counterparty: columns,
    counterpartyAccount: column.optional(),
    reference: column.optional(),
    memo: columns.optional(),
    currency: column.optional(),
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('CNY'),
    dateFormat: z.enum(DATE_FORMATS).default('YYYY-MM-DD'),
    decimalComma: z.boolean().default(false),
    channel: z.enum(['bank', 'card']).default('bank'),
    /**
     * A saved mapping's header row, its names normalised (import-mappings.ts): the header is then
     * found by these names among the first rows, wherever the export puts it, and `headerRow`
     * only says where it was in the file the mapping was made from.
     */
    header: z.array(z.string().max(200)).min(1).max(1000).optional(),
  })
  .refine((m) => (m.amount !== undefined) !== (m.in !== undefined && m.out !== undefined), {
    message: 'give either one amount column or both an in and an out column',
  })
  .refine((m) => (m.in === undefined) === (m.out === undefined), { message: 'in and out go together' });

export type ColumnMapping = z.output<typeof columnMappingSchema>;
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

const ORDER: Record<(typeof DATE_FORMATS)[number], DateOrder> = {
  'YYYY-MM-DD': 'ymd',
  'DD-MM-YYYY': 'dmy',
  'MM-DD-YYYY': 'mdy',
  'MM-DD': 'ymd',
};

type Column = z.output<typeof column>;

/** A column's key in the engine's header map: its normalised name, or "#3" for a position. */
function key(c: Column): string {
  return typeof c === 'number' ? `#${c}` : normaliseHeader(c);
}

function keys(c: Column | Column[] | undefined): string[] {
  if (c === undefined) return [];
  return (Array.isArray(c) ? c : [c]).map(key);
}

/** The mapping as an engine layout, so a mapped file reads exactly as a profiled one. */
export function layoutOf(m: ColumnMapping): Layout {
  let amount: AmountRule;
  if (m.in !== undefined && m.out !== undefined) {
    amount = {
      kind: 'inout',
      pairs: [{ in: key(m.in), out: key(m.out), currency: m.currency === undefined ? undefined : key(m.currency) }],
    };
  } else if (m.direction) {
    amount = {
      kind: 'marker',
      amount: keys(m.amount),
      marker: [key(m.direction.column)],
      inValues: m.direction.in,
      outValues: m.direction.out,
    };
  } else amount = { kind: 'signed', amount: keys(m.amount), positive: m.positive };
  return {
    name: 'csv',
    channel: m.channel,
    signature: [],
    date: keys(m.date),
    time: keys(m.time),
    amount,
    currency: keys(m.currency),
    counterparty: keys(m.counterparty),
    counterpartyAccount: keys(m.counterpartyAccount),
    reference: keys(m.reference),
    memo: keys(m.memo),
  };
}

/** Header map with both the names and the positions, so either kind of column reference works. */
function headerMap(cells: string[]): Map<string, number> {
  const map = new Map<string, number>();
  cells.forEach((c, i) => {
    const name = normaliseHeader(c);
    if (name !== '' && !map.has(name)) map.set(name, i);
    map.set(`#${i}`, i);
  });
  return map;
}

/** Every column the mapping names by its header text (not by position). */
export function namedColumns(m: ColumnMapping): string[] {
  return [
    m.date,
    m.time,
    m.amount,
    m.in,
    m.out,
    m.direction?.column,
    m.counterparty,
    m.counterpartyAccount,
    m.reference,
    m.memo,
    m.currency,
  ]
    .flatMap((c) => (c === undefined ? [] : Array.isArray(c) ? c : [c]))
    .filter((c): c is string => typeof c === 'string');
}

/** Columns the mapping names that the header row does not have: the mapping was saved for another layout. */
function missing(m: ColumnMapping, header: Map<string, number>): string[] {
  return namedColumns(m).filter((c) => !header.has(normaliseHeader(c)));
}

/** A header row as a saved mapping compares it: each cell normalised, trailing empty cells dropped. */
export function headerKey(cells: readonly string[]): string[] {
  const names = cells.map(normaliseHeader);
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return names;
}

const sameHeader = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Reads rows with a mapping: the rows above the header are preamble, every row below is classified. */
export function readMapped(input: ColumnMappingInput, rows: Iterable<TableRow>): ReaderResult {
  const stream = streamMapped(input, rows);
  return { format: 'csv', rows: [...stream.rows], declared: stream.declared };
}

/**
 * The same reading row by row (issue 14, Safety: a 200 MB file is never held whole): only the rows
 * above the header are held until it is found. The mapping is checked at once, before any row.
 */
export function streamMapped(input: ColumnMappingInput, rows: Iterable<TableRow>): RowStream {
  const parsed = columnMappingSchema.safeParse(input);
  // A stored mapping that no longer fits the schema is refused whole, never half-applied.
  if (!parsed.success)
    throw new LedgerVaultError(
      'E_INPUT',
      `The column mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const declared: Declared = {};
  return { format: 'csv', rows: mappedRows(parsed.data, rows, declared), declared };
}

function* mappedRows(
  mapping: ColumnMapping,
  rows: Iterable<TableRow>,
  declared: Declared,
): Generator<ImportedRow, void, undefined> {
  const layout = layoutOf(mapping);
  const preamble: TableRow[] = [];
  let ctx: Context | undefined;
  let problem: RowReason | undefined;
  // One iterator throughout: a header never found leaves the rest of the file to be refused below.
  const it = rows[Symbol.iterator]();
  for (let next = it.next(); !next.done; next = it.next()) {
    const row = next.value;
    if (ctx) {
      yield problem ? rejectedRow(row.line, sourceOf(row), problem) : readRow(row, ctx, declared);
      continue;
    }
    const atHeader = mapping.header ? sameHeader(headerKey(row.cells), mapping.header) : row.line >= mapping.headerRow;
    if (!atHeader) {
      preamble.push(row);
      // A saved header is looked for among the first rows only, like every bank's.
      if (mapping.header && preamble.length > HEADER_SEARCH_ROWS) break;
      continue;
    }
    const read = readPreamble(preamble.map((r) => r.cells));
    Object.assign(declared, read.declared);
    for (const p of preamble.splice(0)) {
      const blank = p.cells.every((c) => clean(c) === '');
      yield { kind: 'skipped', line: p.line, source: sourceOf(p), reason: blank ? 'blank' : 'header' };
    }
    yield { kind: 'skipped', line: row.line, source: sourceOf(row), reason: 'header' };
    const header = headerMap(row.cells);
    const absent = missing(mapping, header);
    // Every row is refused rather than read with the wrong columns: the user adjusts the mapping.
    if (absent.length > 0)
      problem = because('importRow.mappingColumnsMissing', { columns: absent.map((c) => `“${c}”`).join('、') });
    // The header's own names spot it again further down (a multi-page export repeats it).
    layout.signature = row.cells.map(normaliseHeader).filter((c) => c !== '');
    if (layout.signature.length === 0) problem = because('importRow.mappingHeaderBlank', { line: row.line });
    ctx = {
      layout,
      header,
      hint: read.hint,
      currency: declared.currency ?? mapping.defaultCurrency,
      order: ORDER[mapping.dateFormat],
      decimalComma: mapping.decimalComma,
    };
  }
  if (ctx) return;
  const notFound = mapping.header
    ? because('importRow.savedHeaderMissing', { columns: mapping.header.filter(Boolean).slice(0, 8).join('、') })
    : because('importRow.noHeaderAt', { line: mapping.headerRow });
  for (const p of preamble) yield rejectedRow(p.line, sourceOf(p), notFound);
  for (let next = it.next(); !next.done; next = it.next())
    yield rejectedRow(next.value.line, sourceOf(next.value), notFound);
}

/** A guess the schema accepts (a header of odd names can yield one it would refuse). */
function usableGuess(head: TableRow[]): ColumnMappingInput | undefined {
  const guess = guessMapping(head);
  return guess && columnMappingSchema.safeParse(guess).success ? guess : undefined;
}

/**
 * The generic reader: with a saved mapping it reads by it; without one it guesses a mapping from
 * the header names, and refuses every row when it cannot (the wizard then asks for a mapping).
 * Its detection stays low, so any bank or platform that knows its layout wins.
 */
export function genericReader(mapping?: ColumnMappingInput): TableReader {
  const stream = (rows: Iterable<TableRow>): RowStream => {
    if (mapping) return streamMapped(mapping, rows);
    const declared: Declared = {};
    return { format: 'csv', rows: guessedRows(rows, declared), declared };
  };
  return {
    format: 'csv',
    detect: (head) => (mapping ? 0.5 : usableGuess(head.slice(0, HEADER_SEARCH_ROWS)) ? 0.3 : 0),
    read(rows) {
      const read = stream(rows);
      return { format: 'csv', rows: [...read.rows], declared: read.declared };
    },
    stream,
  };
}

/** Without a mapping: one guessed from the head (only the head is held), or every row refused. */
function* guessedRows(rows: Iterable<TableRow>, declared: Declared): Generator<ImportedRow, void, undefined> {
  const it = rows[Symbol.iterator]();
  const head: TableRow[] = [];
  let next = it.next();
  while (!next.done && head.length < HEADER_SEARCH_ROWS) {
    head.push(next.value);
    next = it.next();
  }
  const after = next; // the first row past the head (or the end): read once, in order
  const all: Iterable<TableRow> = {
    *[Symbol.iterator]() {
      yield* head.splice(0);
      for (let n = after; !n.done; n = it.next()) yield n.value;
    },
  };
  const guess = usableGuess(head);
  if (guess) {
    const read = streamMapped(guess, all);
    yield* read.rows;
    Object.assign(declared, read.declared);
    return;
  }
  const why = because('importRow.noMapping');
  for (const r of all) yield rejectedRow(r.line, sourceOf(r), why);
}

/** The registry's 'csv' reader: guesses its mapping; the wizard makes one with a saved mapping. */
export const csvReader: TableReader = genericReader();
