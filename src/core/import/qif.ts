/**
 * QIF (Quicken Interchange Format): "!Type:" sections of one-letter lines, each item ended by "^".
 *
 * Records come from the cash-like sections (Bank, Cash, CCard, Oth A, Oth L): D date, T (or U)
 * amount whose sign is the direction, P payee, M memo, N number (the reference), L category.
 * A split transaction (S/E/$ lines) is one record with the transaction's total, because that
 * is what moved through the account; its category lists the split categories and its memo the
 * split lines, so nothing is lost. Lists (categories, classes, memorised transactions,
 * securities, the account list) are skipped as header material, and investment (Invst) items
 * are skipped as neutral: they are trades inside a brokerage account, not payments.
 * A zero-amount item moves no money (neutral); Quicken's "Opening Balance" item, a transfer
 * from the account to itself, is a summary.
 *
 * Dates have no fixed order. The rule, in this order: the file's "!Option:MDY"/"!Option:DMY";
 * the caller's `dayOrder`; the file's own dates (a first part above 12 means day first, a second
 * part above 12 means month first); otherwise month first, Quicken's own default. Two-digit years
 * after an apostrophe ("1/ 1'00") are 20xx, Quicken's mark for this century; other two-digit
 * years are 20xx below 70 and 19xx from 70.
 *
 * The text is read twice, line by line (a file read by path is never held whole): once to check
 * its structure and learn its day order, once to yield its rows.
 */
import { AccountGate, dateText, decimalText, importError, isZero, squash, textLines } from './statement-text';
import { because, rejectedRow } from './rejection';
import type { Declared, ImportedRecord, ImportedRow, ReaderResult, RowStream, TextReader, RowReason } from './types';

export type DayOrder = 'MDY' | 'DMY';

export interface QifOptions {
  /** The day order when the file does not state one ("!Option:MDY"). */
  dayOrder?: DayOrder;
  /** QIF names no currency. */
  currency?: string;
  /** Amounts written with a decimal comma ("1.234,56" is read either way; this settles "12,500"). */
  decimalComma?: boolean;
  /** Read this account's items when the file holds several ("!Account"); others are rejected. */
  account?: string;
}

const CASH_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l', 'invoice']);
const OPENING = /^(opening balance|eröffnungssaldo|saldo inicial|solde initial|期初余额)$/i;

interface Item {
  line: number;
  lines: string[];
  type: string;
}

interface DateParts {
  a: number;
  b: number;
  year: number;
}

