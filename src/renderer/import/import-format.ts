/** How the import wizard formats what the core returns: money exactly from minor units, status colours. */
import type { ImportRowStatus } from '../../shared/contract';
import { formatAmount } from '../../shared/money';

/** "¥1,234.56" for yuan, "USD 1,234.56" otherwise; exact, from minor units. */
export function money(minor: number, currency = 'CNY'): string {
  return currency === 'CNY' ? `¥${formatAmount(minor, currency)}` : `${currency} ${formatAmount(minor, currency)}`;
}

export const STATUS_COLOR: Record<ImportRowStatus, string> = {
  new: 'green',
  duplicate: 'default',
  duplicateInFile: 'orange',
  possibleDuplicate: 'gold',
  rejected: 'red',
  skipped: 'default',
};

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
