/**
 * The one engine behind every Chinese bank reader (issue 14): find the header row among the
 * first rows, read the preamble above it (account, currency, period, statement month), then turn
 * each row below into a record, a skipped row (blank, repeated header, summary or disclaimer,
 * zero amount) or a rejected row with a reason a person can act on. A bank is only a profile of
 * column names (profiles-*.ts); what differs in code is the direction rule (layout.ts).
 */
import { because, rejectedRow } from '../rejection';
import type {
  Declared,
  ImportedRecord,
  ImportedRow,
  ReaderResult,
  RowReason,
  RowStream,
  TableReader,
  TableRow,
} from '../types';
import { parseDateTime, parseTime } from './dates';
import { ACCOUNT_NAMES, REFERENCE_NAMES, normaliseHeader, type BankProfile, type Context, type Layout } from './layout';
import { readAmount } from './direction';
import { clean, isPlaceholder, toMinor } from './money';
import { readPreamble } from './preamble';

/** How far down a file the header may be: ICBC's is on line 7, CIB's on row 11, WeChat's on 17. */
export const HEADER_SEARCH_ROWS = 40;

/**
 * First cells that open a summary or disclaimer rather than a transaction: ICBC "人民币合计" and
 * "合计金额", CCB "以上数据仅供参考|…", CIB "说明 | 交易明细涉及您的个人隐私…", and the like.
 */
const SUMMARY =
  /^(人民币|美元|港币|港元|外币|本币)?(合计|总计|小计|本页合计|本页小计|合计金额)|^以上|仅供参考|^说明([:：]|$)|^注[:：]|^温馨提示|^特别提示|^备注[:：]|^共\s*\d+\s*笔|^本期(应还|账单)|^[-=—]{3,}$/;

