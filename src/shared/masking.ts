/**
 * Account and card numbers as people may see them without a reason (PCI DSS v4 3.4.1): a card
 * number at most its first 6 and last 4 digits; every other number (bank accounts, Alipay or
 * WeChat IDs, which are often phone numbers) its last 4 only; an e-mail style ID its first
 * letter and domain.
 */
export const ACCOUNT_KINDS = ['bank', 'alipay', 'wechat', 'card', 'other'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export function maskAccountNumber(value: string | null | undefined, kind: AccountKind = 'other'): string | null {
  if (value === null || value === undefined || value === '') return null;
  const compact = value.replace(/[\s-]/g, '');
  if (compact.includes('@')) {
    const at = compact.indexOf('@');
    return `${compact.slice(0, 1)}***${compact.slice(at)}`;
  }
  if (kind === 'card' && compact.length >= 13)
    return `${compact.slice(0, 6)}${'*'.repeat(compact.length - 10)}${compact.slice(-4)}`;
  return `****${compact.slice(-4)}`;
}
