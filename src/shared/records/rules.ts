/**
 * What makes a payment record valid, shared by the entry form (as the user types) and the core
 * (which enforces it). Times are Asia/Shanghai (src/shared/time.ts) unless an offset is given.
 */
import { minorDigits, parseAmount, type AmountProblem } from '../money';
import type { InputMessageKey, MessageParams } from '../messages';
import { parseShanghai, shanghaiDate, shanghaiDayBounds } from '../time';
import { readRecordDate } from './record-date';

export { readRecordDate, type DateReading } from './record-date';

export const DIRECTIONS = ['in', 'out', 'neutral'] as const;
export const RECORD_STATUSES = ['succeeded', 'refunded', 'closed', 'pending'] as const;
/** The payment channels the entry form and filters offer (the stored value stays free text for imports). */
export const PAYMENT_CHANNELS = ['alipay', 'wechat', 'bank', 'card', 'cash', 'other'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/**
 * The reason a person gives for revealing a full account number, exporting one, or deleting a
 * record: long enough to say something to an auditor, short enough for one audit line. The IPC
 * schema, the core functions and the forms all use these two numbers.
 */
export const REASON_MIN = 4;
export const REASON_MAX = 200;

/** Why a reason is refused, or null when it will do. */
export function reasonProblem(reason: string): { key: InputMessageKey; params: MessageParams } | null {
  return reason.trim().length < REASON_MIN ? { key: 'reason.tooShort', params: { min: REASON_MIN } } : null;
}

/**
 * The earliest Beijing calendar day a record may have unless an admin sets another (the vault
 * setting recordDateFloor): old enough for any real backlog, late enough to catch "1900".
 */
export const DEFAULT_DATE_FLOOR = '2000-01-01';

export interface RecordDraft {
  occurredAt: string;
  direction: string;
  amount: string;
  currency?: string;
  counterparty?: string;
}

export interface FieldProblem {
  /** The NewRecord field it concerns ("occurredAt", "amount", ...). */
  field: string;
  key: InputMessageKey;
  params?: MessageParams;
}

/** A value read from what a person typed, or why it cannot be. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const AMOUNT_KEYS: Record<AmountProblem, InputMessageKey> = {
  empty: 'record.amount.empty',
  format: 'record.amount.format',
  negative: 'record.amount.negative',
  too_many_decimals: 'record.amount.decimals',
  too_large: 'record.amount.tooLarge',
};

/** A strict ISO-like date and time (filters, the CLI): Beijing time unless the text carries an offset. */
export const parseOccurredAt = parseShanghai;

/** A record's instant, and whether a time of day was entered (else it is the day's midnight). */
export interface RecordDate {
  at: number;
  hasTime: boolean;
}

/**
 * A record's date as typed (record-date.ts: 2024/3/5, 20240305, 3月5日, ...): a real date, not
 * before the vault's floor (a Beijing calendar day) and not after today in Beijing.
 */
export function checkOccurredAt(text: string, now: number, floor: string = DEFAULT_DATE_FLOOR): Checked<RecordDate> {
  const read = readRecordDate(text, now);
  if (!read.ok) {
    if (read.problem === 'month')
      return {
        ok: false,
        problem: { field: 'occurredAt', key: 'record.date.month', params: { date: read.date, month: read.month } },
      };
    if (read.problem === 'day')
      return {
        ok: false,
        problem: {
          field: 'occurredAt',
          key: 'record.date.day',
          params: { date: read.date, month: read.month, days: read.days },
        },
      };
    return { ok: false, problem: { field: 'occurredAt', key: 'record.date.invalid' } };
  }
  const lowest = shanghaiDayBounds(floor)?.start ?? Number.NEGATIVE_INFINITY;
  if (read.at < lowest)
    return { ok: false, problem: { field: 'occurredAt', key: 'record.date.beforeFloor', params: { floor } } };
  if (read.at > shanghaiDayBounds(shanghaiDate(now))!.end)
    return { ok: false, problem: { field: 'occurredAt', key: 'record.date.future' } };
  return { ok: true, value: { at: read.at, hasTime: read.hasTime } };
}

/**
 * A signed amount as bank and wallet bills write money out: "-500", "−500" (the minus sign),
 * "-¥500.00", "¥-500", "(500.00)". Returns the text without its sign and whether it had one;
 * text without a sign comes back as it is. The sign is resolved here, once, for the entry form
 * (which flips the direction to 支出) and for the core's lenient callers (the importer): a
 * negative amount means direction "out" with its absolute value. The IPC contract's amounts
 * stay positive; only a caller that says its input is lenient gets this reading.
 */
export function splitSign(text: string): { negative: boolean; rest: string } {
  let s = text.normalize('NFKC').trim();
  const accounting = /^\((.*)\)$/.exec(s);
  if (accounting) return { negative: true, rest: accounting[1]!.trim() };
  const currency = /^(CNY|RMB|¥|元)\s*/i.exec(s);
  const prefix = currency ? currency[0] : '';
  s = s.slice(prefix.length);
  if (s.startsWith('-') || s.startsWith('\u2212')) return { negative: true, rest: prefix + s.slice(1).trim() };
  return { negative: false, rest: text };
}

/** An amount as integer minor units of `currency`: well formed and more than zero. */
export function checkAmount(text: string, currency: string): Checked<number> {
  const amount = parseAmount(text, currency);
  if (!amount.ok) {
    const digits = minorDigits(currency);
    // No currency code in the message (it read "CNY 金额..."): every currency but JPY/KRW has two.
    if (amount.problem === 'too_many_decimals' && digits === 0)
      return { ok: false, problem: { field: 'amount', key: 'record.amount.noDecimals' } };
    return { ok: false, problem: { field: 'amount', key: AMOUNT_KEYS[amount.problem] } };
  }
  if (amount.minor <= 0) return { ok: false, problem: { field: 'amount', key: 'record.amount.zero' } };
  return { ok: true, value: amount.minor };
}

/**
 * An amount that may carry a sign (lenient input: the form, the importer): its minor units and
 * whether it was negative, i.e. money out.
 */
export function checkSignedAmount(text: string, currency: string): Checked<{ minor: number; negative: boolean }> {
  const { negative, rest } = splitSign(text);
  const amount = checkAmount(rest, currency);
  return amount.ok ? { ok: true, value: { minor: amount.value, negative } } : amount;
}

export function counterpartyProblem(text: string | undefined): FieldProblem | null {
  return !text || text.trim() === '' ? { field: 'counterparty', key: 'record.counterparty' } : null;
}

/**
 * Every problem of a draft, field by field (empty when it can be saved). `floor` is the vault's
 * earliest record date; the entry form, which cannot read settings, checks against the default
 * and the core against the setting. `lenient` accepts a negative amount (money out).
 */
export function recordProblems(
  draft: RecordDraft,
  now: number = Date.now(),
  floor: string = DEFAULT_DATE_FLOOR,
  lenient = false,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = checkOccurredAt(draft.occurredAt, now, floor);
  if (!at.ok) problems.push(at.problem);
  if (!(DIRECTIONS as readonly string[]).includes(draft.direction))
    problems.push({ field: 'direction', key: 'record.direction' });
  const currency = draft.currency ?? 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: 'currency', key: 'record.currency' });
  const amount = lenient ? checkSignedAmount(draft.amount, currency) : checkAmount(draft.amount, currency);
  if (!amount.ok) problems.push(amount.problem);
  const counterparty = counterpartyProblem(draft.counterparty);
  if (counterparty) problems.push(counterparty);
  return problems;
}
