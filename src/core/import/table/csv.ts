/**
 * RFC 4180 CSV, as payment platforms and banks actually write it (issue 14): quoted fields with
 * doubled quotes, CRLF or LF (or a lone CR), newlines inside quotes, and the liberties real
 * exports take: a quote inside an unquoted field is a character (WeChat: 点击底部"多多视频"), text
 * after a closing quote belongs to the field (WeChat: "4200…"<TAB>), rows of different lengths.
 * Cells are trimmed of the spaces and TABs Alipay and ICBC pad them with (a TAB keeps Excel from
 * showing a long number in E notation; it is not part of the value).
 *
 * It reads an iterable of text chunks, so a 200 MB file need not be one string, and it holds a
 * hostile file to hard limits: a row of more than MAX_COLUMNS cells or a field of more than
 * MAX_FIELD_CHARS characters is E_INPUT at once, never a hang or a huge allocation.
 */
import { LedgerVaultError } from '../../errors';
import type { TableRow } from '../types';

export const MAX_COLUMNS = 1000;
export const MAX_FIELD_CHARS = 1024 * 1024;

export type Delimiter = ',' | '\t' | ';';

export interface CsvOptions {
  /** Detected from the first chunk when not given (see detectDelimiter). */
  delimiter?: Delimiter;
  /** Trim spaces and TABs around each cell; on unless a caller needs the raw cells. */
  trim?: boolean;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Reads CSV text (a string or chunks of it) into rows; `line` is the 1-based line a row starts on. */
export function* readCsv(input: string | Iterable<string>, options: CsvOptions = {}): Generator<TableRow> {
  const chunks = typeof input === 'string' ? [input] : input;
  const trim = options.trim ?? true;
  let delim = options.delimiter ? options.delimiter.charCodeAt(0) : -1;

  let cells: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted section
  let wasQuoted = false; // the field had a quoted section: a later quote is a character
  let crEndedRun = false; // a quoted run ended in CR: an LF starting the next run is the same break
  let pendingQuote = false; // saw a quote inside quotes: either "" or the closing quote
  let pendingCr = false; // saw CR: a following LF belongs to the same line break
  let line = 1;
  let rowLine = 1;
  let any = false;

  const endField = () => {
    cells.push(trim ? trimCell(field) : field);
    if (cells.length > MAX_COLUMNS) {
      throw new LedgerVaultError(
        'E_INPUT',
        `Line ${rowLine} has more than ${MAX_COLUMNS} columns: not a payment export.`,
      );
    }
    field = '';
    wasQuoted = false;
  };
  const endRow = (): TableRow => {
    endField();
    const row = { line: rowLine, cells };
    cells = [];
    return row;
  };
  const grow = (text: string) => {
    field += text;
    if (field.length > MAX_FIELD_CHARS) {
      throw new LedgerVaultError(
        'E_INPUT',
        `A field starting on line ${rowLine} is longer than ${MAX_FIELD_CHARS} characters: not a payment export.`,
      );
    }
  };

  for (const chunk of chunks) {
    if (delim < 0) delim = detectDelimiter(chunk).charCodeAt(0);
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (c === LF) {
          i += 1;
          continue;
        }
      }
      if (pendingQuote) {
        pendingQuote = false;
        if (c === QUOTE) {
          grow('"');
          i += 1;
          continue;
        }
        quoted = false; // that quote closed the quoted section; c is read below as unquoted
      }
      any = true;
      if (quoted) {
        // Copy the run up to the next quote in one piece.
        const q = chunk.indexOf('"', i);
        const end = q < 0 ? n : q;
        const run = chunk.slice(i, end);
        line += countBreaks(run) - (crEndedRun && run.charCodeAt(0) === LF ? 1 : 0);
        crEndedRun = run.charCodeAt(run.length - 1) === CR;
        grow(run);
        if (q < 0) {
          i = n;
        } else {
          pendingQuote = true;
          i = q + 1;
        }
        continue;
      }
      if (c === delim) {
        endField();
        i += 1;
        continue;
      }
      if (c === CR || c === LF) {
        yield endRow();
        line += 1;
        rowLine = line;
        pendingCr = c === CR;
        any = false;
        i += 1;
        continue;
      }
      if (c === QUOTE && !wasQuoted && field.trim() === '') {
        field = '';
        quoted = true;
        wasQuoted = true;
        crEndedRun = false;
        i += 1;
        continue;
      }
      // An unquoted run: up to the next delimiter, line break or (at a field start) quote.
      let j = i + 1;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === delim || d === CR || d === LF) break;
        j += 1;
      }
      grow(chunk.slice(i, j));
      i = j;
    }
  }
  if (pendingQuote) quoted = false;
  if (quoted) {
    throw new LedgerVaultError('E_INPUT', `A quoted field starting on line ${rowLine} is never closed.`);
  }
  // A last line without a line break is still a row; an empty last line after one is not.
  if (any || cells.length > 0 || field !== '') yield endRow();
}

/**
 * The delimiter of a CSV sample: the candidate that splits the most lines into the same number of
 * cells, weighted by that number (a TAB after each Alipay ID must not beat its twelve commas).
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample
    .slice(0, 64 * 1024)
    .split(/\r\n|\n|\r/)
    .slice(0, 60);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';'] as const) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const k = countOutsideQuotes(l, d);
      if (k > 0) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let score = 0;
    for (const [k, times] of counts) score = Math.max(score, k * times);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let inside = false;
  let k = 0;
  for (const ch of line) {
    if (ch === '"') inside = !inside;
    else if (ch === d && !inside) k += 1;
  }
  return k;
}

function countBreaks(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === LF) k += 1;
    else if (c === CR && i + 1 < s.length && s.charCodeAt(i + 1) !== LF) k += 1;
    else if (c === CR && i + 1 === s.length) k += 1;
  }
  return k;
}

/** Padding around a cell: space, TAB, NBSP. Declared once, not per call: this runs for every cell. */
const pad = (c: number) => c === 32 || c === 9 || c === 0xa0;

/** Spaces, TABs and NBSPs around a cell are padding; inner ones are kept. */
export function trimCell(s: string): string {
  // A scan from each end, not /^[ \t]+|[ \t]+$/: the regex takes quadratic time on a long run of
  // spaces inside a cell (a 1 MB field would take minutes).
  let start = 0;
  let end = s.length;
  while (start < end && pad(s.charCodeAt(start))) start += 1;
  while (end > start && pad(s.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
