/** The entry form's draft: what the user types, and how it becomes the core's input or patch. */
import type { RecordView } from '../../shared/contract';
import { formatAmount, parseAmount } from '../../shared/money';
import { splitSign, type Direction, type FieldProblem, type RecordStatus } from '../../shared/records/rules';
import { formatRecordTime, shanghaiDate } from '../../shared/time';
import type { NewRecordInput, RecordPatch } from './record-format';

export interface Draft {
  clientId: number | undefined;
  occurredAt: string;
  direction: Direction | '';
  amount: string;
  /** One of PAYMENT_CHANNELS, or "" for none (an imported record may hold other text). */
  channel: string;
  counterparty: string;
  counterpartyAccount: string;
  reference: string;
  memo: string;
  status: RecordStatus;
}

export type Field = FieldProblem['field'];

export function emptyDraft(clientId: number | undefined): Draft {
  return {
    clientId,
    occurredAt: shanghaiDate(),
    direction: '',
    amount: '',
    channel: '',
    counterparty: '',
    counterpartyAccount: '',
    reference: '',
    memo: '',
    status: 'succeeded',
  };
}

/** A saved record as the form shows it for editing; its account number stays masked. */
export function draftOf(r: RecordView): Draft {
  return {
    clientId: r.clientId,
    occurredAt: formatRecordTime(r.occurredAt, r.hasTime),
    direction: r.direction,
    amount: formatAmount(r.amountMinor, r.currency),
    channel: r.channel ?? '',
    counterparty: r.counterparty ?? '',
    counterpartyAccount: '',
    reference: r.reference ?? '',
    memo: r.memo ?? '',
    status: r.status,
  };
}

/**
 * The amount as the core takes it: positive, its sign already turned into the direction
 * (`directionFor`), so "-500" goes as 500 out.
 */
export function unsignedAmount(text: string): string {
  return splitSign(text.trim()).rest.trim();
}

/** The direction a typed amount implies: "-500" (and "(500.00)") is money out; else unchanged. */
export function directionFor(amount: string, direction: Direction | ''): Direction | '' {
  return splitSign(amount).negative ? 'out' : direction;
}

/** The fields the user changed, as a patch for records:update (the account only when typed). */
export function patchOf(before: Draft, d: Draft): RecordPatch {
  const patch: RecordPatch = {};
  if (d.clientId !== undefined && d.clientId !== before.clientId) patch.clientId = d.clientId;
  if (d.occurredAt.trim() !== before.occurredAt) patch.occurredAt = d.occurredAt.trim();
  if (d.direction !== before.direction && d.direction !== '') patch.direction = d.direction;
  if (d.amount.trim() !== before.amount) {
    const now = parseAmount(unsignedAmount(d.amount));
    const was = parseAmount(before.amount);
    if (!(now.ok && was.ok && now.minor === was.minor)) patch.amount = unsignedAmount(d.amount);
  }
  if (d.channel !== before.channel) patch.channel = d.channel;
  if (d.counterparty.trim() !== before.counterparty) patch.counterparty = d.counterparty.trim();
  if (d.counterpartyAccount.trim()) patch.counterpartyAccount = d.counterpartyAccount.trim();
  if (d.reference.trim() !== before.reference) patch.reference = d.reference.trim();
  if (d.memo.trim() !== before.memo) patch.memo = d.memo.trim();
  if (d.status !== before.status) patch.status = d.status;
  return patch;
}

/** What the user typed, as the core's input (empty optional fields left out). */
export function toInput(d: Draft, clientId: number): NewRecordInput {
  const input: NewRecordInput = {
    clientId,
    occurredAt: d.occurredAt.trim(),
    direction: d.direction as Direction,
    amount: unsignedAmount(d.amount),
    counterparty: d.counterparty.trim(),
    status: d.status,
  };
  if (d.channel) input.channel = d.channel;
  if (d.counterpartyAccount.trim()) input.counterpartyAccount = d.counterpartyAccount.trim();
  if (d.reference.trim()) input.reference = d.reference.trim();
  if (d.memo.trim()) input.memo = d.memo.trim();
  return input;
}
