/**
 * What the international statement readers (camt.053, OFX, QIF, MT940) share: exact decimal
 * text, sums in minor units without floats, instants moved to Beijing wall time, the one-account
 * rule, and the error a reader throws for a file it cannot read whole.
 */
import { minorDigits } from '../../shared/money';
import { shanghaiParts } from '../../shared/time';
import { LedgerVaultError } from '../errors';
import { because } from './rejection';
import type { FormatId, RowReason } from './types';

/** A file that cannot be read as a whole (malformed, truncated, refused): E_INPUT naming the format. */
export function importError(format: FormatId, detail: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', `${format}: ${detail}`, {
    messageKey: 'import.malformed',
    params: { format: FORMAT_NAMES[format] ?? format, detail },
  });
}

/** How people write the international formats' names, the same in both languages. */
const FORMAT_NAMES: Partial<Record<FormatId, string>> = { camt053: 'camt.053', ofx: 'OFX', qif: 'QIF', mt940: 'MT940' };

export interface SignedDecimal {
  negative: boolean;
  /** Positive, "." for the point, no grouping, no leading zeros, two decimals or more: "1234.56", "9.00". */
  amount: string;
}

/**
 * Reads an amount as text, exactly. Grouping is recognised, not guessed blindly: with both "."
 * and "," the last one is the decimal point ("1.234,56" and "1,234.56"); with only "," it is the
 * decimal point when `decimalComma` says so (MT940 always), or when it is not followed by groups
 * of exactly three digits ("12,50"); "1,234" is one thousand two hundred and thirty-four. Signs:
 * leading "-"/"+", trailing "-" (some bank exports), or parentheses. Null when not an amount.
 */
export function decimalText(raw: string, options: { decimalComma?: boolean } = {}): SignedDecimal | null {
  let s = raw.normalize('NFKC').replace(/[\s']/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) [negative, s] = [true, s.slice(1, -1)];
  if (/^[-+]/.test(s)) [negative, s] = [negative || s[0] === '-', s.slice(1)];
  else if (/[-+]$/.test(s)) [negative, s] = [negative || s.endsWith('-'), s.slice(0, -1)];
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let whole: string;
  let fraction: string;
  if (lastDot !== -1 && lastComma !== -1) {
    const point = Math.max(lastDot, lastComma);
    const group = point === lastDot ? ',' : '.';
    whole = s.slice(0, point);
    fraction = s.slice(point + 1);
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(whole) || !/^\d*$/.test(fraction)) return null;
    whole = whole.split(group).join('');
  } else if (lastComma !== -1) {
    if (!options.decimalComma && /^\d{1,3}(,\d{3})+$/.test(s)) [whole, fraction] = [s.replace(/,/g, ''), ''];
    else if (s.indexOf(',') === lastComma) [whole, fraction] = [s.slice(0, lastComma), s.slice(lastComma + 1)];
    else return null;
  } else if (lastDot !== -1) {
    if (s.indexOf('.') === lastDot) [whole, fraction] = [s.slice(0, lastDot), s.slice(lastDot + 1)];
    else if (/^\d{1,3}(\.\d{3})+$/.test(s)) [whole, fraction] = [s.replace(/\./g, ''), ''];
    else return null;
  } else [whole, fraction] = [s, ''];
  if (!/^\d*$/.test(whole) || (whole === '' && fraction === '')) return null;
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  // At least two decimals, like the table readers' amounts ("9," is "9.00"); more are kept exactly.
  return { negative, amount: `${whole}.${fraction.padEnd(2, '0')}` };
}

/** True when a canonical decimal is zero ("0", "0.00"). */
export const isZero = (amount: string) => /^0*(\.0*)?$/.test(amount);

/**
 * Minor units (cents, fen) of a positive decimal in this currency, as a bigint so a sum of a
 * 200 MB statement cannot lose a cent. Digits past the currency's minor unit round half up.
 */
export function minorOf(amount: string, currency: string): bigint {
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = amount.split('.');
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const base = BigInt(whole || '0') * 10n ** BigInt(digits) + BigInt(kept || '0');
  return (fraction[digits] ?? '0') >= '5' ? base + 1n : base;
}

/** A bigint sum as the `Declared` number, refusing one past 2^53 rather than rounding it. */
export function declaredNumber(minor: bigint, format: FormatId): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER))
    throw importError(format, 'a declared total is too large to hold exactly');
  return Number(minor);
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Wall time at a UTC offset (in minutes) as Beijing wall time, "YYYY-MM-DD HH:MM:SS". Payments
 * are kept on Beijing time like everything else in the vault, so an instant stated elsewhere is
 * moved, not relabelled: 23:30 in New York is the next morning in Beijing. Null for a date that
 * does not exist (2023-02-30).
 */