/** A row's cells as text, for the row's `source` (the file's own row, kept for traceability). */
export function sourceOf(row: TableRow): string {
  return row.cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** Column index of each normalised header name (the first, when a name repeats). */
function indexHeader(cells: string[]): Map<string, number> {
  const map = new Map<string, number>();
  cells.forEach((c, i) => {
    const name = normaliseHeader(c);
    if (name !== '' && !map.has(name)) map.set(name, i);
  });
  return map;
}

/** The most specific layout whose signature this row carries, or undefined. */
export function matchLayout(cells: string[], layouts: Layout[]): Layout | undefined {
  const names = indexHeader(cells);
  let best: Layout | undefined;
  for (const layout of layouts) {
    if (!layout.signature.every((n) => names.has(n))) continue;
    if (!best || layout.signature.length > best.signature.length) best = layout;
  }
  return best;
}

/** The first non-placeholder cell of these columns. */
function pick(cells: string[], header: Map<string, number>, names: string[] | undefined): string | undefined {
  for (const name of names ?? []) {
    const i = header.get(name);
    if (i === undefined) continue;
    const v = clean(cells[i]);
    if (!isPlaceholder(v)) return v;
  }
  return undefined;
}

/** Every distinct non-placeholder cell of these columns, in order. */
function collect(cells: string[], header: Map<string, number>, names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const i = header.get(name);
    const v = i === undefined ? '' : clean(cells[i]);
    if (!isPlaceholder(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A reference only if it tells rows apart: ABC writes "0000000000" on every interest line. */
function usableReference(ref: string | undefined): string | undefined {
  return ref === undefined || /^0+$/.test(ref) ? undefined : ref;
}

export function readRow(row: TableRow, ctx: Context, declared: Declared): ImportedRow {
  const { layout, header } = ctx;
  const source = sourceOf(row);
  const cells = row.cells;
  const first = cells.map((c) => clean(c)).find((c) => c !== '') ?? '';
  if (first === '') return { kind: 'skipped', line: row.line, source, reason: 'blank' };
  if (matchLayout(cells, [layout])) return { kind: 'skipped', line: row.line, source, reason: 'header' };
  if (SUMMARY.test(first)) {
    noteTotals(cells, ctx, declared);
    return { kind: 'skipped', line: row.line, source, reason: 'summary' };
  }
  const dateText = pick(cells, header, layout.date);
  const date = dateText === undefined ? undefined : parseDateTime(dateText, ctx.hint, ctx.order);
  const amount = readAmount(cells, ctx);
  const reject = (why: RowReason): ImportedRow => rejectedRow(row.line, source, why);
  if (date === undefined) {
    // Free text below the table (a disclaimer, a note) has neither a date nor an amount.
    if (dateText === undefined && (amount.kind === 'empty' || amount.kind === 'error')) {
      return { kind: 'skipped', line: row.line, source, reason: 'summary' };
    }
    return reject(
      dateText === undefined
        ? because('importRow.noDate')
        : dateText && !/\d{4}/.test(dateText) && !ctx.hint
          ? because('importRow.noYear', { value: dateText })
          : because('importRow.notDate', {
              field: layout.date.find((name) => header.has(name)) ?? '日期',
              value: dateText,
            }),
    );
  }
  if (amount.kind === 'error') return reject(amount.why);
  if (amount.kind === 'empty') return reject(because('importRow.noAmount'));
  if (amount.kind === 'zero') return { kind: 'skipped', line: row.line, source, reason: 'neutral' };

  let occurredAt = date;
  const timeText = date.length === 10 ? pick(cells, header, layout.time) : undefined;
  const time = timeText === undefined ? undefined : parseTime(timeText);
  if (time) occurredAt = `${date} ${time}`;

  let counterparty = pick(cells, header, layout.counterparty) ?? '';
  let counterpartyAccount = pick(cells, header, layout.counterpartyAccount ?? ACCOUNT_NAMES);
  if (layout.stripType) counterparty = counterparty.replace(layout.stripType, '').trim() || counterparty;
  if (layout.splitAccount) {
    const m = counterparty.length > 200 ? null : /^(.*?)\s*(\d{8,})$/.exec(counterparty);
    if (m && m[1] !== '') {
      counterparty = m[1]!;
      counterpartyAccount ??= m[2]!;
    }
  }
  const memo = collect(cells, header, layout.memo).join(' | ');
  const reference = usableReference(pick(cells, header, layout.reference ?? REFERENCE_NAMES));
  const record: ImportedRecord = {
    occurredAt,
    direction: amount.direction,
    amount: amount.amount,
    currency: amount.currency,
    channel: layout.channel,
    counterparty,
  };
  if (counterpartyAccount !== undefined) record.counterpartyAccount = counterpartyAccount;
  if (reference !== undefined) record.reference = reference;
  if (memo !== '') record.memo = memo;
  return { kind: 'record', line: row.line, source, record };
}

/** A summary row's 收入/支出 figures (ICBC "人民币合计,…,1,234.56,9,876.54"), into `declared` once. */
function noteTotals(cells: string[], ctx: Context, declared: Declared): void {
  const rule = ctx.layout.amount;
  if (rule.kind !== 'inout' || declared.inMinor !== undefined || declared.outMinor !== undefined) return;
  for (const pair of rule.pairs) {
    const inText = pick(cells, ctx.header, [pair.in]);
    const outText = pick(cells, ctx.header, [pair.out]);
    if (inText === undefined && outText === undefined) continue;
    const inAmount = readAmount(cells, ctx, { only: pair, side: 'in' });
    const outAmount = readAmount(cells, ctx, { only: pair, side: 'out' });
    // A total that is not a whole number of fen is not declared (the import is checked against nothing).
    if (inAmount.kind === 'record') declared.inMinor = toMinor(inAmount.amount);
    else if (inAmount.kind === 'zero') declared.inMinor = 0;
    if (outAmount.kind === 'record') declared.outMinor = toMinor(outAmount.amount);
    else if (outAmount.kind === 'zero') declared.outMinor = 0;
    if (declared.inMinor === undefined) delete declared.inMinor;
    if (declared.outMinor === undefined) delete declared.outMinor;
    return;
  }
}

/** Rows above the header: ICBC's preamble is 6, CIB's 10; a file with none in 200 is not a statement. */
export const MAX_PREAMBLE_ROWS = 200;

function noHeader(profile: BankProfile, row: TableRow): ImportedRow {
  if (row.cells.every((c) => clean(c) === ''))
    return { kind: 'skipped', line: row.line, source: sourceOf(row), reason: 'blank' };
  const columns = profile.layouts[0]?.signature.join('、') ?? '';
  return rejectedRow(row.line, sourceOf(row), because('importRow.noHeader', { columns }));
}

/** Reads rows with a profile: the header found by signature, every row after it classified. */
export function readStatement(profile: BankProfile, rows: Iterable<TableRow>): ReaderResult {
  const stream = streamStatement(profile, rows);
  return { format: profile.format, rows: [...stream.rows], declared: stream.declared };
}

/**
 * The same reading row by row (issue 14, Safety): only the rows above the header (at most
 * MAX_PREAMBLE_ROWS) are held until the header is found; `declared` is complete once every row is read.
 */
export function streamStatement(profile: BankProfile, rows: Iterable<TableRow>): RowStream {
  const declared: Declared = {};
  function* read(): Generator<ImportedRow> {
    const preamble: TableRow[] = [];
    let ctx: Context | undefined;
    let refused = false;
    for (const row of rows) {
      if (ctx) {
        yield readRow(row, ctx, declared);
        continue;
      }
      if (refused || preamble.length >= MAX_PREAMBLE_ROWS) {
        // No header this far down: not this bank's table. Rows are refused as they come, not held;
        // a person must see every row of it, the ones above first.
        if (!refused) for (const p of preamble.splice(0)) yield noHeader(profile, p);
        refused = true;
        yield noHeader(profile, row);
        continue;
      }
      const layout = matchLayout(row.cells, profile.layouts);
      if (!layout) {
        preamble.push(row);
        continue;
      }
      const read = readPreamble(preamble.map((r) => r.cells));
      Object.assign(declared, read.declared);
      for (const p of preamble) {
        const blank = p.cells.every((c) => clean(c) === '');
        yield { kind: 'skipped', line: p.line, source: sourceOf(p), reason: blank ? 'blank' : 'header' };
      }
      yield { kind: 'skipped', line: row.line, source: sourceOf(row), reason: 'header' };
      ctx = { layout, header: indexHeader(row.cells), hint: read.hint, currency: declared.currency };
    }
    // No header: nothing here is this bank's table, and a person must see every row of it.
    if (!ctx && !refused) for (const p of preamble) yield noHeader(profile, p);
  }
  return { format: profile.format, rows: read(), declared };
}

/** How sure a profile is of these first rows: a header with its signature, more with its title. */
export function detectStatement(profile: BankProfile, head: TableRow[]): number {
  const above: string[][] = [];
  for (const row of head.slice(0, HEADER_SEARCH_ROWS)) {
    const layout = matchLayout(row.cells, profile.layouts);
    if (layout) {
      const titled = layout.title?.test(readPreamble(above).text) ?? false;
      // A longer signature is a surer match; the title lifts a bank above a generic mapping.
      return Math.min(0.99, 0.8 + layout.signature.length * 0.01 + (titled ? 0.05 : 0));
    }
    above.push(row.cells);
  }
  return 0;
}

/** A TableReader for one bank's profile. */
export function bankReader(profile: BankProfile): TableReader {
  return {
    format: profile.format,
    detect: (head) => detectStatement(profile, head),
    read: (rows) => readStatement(profile, rows),
    stream: (rows) => streamStatement(profile, rows),
  };
}
