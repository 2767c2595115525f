/**
 * Amounts and currencies as Chinese bank statements write them (issue 14), read as decimal text
 * and never through a float: "1,234.56" with grouping, a sign written "+10000.00" or "-3.90", a
 * currency before the figure ("CNY 123.18", "CNY13.50", "RMB", "¥", "￥"), a place suffix after
 * it ("8,000.00(CN)"), cells padded with spaces and TABs, and placeholders ("-", "--", a row of
 * dashes) where a side is unused. A masked figure ("xx,yyyy.zz") is not a number and says so.
 */

export const MAX_FIGURE_CHARS = 64;

/** A figure read from a cell: its sign, its magnitude as canonical decimal text, and any currency it named. */
export interface Money {
  negative: boolean;
  /** "1234.56", "67.00", "0.20": no grouping, no sign, two decimals or more (never zeros past the cents). */
  amount: string;
  currency?: string;
}

/**
 * Cell padding the exports use: ASCII and ideographic spaces, TABs, NBSP (all of them white space
 * to trim()). trim(), not /^\s+|\s+$/: the regex takes quadratic time on a long run of inner spaces.
 */
export function clean(text: string | undefined): string {
  return (text ?? '').trim();
}

/** "-", "--", "—", "-------------------": the cell is deliberately empty. */
export function isPlaceholder(text: string): boolean {
  return text === '' || /^[-—–_/\\*]+$/.test(text);
}

const CURRENCY_WORDS: Record<string, string> = {
  人民币: 'CNY',
  人民幣: 'CNY',
  RMB: 'CNY',
  CNY: 'CNY',
  '¥': 'CNY',
  '￥': 'CNY',
  元: 'CNY',
  美元: 'USD',
  美金: 'USD',
  港币: 'HKD',
  港元: 'HKD',
  港幣: 'HKD',
  欧元: 'EUR',
  日元: 'JPY',
  英镑: 'GBP',
  澳元: 'AUD',
  加元: 'CAD',
  新加坡元: 'SGD',
  瑞士法郎: 'CHF',
  新台币: 'TWD',
  澳门元: 'MOP',
  韩元: 'KRW',
};

/**
 * The ISO code for a currency cell ("人民币", "CNY", "RMB", "美元"), or undefined when the cell
 * names no currency the office could book; an ISO-looking code is taken as written.
 */
export function currencyCode(text: string | undefined): string | undefined {
  // "人民币元", "人民币(本币)", "CNY 人民币": the first word is the currency.
  const t = clean(text)
    .replace(/[（(].*$/, '')
    .replace(/\s.*$/, '');
  if (t === '') return undefined;
  // "人民币元" and the like: a Chinese name with 元 appended.
  const known = CURRENCY_WORDS[t] ?? CURRENCY_WORDS[t.toUpperCase()] ?? CURRENCY_WORDS[t.replace(/元$/, '')];
  if (known) return known;
  return /^[A-Za-z]{3}$/.test(t) ? t.toUpperCase() : undefined;
}

/** Why a cell is not an amount: empty on purpose, or text a person must look at. */
export type MoneyResult = { ok: true; money: Money } | { ok: false; empty: boolean };

/**
 * Reads one amount cell. `decimalComma` is for layouts that write "1.234,56" (a generic mapping
 * may say so); Chinese banks never do, so their grouping comma is dropped only where it groups
 * thousands, and a masked "xx,yyyy.zz" is refused rather than guessed.
 */
export function parseMoney(raw: string | undefined, decimalComma = false): MoneyResult {
  let t = clean(raw);
  if (isPlaceholder(t)) return { ok: false, empty: true };
  // No amount is this long; a hostile cell must not reach the patterns below.
  if (t.length > MAX_FIGURE_CHARS) return { ok: false, empty: false };
  let negative = false;
  let currency: string | undefined;
  // A sign may stand before or after the currency: "-¥5.00", "¥-5.00", "CNY -5.00".
  const takeSign = () => {
    const m = /^([+\-−])\s*/.exec(t);
    if (m) {
      if (m[1] !== '+') negative = !negative;
      t = t.slice(m[0].length);
    }
  };
  takeSign();
  // "(500.00)" is how accountants write a negative figure.
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    negative = !negative;
    t = paren[1]!.trim();
  }
  const prefix = /^([A-Za-z]{3}|¥|￥|\$|人民币|美元|港币|港元|欧元|日元|英镑)\s*/.exec(t);
  if (prefix && /[\d.]/.test(t.slice(prefix[0].length, prefix[0].length + 2))) {
    currency = currencyCode(prefix[1]!);
    t = t.slice(prefix[0].length);
    takeSign();
  }
  // A place or currency after the figure: "8,000.00(CN)", "12.00 CNY", "5.00元", "3.00-" (trailing minus).
  t = t.replace(/\s*[（(][A-Za-z\u4e00-\u9fff]{1,8}[）)]$/, '');
  const suffix = /\s*([A-Za-z]{3}|元)$/.exec(t);
  if (suffix) {
    currency = currency ?? currencyCode(suffix[1]!);
    t = t.slice(0, suffix.index);
  }
  if (/^[\d.,\s]+-$/.test(t)) {
    negative = !negative;
    t = t.slice(0, -1).trim();
  }
  const amount = decimalText(t, decimalComma);
  if (amount === undefined) return { ok: false, empty: false };
  return { ok: true, money: { negative, amount, currency } };
}

/** "1,234.56" (or "1.234,56" with a decimal comma) as "1234.56"; undefined when it is not a figure. */
function decimalText(t: string, decimalComma: boolean): string | undefined {
  // Spaces and apostrophes group digits in some locales ("1 234,56", "1'234.56").
  let s = t.replace(/[\s\u00a0']/g, '');
  if (decimalComma) {
    if (!/^\d{1,3}(\.\d{3})*(,\d*)?$|^\d+(,\d*)?$/.test(s)) return undefined;
    s = s.replace(/\./g, '').replace(',', '.');
  } else {
    if (!/^\d{1,3}(,\d{3})*(\.\d*)?$|^\d*(\.\d*)?$/.test(s)) return undefined;
    s = s.replace(/,/g, '');
  }
  // A spreadsheet number may come as "1.5E+3"; a bank cell never should, so it is not guessed at.
  if (!/^(\d+)(\.(\d*))?$|^\.\d+$/.test(s)) return undefined;
  const [whole = '', frac = ''] = s.split('.');
  const int = whole.replace(/^0+(?=\d)/, '') || '0';
  // Two decimals at least, as every reader writes them; zeros past the cents are a sheet's noise.
  const cents = frac.replace(/0+$/, '').padEnd(2, '0');
  return `${int}.${cents}`;
}

/**
 * Canonical decimal text in minor units (fen), exact for any statement total; undefined when the
 * figure has fractions of a fen or is too large to count exactly in a number.
 */
export function toMinor(amount: string, digits = 2): number | undefined {
  const [whole = '0', frac = ''] = amount.split('.');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(frac)) return undefined;
  if (frac.length > digits && /[1-9]/.test(frac.slice(digits))) return undefined;
  const padded = (frac + '0'.repeat(digits)).slice(0, digits);
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(padded || '0');
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}

/** True when the figure is zero ("0", "0.00"): an unused side in layouts that write 0.0 there. */
export function isZero(amount: string): boolean {
  return /^0(\.0*)?$/.test(amount);
}
