/**
 * One new payment record checked as a whole, without writing it: the IPC contract's schema (types
 * and lengths), then the record rules (date window, amount, counterparty). addRecord throws the
 * first problem; a batch (the importer) can report every problem of every row.
 */
import { schemaProblems, type InputProblem } from '../input-problems';
import { newRecord, type NewRecord } from './contract';
import {
  checkAmount,
  checkOccurredAt,
  checkSignedAmount,
  counterpartyProblem,
  DEFAULT_DATE_FLOOR,
  type FieldProblem,
} from './rules';

export interface RecordLimits {
  /** The clock: records may be dated up to the end of this Beijing day. */
  now: number;
  /** The vault's earliest record date, a Beijing calendar day ("2000-01-01"). */
  floor: string;
  /**
   * Input as bills write it (the importer): a negative amount ("-500", "(500.00)") is money out,
   * stored as direction "out" with its absolute value. Off for the IPC channel, whose amounts are
   * positive with a direction: the entry form resolves the sign itself with the same rule.
   */
  lenient?: boolean;
}

/** A record that passed every check, with its amount and date read as stored. */
export type CheckedRecord = NewRecord & {
  currency: string;
  amountMinor: number;
  occurredAtMs: number;
  /** False when only a date was typed: shown without a time, never as 00:00. */
  hasTime: boolean;
};

export type RecordCheck =
  { ok: true; record: CheckedRecord } | { ok: false; problems: (InputProblem | FieldProblem)[] };

/** A positive amount, in the shape of a signed one (never negative). */
function unsigned(text: string, currency: string): ReturnType<typeof checkSignedAmount> {
  const amount = checkAmount(text, currency);
  return amount.ok ? { ok: true, value: { minor: amount.value, negative: false } } : amount;
}

export function checkNewRecord(
  input: unknown,
  limits: RecordLimits = { now: Date.now(), floor: DEFAULT_DATE_FLOOR },
): RecordCheck {
  const parsed = newRecord.safeParse(input);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error, input) };
  const record = parsed.data;
  const currency = record.currency ?? 'CNY';
  const problems: FieldProblem[] = [];
  const at = checkOccurredAt(record.occurredAt, limits.now, limits.floor);
  if (!at.ok) problems.push(at.problem);
  const amount = limits.lenient ? checkSignedAmount(record.amount, currency) : unsigned(record.amount, currency);
  if (!amount.ok) problems.push(amount.problem);
  const counterparty = counterpartyProblem(record.counterparty);
  if (counterparty) problems.push(counterparty);
  if (!at.ok || !amount.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      ...record,
      direction: amount.value.negative ? 'out' : record.direction,
      currency,
      amountMinor: amount.value.minor,
      occurredAtMs: at.value.at,
      hasTime: at.value.hasTime,
    },
  };
}
