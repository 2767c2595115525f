/**
 * Money as the importer reads it from a cell: exact decimal text, never through a float (a float
 * turns 0.07 + 0.07 into 0.14000000000000001 and a sum of thousands of rows drifts).
 */

/**
 * A cell's amount as positive decimal text with two or more decimals ("¥1,234.5" -> "1234.50"),
 * or undefined when the cell is not a plain amount. Currency signs (¥ U+00A5, ￥ U+FFE5), grouping
 * commas and spaces are what exports wrap amounts in; a sign is the caller's business.
 */
export function decimalAmount(cell: string): string | undefined {
  const bare = cell.replace(/[¥￥\s,]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(bare);
  if (!m) return undefined;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').padEnd(2, '0');
  return `${whole}.${frac}`;
}

/** Decimal text ("16.54", "27") in minor units (fen): exact for any amount below 2^53 fen. */
export function toMinor(decimal: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
