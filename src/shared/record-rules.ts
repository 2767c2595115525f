/**
 * What makes a payment record valid, shared by the entry form (as the user types) and the core
 * (which enforces it). Times are Asia/Shanghai (UTC+8, no daylight saving) unless an offset is given.
 */
import { parseAmount, type AmountProblem } from './money';
import type { InputMessageKey, MessageParams } from './messages';

export const DIRECTIONS = ['in', 'out', 'neutral'] as const;
export const RECORD_STATUSES = ['succeeded', 'refunded', 'closed', 'pending'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** How far in the future a record may be dated (clock skew, a payment dated "today" abroad). */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;
export const SHANGHAI_OFFSET = '+08:00';

export interface RecordDraft {
  occurredAt: string;
  direction: string;
  amount: string;
  currency?: string;
  counterparty?: string;
}

export interface FieldProblem {
  field: 'occurredAt' | 'direction' | 'amount' | 'currency' | 'counterparty';
  key: InputMessageKey;
  params?: MessageParams;
}

const AMOUNT_KEYS: Record<AmountProblem, InputMessageKey> = {
  empty: 'record.amount.empty',
  format: 'record.amount.format',
  negative: 'record.amount.negative',
  too_many_decimals: 'record.amount.decimals',
  too_large: 'record.amount.tooLarge',
};

/** "2024-03-01", "2024-03-01 14:05", "2024-03-01T14:05:09+08:00" -> epoch ms, or null. */
export function parseOccurredAt(text: string): number | null {
  const s = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${zone ?? SHANGHAI_OFFSET}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  // Reject impossible dates that Date.parse would roll over (2024-02-30).
  if (!zone || zone === SHANGHAI_OFFSET) {
    const local = new Date(ms + 8 * 3600_000);
    if (
      local.getUTCFullYear() !== Number(y) ||
      local.getUTCMonth() + 1 !== Number(mo) ||
      local.getUTCDate() !== Number(d)
    ) {
      return null;
    }
  }
  return ms;
}

/** The first problem of a draft, field by field, or null when it can be saved. */
export function recordProblems(draft: RecordDraft, now: number = Date.now()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = parseOccurredAt(draft.occurredAt);
  if (at === null) problems.push({ field: 'occurredAt', key: 'record.date.invalid' });
  else if (at > now + FUTURE_TOLERANCE_MS) problems.push({ field: 'occurredAt', key: 'record.date.future' });
  if (!(DIRECTIONS as readonly string[]).includes(draft.direction))
    problems.push({ field: 'direction', key: 'record.direction' });
  const currency = draft.currency ?? 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: 'currency', key: 'record.currency' });
  const amount = parseAmount(draft.amount, currency);
  if (!amount.ok) problems.push({ field: 'amount', key: AMOUNT_KEYS[amount.problem], params: { currency } });
  if (!draft.counterparty || draft.counterparty.trim() === '')
    problems.push({ field: 'counterparty', key: 'record.counterparty' });
  return problems;
}
