/**
 * One new payment record checked as a whole, without writing it: the IPC contract's schema (types
 * and lengths), then the record rules (date window, amount, counterparty). addRecord throws the
 * first problem; a batch (the importer) can report every problem of every row.
 */
import { schemaProblems, type InputProblem } from '../input-problems';
import { newRecord, type NewRecord } from './contract';
import { checkAmount, checkOccurredAt, counterpartyProblem, DEFAULT_DATE_FLOOR, type FieldProblem } from './rules';

export interface RecordLimits {
  /** The clock: records may be dated up to the end of this Beijing day. */
  now: number;
  /** The vault's earliest record date, a Beijing calendar day ("2000-01-01"). */
  floor: string;
}

/** A record that passed every check, with its amount and date read as stored. */
export type CheckedRecord = NewRecord & { currency: string; amountMinor: number; occurredAtMs: number };

export type RecordCheck =
  { ok: true; record: CheckedRecord } | { ok: false; problems: (InputProblem | FieldProblem)[] };

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
  const amount = checkAmount(record.amount, currency);
  if (!amount.ok) problems.push(amount.problem);
  const counterparty = counterpartyProblem(record.counterparty);
  if (counterparty) problems.push(counterparty);
  if (!at.ok || !amount.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, record: { ...record, currency, amountMinor: amount.value, occurredAtMs: at.value } };
}