export function beijingTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMinutes: number,
): string | null {
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return null;
  const instant = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offsetMinutes * 60_000;
  const p = shanghaiParts(instant);
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

export function validDate(y: number, mo: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** "2024-03-01" from parts, or null when no such day. */
export function dateText(y: number, mo: number, d: number): string | null {
  return validDate(y, mo, d) ? `${y}-${two(mo)}-${two(d)}` : null;
}

/**
 * An ISO 8601 date or date-time (camt.053's Dt and DtTm) as the record's `occurredAt`: a plain
 * date stays the date (a day has no instant to move); a time with an offset or "Z" is moved to
 * Beijing; a time without one is taken as Beijing's own wall time (nothing says otherwise).
 */
export function isoToBeijing(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return dateText(y, mo, d);
  const zone = m[7];
  const offset =
    zone === undefined
      ? 8 * 60
      : zone === 'Z'
        ? 0
        : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return beijingTime(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0), offset);
}

/**
 * One file, one account. A statement file may hold statements of several accounts (MT940's
 * :25:, camt.053's Stmt/Acct, OFX's ACCTFROM), but the importer puts every record into the one
 * account the user chose, and a record does not say whose it is. So the reader takes the
 * statements of one account (the caller's choice, or the first in the file) and rejects the
 * rows of any other account with a reason naming it, rather than mixing two accounts silently.
 */
export class AccountGate {
  private readonly seen: string[] = [];
  constructor(private readonly wanted?: string) {}

  /** Null when this statement's rows are for the account being read, else the reason to reject them. */
  check(account: string): RowReason | null {
    const id = account.trim();
    if (id !== '' && !this.seen.some((s) => same(s, id))) this.seen.push(id);
    const reading = this.wanted ?? this.seen[0] ?? id;
    if (id === '' || same(id, reading)) return null;
    return because('importRow.otherAccount', { account: id, reading });
  }

  /** The account whose rows became records, as the file spells it, for `Declared.account`. */
  get account(): string | undefined {
    return (this.wanted && this.seen.find((s) => same(s, this.wanted!))) ?? this.wanted ?? this.seen[0];
  }

  /** Every account the file names, in order of appearance. */
  get accounts(): readonly string[] {
    return this.seen;
  }
}

/** Account numbers compare without spaces: "12300 000012345678" is "12300000012345678". */
const same = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** Collapses runs of whitespace (SWIFT and OFX pad names with spaces) and trims. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The longest line a line-oriented statement (QIF, MT940) may have: a real one is under 100 characters. */
export const MAX_LINE_CHARS = 16 * 2 ** 20;

/**
 * The lines of a text that comes in chunks, as `text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)`
 * gives them (a CRLF split across two chunks is one line end), without holding more than a line:
 * a file read by path never sits whole in memory (issue 14, Safety). A line longer than
 * MAX_LINE_CHARS is E_INPUT, so a file of one endless line cannot exhaust memory either.
 */
export function* textLines(chunks: Iterable<string>, format: FormatId): Generator<string, void, undefined> {
  let rest = '';
  let first = true;
  let afterCr = false;
  for (let chunk of chunks) {
    if (chunk === '') continue;
    if (first) chunk = chunk.replace(/^\uFEFF/, '');
    first = false;
    if (afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    afterCr = chunk.endsWith('\r');
    const parts = chunk.split(/\r\n|\r|\n/);
    parts[0] = rest + parts[0]!;
    rest = parts.pop()!;
    if (rest.length > MAX_LINE_CHARS) throw importError(format, `a line longer than ${MAX_LINE_CHARS / 2 ** 20} MB`);
    yield* parts;
  }
  yield rest;
}
