/**
 * A spreadsheet cell as the text a person reads in Excel, for both the .xlsx and the .xls reader:
 * numbers without float noise, dates as YYYY-MM-DD[ HH:MM:SS]. Readers then parse amounts from
 * that text exactly as from a CSV cell, so one reader serves a bank's CSV and its spreadsheet.
 */
import type { TableRow } from '../types';

export interface Sheet {
  name: string;
  rows: TableRow[];
  /** The tab Excel opens on (detection prefers it when two sheets look alike). */
  active: boolean;
  hidden: boolean;
}

/**
 * A number's text: 15 significant digits as Excel keeps them (so 0.1+0.2 reads "0.3"), then the
 * shortest text that round-trips, never in E notation (a 19-digit card number stays whole digits).
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const v = Number(n.toPrecision(15));
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return plainDecimal(s);
}

/** "1.5e+21" -> "1500000000000000000000", "1e-7" -> "0.0000001". */
function plainDecimal(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = lead! + frac;
  const point = 1 + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A date-time's wall-clock parts (a spreadsheet date has no zone: UTC fields carry them). */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? day : `${day} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** An Excel serial date (days since 1899-12-30, or 1904-01-01) as text, to the second. */
export function serialDateText(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return dateText(new Date(epoch + Math.round(serial * 86400) * 1000));
}

/** Built-in number formats that are dates or times, the Chinese-locale ones (27-36, 50-58) included. */
const DATE_BUILTINS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47]);
for (let i = 50; i <= 58; i += 1) DATE_BUILTINS.add(i);

/** Whether a cell's number format shows a date: a built-in date id, or a custom code with y/m/d/h/s. */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (DATE_BUILTINS.has(id)) return true;
  if (!code) return false;
  // Quoted text, [colour]/[$-locale] sections and escaped characters are not format letters.
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
