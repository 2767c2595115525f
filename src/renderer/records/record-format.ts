/** How the records screen names and formats what the core returns (the calls go through app/client). */
import type { InputOf } from '../../shared/contract';
import { formatAmount } from '../../shared/money';

export type RecordQuery = InputOf<'records:list'>;
export type NewRecordInput = InputOf<'records:add'>;
export type ExportFormat = InputOf<'records:export'>['format'];
export type RecordPatch = InputOf<'records:update'>['patch'];

/** "¥1,234.56" for yuan, "USD 1,234.56" otherwise; exact, from minor units. */
export function money(minor: number, currency = 'CNY'): string {
  return currency === 'CNY' ? `¥${formatAmount(minor, currency)}` : `${currency} ${formatAmount(minor, currency)}`;
}

export const DIRECTION_COLOR = { in: 'green', out: 'red', neutral: 'default' } as const;

/** Whether `value` is one of the names in `list` (a stored field read back as text). */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