/** The three numbers of a QIF date, the year already made four digits; null when not a date. */
function dateParts(raw: string): DateParts | null {
  const s = raw.replace(/\s+/g, '');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return { a: Number(iso[2]), b: Number(iso[3]), year: Number(iso[1]) };
  const m = /^(\d{1,2})[/.-](\d{1,2})(['/.-])(\d{2}|\d{4})$/.exec(s);
  if (!m) return null;
  let year = Number(m[4]);
  if (m[4]!.length === 2) year += m[3] === "'" || year < 70 ? 2000 : 1900;
  return { a: Number(m[1]), b: Number(m[2]), year };
}

function isoOrder(raw: string): boolean {
  return /^\s*\d{4}-/.test(raw);
}

/** The file's headers and items ("^"-ended blocks) in order. Throws when the last item is unended. */
function* itemsOf(lines: Iterable<string>, state: { option?: DayOrder }): Generator<Item, void, undefined> {
  let type = '';
  let current: Item | null = null;
  let number = 0;
  const header = (line: string): Item => {
    if (current)
      throw importError('qif', `a header at line ${number} inside an item that began at line ${current.line} (no "^")`);
    const lower = line.slice(1).trim().toLowerCase();
    if (lower.startsWith('type:')) type = lower.slice(5).trim();
    else if (lower === 'account') type = 'account';
    else if (lower === 'option:mdy' || lower === 'option:dmy') state.option = lower.slice(7).toUpperCase() as DayOrder;
    return { line: number, lines: [line], type: `!${lower}` };
  };
  for (const rawLine of lines) {
    number += 1;
    // trimEnd, not /\s+$/: the regex takes quadratic time on a long run of spaces inside a line.
    const line = rawLine.trimEnd();
    if (line.startsWith('!')) {
      yield header(line);
      continue;
    }
    if (line.trim() === '' && !current) continue;
    // Text before the first header is not QIF (quiffen's sample starts with comments): shown, skipped.
    if (type === '' && !current) {
      yield { line: number, lines: [line], type: '!preamble' };
      continue;
    }
    if (line.startsWith('^')) {
      const done = current;
      current = null;
      if (done) yield done;
      // Some writers put the next header right after the caret ("^!Type:Bank").
      const rest = line.slice(1).trim();
      if (rest.startsWith('!')) yield header(rest);
      else if (rest !== '') throw importError('qif', `text after "^" at line ${number}`);
      continue;
    }
    current ??= { line: number, lines: [], type };
    current.lines.push(line);
  }
  const last = current as Item | null;
  if (last && last.lines.some((l) => l.trim() !== '')) {
    throw importError(
      'qif',
      `the file ends inside an item that began at line ${last.line} (no closing "^"): truncated?`,
    );
  }
}

/** What the file's own dates say of their order, item by item. */
function noteOrder(item: Item, seen: { dayFirst: boolean; monthFirst: boolean }): void {
  if (!CASH_TYPES.has(item.type)) return;
  const d = item.lines.find((l) => l.startsWith('D'));
  const p = d && !isoOrder(d.slice(1)) ? dateParts(d.slice(1)) : null;
  if (!p) return;
  if (p.a > 12) seen.dayFirst = true;
  if (p.b > 12) seen.monthFirst = true;
}

function itemRow(item: Item, order: DayOrder, options: QifOptions, refusal: RowReason | null): ImportedRow {
  const source = item.lines.join('\n');
  const line = item.line;
  const reject = (why: RowReason): ImportedRow => rejectedRow(line, source, why);
  if (refusal) return reject(refusal);
  const fields = new Map<string, string>();
  const splits: { category: string; memo: string; amount: string }[] = [];
  for (const l of item.lines) {
    const code = l[0] ?? '';
    const value = l.slice(1).trim();
    // After the first S line, D, E and $ belong to the split (quiffen's sample dates a split).
    if (code === 'S') splits.push({ category: value, memo: '', amount: '' });
    else if (splits.length > 0 && (code === 'E' || code === '$' || code === 'D' || code === '%')) {
      const split = splits[splits.length - 1]!;
      if (code === 'E') split.memo = value;
      if (code === '$') split.amount = value;
    } else if (!fields.has(code)) fields.set(code, value);
  }
  const amountText = fields.get('T') ?? fields.get('U') ?? '';
  let amount = decimalText(amountText, options);
  if (!amount && amountText === '' && splits.length > 0) amount = sumSplits(splits, options);
  if (!amount) return reject(because('importRow.notAmount', { field: 'T', value: amountText }));
  const payee = squash(fields.get('P') ?? '');
  const category = fields.get('L') ?? '';
  if (OPENING.test(payee) && /^\[.*\]$/.test(category)) return { kind: 'skipped', line, source, reason: 'summary' };
  if (isZero(amount.amount)) return { kind: 'skipped', line, source, reason: 'neutral' };
  const dateRaw = fields.get('D') ?? '';
  const p = dateParts(dateRaw);
  const occurredAt =
    p && (isoOrder(dateRaw) || order === 'MDY' ? dateText(p.year, p.a, p.b) : dateText(p.year, p.b, p.a));
  if (!occurredAt)
    return reject(
      because('importRow.notDate', { field: order === 'MDY' ? 'D (MM/DD/YYYY)' : 'D (DD/MM/YYYY)', value: dateRaw }),
    );
  const splitCats = [...new Set(splits.map((s) => s.category).filter(Boolean))];
  const memo = squash(
    [fields.get('M') ?? '', ...splits.map((s) => squash(`${s.category} ${s.amount}${s.memo ? ` (${s.memo})` : ''}`))]
      .filter(Boolean)
      .join('; '),
  );
  const memoLine = fields.get('M') ?? '';
  const reference = squash(fields.get('N') ?? '');
  const record: ImportedRecord = {
    occurredAt,
    direction: amount.negative ? 'out' : 'in',
    amount: amount.amount,
    currency: options.currency ?? 'CNY',
    counterparty: payee || squash(memoLine),
    ...(reference ? { reference } : {}),
    ...(memo ? { memo } : {}),
    ...(splitCats.length > 0 && (category === '' || category === '--Split--')
      ? { category: splitCats.join('; ') }
      : category
        ? { category }
        : {}),
  };
  return { kind: 'record', line, source, record };
}

/** A transaction with splits but no T line: the exact sum of its split amounts. */
function sumSplits(splits: { amount: string }[], options: QifOptions) {
  let cents = 0n;
  let scale = 0;
  const parsed = splits.map((s) => decimalText(s.amount, options));
  if (parsed.some((p) => !p)) return null;
  for (const p of parsed) scale = Math.max(scale, (p!.amount.split('.')[1] ?? '').length);
  for (const p of parsed) {
    const [w, f = ''] = p!.amount.split('.');
    const v = BigInt(w!) * 10n ** BigInt(scale) + BigInt(f.padEnd(scale, '0') || '0');
    cents += p!.negative ? -v : v;
  }
  const negative = cents < 0n;
  const abs = (negative ? -cents : cents).toString().padStart(scale + 1, '0');
  const amount = scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
  return { negative, amount };
}

/** Reads a QIF file whole; throws E_INPUT for a truncated one or one whose dates contradict each other. */
export function readQif(text: string, options: QifOptions = {}): ReaderResult {
  const stream = streamQif(() => [text], options);
  return { format: 'qif', rows: [...stream.rows], declared: stream.declared };
}

/** The reading item by item, from the text's chunks (read twice); `declared` is complete at the end. */
export function streamQif(text: () => Iterable<string>, options: QifOptions = {}): RowStream {
  const declared: Declared = {};
  return { format: 'qif', rows: qifRows(text, options, declared), declared };
}

function* qifRows(
  text: () => Iterable<string>,
  options: QifOptions,
  declared: Declared,
): Generator<ImportedRow, void, undefined> {
  // The first pass: the structure checked (a truncated file refused before any row) and the day order.
  const state: { option?: DayOrder } = {};
  const seen = { dayFirst: false, monthFirst: false, header: false };
  for (const entry of itemsOf(textLines(text(), 'qif'), state)) {
    if (entry.type.startsWith('!')) seen.header = true;
    noteOrder(entry, seen);
  }
  if (!seen.header) throw importError('qif', 'no "!Type:" header: not a QIF file');
  let order = state.option ?? options.dayOrder;
  if (!order) {
    if (seen.dayFirst && seen.monthFirst)
      throw importError('qif', 'the dates are written in both day-month and month-day order');
    order = seen.dayFirst ? 'DMY' : 'MDY';
  }
  const gate = new AccountGate(options.account);
  // The account items just before a section name the account it belongs to; those between
  // "!Option:AutoSwitch" and "!Clear:AutoSwitch" are Quicken's list of all accounts, not that.
  let pending = '';
  let refusal: RowReason | null = null;
  for (const entry of itemsOf(textLines(text(), 'qif'), {})) {
    const skip = (reason: 'header' | 'neutral'): ImportedRow => ({
      kind: 'skipped',
      line: entry.line,
      source: entry.lines.join('\n'),
      reason,
    });
    if (entry.type.startsWith('!')) {
      if (entry.type === '!clear:autoswitch') pending = '';
      yield skip('header');
    } else if (entry.type === 'account') {
      pending =
        entry.lines
          .find((l) => l.startsWith('N'))
          ?.slice(1)
          .trim() ?? '';
      yield skip('header');
    } else if (CASH_TYPES.has(entry.type)) {
      if (pending) [refusal, pending] = [gate.check(pending), ''];
      yield itemRow(entry, order, options, refusal);
    } else yield skip(entry.type === 'invst' ? 'neutral' : 'header');
  }
  if (gate.account) declared.account = gate.account;
  if (gate.accounts.length > 1) declared.accounts = [...gate.accounts];
}

export const qifReader: TextReader = {
  format: 'qif',
  detect(head: string): number {
    return /^\uFEFF?\s*!(Type:\w|Account\s*$|Option:|Clear:)/im.test(head.slice(0, 2000)) ? 0.9 : 0;
  },
  read: (text: string, options?: { account?: string }) => readQif(text, options),
  stream: (text: () => Iterable<string>, options?: { account?: string }) => streamQif(text, options),
};
