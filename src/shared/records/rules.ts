/**
 * What makes a payment record valid, shared by the entry form (as the user types) and the core
 * (which enforces it). Times are Asia/Shanghai (src/shared/time.ts) unless an offset is given.
 */
import { parseAmount, type AmountProblem } from '../money';
import type { InputMessageKey, MessageParams } from '../messages';
import { parseShanghai, shanghaiDate, shanghaiDayBounds } from '../time';

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

/** A record's date and time: Beijing time unless the text carries an offset (epoch ms, or null). */
export const parseOccurredAt = parseShanghai;

/**
 * A record's date as epoch ms: a real date, not before the vault's floor (a Beijing calendar day)
 * and not after today in Beijing, at any hour of today.
 */
export function checkOccurredAt(text: string, now: number, floor: string = DEFAULT_DATE_FLOOR): Checked<number> {
  const at = parseOccurredAt(text);
  if (at === null) return { ok: false, problem: { field: 'occurredAt', key: 'record.date.invalid' } };
  const lowest = shanghaiDayBounds(floor)?.start ?? Number.NEGATIVE_INFINITY;
  if (at < lowest)
    return { ok: false, problem: { field: 'occurredAt', key: 'record.date.beforeFloor', params: { floor } } };
  if (at > shanghaiDayBounds(shanghaiDate(now))!.end)
    return { ok: false, problem: { field: 'occurredAt', key: 'record.date.future' } };
  return { ok: true, value: at };
}

/** An amount as integer minor units of `currency`: well formed and more than zero. */
export function checkAmount(text: string, currency: string): Checked<number> {
  const amount = parseAmount(text, currency);
  if (!amount.ok)
    return { ok: false, problem: { field: 'amount', key: AMOUNT_KEYS[amount.problem], params: { currency } } };
  if (amount.minor <= 0) return { ok: false, problem: { field: 'amount', key: 'record.amount.zero' } };
  return { ok: true, value: amount.minor };
}

export function counterpartyProblem(text: string | undefined): FieldProblem | null {
  return !text || text.trim() === '' ? { field: 'counterparty', key: 'record.counterparty' } : null;
}

/**
 * Every problem of a draft, field by field (empty when it can be saved). `floor` is the vault's
 * earliest record date; the entry form, which cannot read settings, checks against the default
 * and the core against the setting.
 */
export function recordProblems(
  draft: RecordDraft,
  now: number = Date.now(),
  floor: string = DEFAULT_DATE_FLOOR,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = checkOccurredAt(draft.occurredAt, now, floor);
  if (!at.ok) problems.push(at.problem);
  if (!(DIRECTIONS as readonly string[]).includes(draft.direction))
    problems.push({ field: 'direction', key: 'record.direction' });
  const currency = draft.currency ?? 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: 'currency', key: 'record.currency' });
  const amount = checkAmount(draft.amount, currency);
  if (!amount.ok) problems.push(amount.problem);
  const counterparty = counterpartyProblem(draft.counterparty);
  if (counterparty) problems.push(counterparty);
  return problems;
}
