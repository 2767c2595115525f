/** How the records screen names one record to a person: never by its database id. */
import type { RecordView } from '../../shared/contract';
import { shanghaiDate } from '../../shared/time';
import { money } from './record-format';

/**
 * "2024-03-05 张三 ¥500.00": the date, the counterparty and the amount, which is how an
 * accountant finds the line on the bank statement (an id like "第 118 号" means nothing to her).
 */
export function recordName(r: Pick<RecordView, 'occurredAt' | 'counterparty' | 'amountMinor' | 'currency'>): string {
  return [shanghaiDate(r.occurredAt), r.counterparty?.trim(), money(r.amountMinor, r.currency)]
    .filter(Boolean)
    .join(' ');
}
