/** The entry form's draft: what the user types, and how it becomes the core's input or patch. */
import type { RecordView } from '../../shared/contract';
import { formatAmount, parseAmount } from '../../shared/money';
import type { Direction, FieldProblem, RecordStatus } from '../../shared/records/rules';
import { formatShanghai, shanghaiDate } from '../../shared/time';
import type { NewRecordInput, RecordPatch } from './record-format';

export interface Draft {
  clientId: number | undefined;
  occurredAt: string;
  direction: Direction | '';
  amount: string;
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
    occurredAt: formatShanghai(r.occurredAt),
    direction: r.direction,
    amount: formatAmount(r.amountMinor, r.currency),
    counterparty: r.counterparty ?? '',
    counterpartyAccount: '',
    reference: r.reference ?? '',
    memo: r.memo ?? '',
    status: r.status,
  };
}

/** The fields the user changed, as a patch for records:update (the account only when typed). */
export function patchOf(before: Draft, d: Draft): RecordPatch {
  const patch: RecordPatch = {};
  if (d.occurredAt.trim() !== before.occurredAt) patch.occurredAt = d.occurredAt.trim();
  if (d.direction !== before.direction && d.direction !== '') patch.direction = d.direction;
  if (d.amount.trim() !== before.amount) {
    const now = parseAmount(d.amount);
    const was = parseAmount(before.amount);
    if (!(now.ok && was.ok && now.minor === was.minor)) patch.amount = d.amount.trim();
  }
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
    amount: d.amount.trim(),
    counterparty: d.counterparty.trim(),
    status: d.status,
  };
  if (d.counterpartyAccount.trim()) input.counterpartyAccount = d.counterpartyAccount.trim();
  if (d.reference.trim()) input.reference = d.reference.trim();
  if (d.memo.trim()) input.memo = d.memo.trim();
  return input;
}
