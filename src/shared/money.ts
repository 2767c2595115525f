/**
 * Money as integer minor units (fen for CNY), never floats. Parsing and formatting live here so
 * that the renderer's form, the core and the CLI read "1,234.56" the same way.
 */
export const MINOR_DIGITS: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, GBP: 2, JPY: 0, KRW: 0 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export type AmountProblem = 'empty' | 'format' | 'negative' | 'too_many_decimals' | 'too_large';

/** Largest amount accepted: 10^13 minor units (100 billion yuan), far inside 2^53. */
export const MAX_MINOR = 10 ** 13;

/**
 * Parses what people type: "1,234.56", "1234.5", "¥1234.56", "￥ 12", "1 234.00", full-width digits.
 * Returns minor units, or the reason it cannot.
 */
export function parseAmount(
  text: string,
  currency = 'CNY',
): { ok: true; minor: number } | { ok: false; problem: AmountProblem } {
  const digits = minorDigits(currency);
  let s = text
    .normalize('NFKC') // full-width digits, ￥ and ， become ASCII
    .trim()
    .replace(/^(CNY|RMB|¥|￥|元)\s*/i, '')
    .replace(/\s*(元|CNY|RMB)$/i, '')
    .trim();
  if (s === '') return { ok: false, problem: 'empty' };
  if (s.startsWith('-') || s.startsWith('−') || (s.startsWith('(') && s.endsWith(')')))
    return { ok: false, problem: 'negative' };
  if (s.startsWith('+')) s = s.slice(1);
  // Thousands separators: commas or spaces between groups of three, only before the point.
  if (!/^(\d{1,3}([, ]\d{3})+|\d+)(\.\d*)?$/.test(s)) return { ok: false, problem: 'format' };
  const [whole, fraction = ''] = s.replace(/[, ]/g, '').split('.') as [string, string?];
  if (fraction.length > digits) return { ok: false, problem: 'too_many_decimals' };
  const wholeNum = Number(whole);
  const minor = wholeNum * 10 ** digits + Number((fraction ?? '').padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return { ok: false, problem: 'too_large' };
  return { ok: true, minor };
}

/** "1,234.56" from 123456 (CNY); exact, no floating point. */
export function formatAmount(minor: number, currency = 'CNY'): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${String(abs % unit).padStart(digits, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
