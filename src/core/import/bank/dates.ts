/**
 * Dates and times as bank statements write them (issue 14), turned into the core's local form
 * "YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]" (Beijing time, as every Chinese export states it).
 * Layouts seen: "2023-05-02", "2025/01/05", "20250101", "2024年1月3日", "2025/12/03  14:06:51"
 * (two spaces), a separate time "18:53:19" or "123456", and credit-card "MM/DD" with no year,
 * whose year comes from the statement month in the title (招商银行信用卡对账单 2024年01月).
 */

/** The statement's year and month, to place a date written without a year. */
export interface YearHint {
  year: number;
  month: number;
}

/** Day-first or month-first, for the generic reader's mapping; Chinese banks are always year-first. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** "18:53:19", "18:53", "123456" (ABC writes HHMMSS), "91523" (a number cell lost its leading 0). */
export function parseTime(raw: string): string | undefined {
  if (raw.length > 32) return undefined;
  const t = raw.trim();
  let h: number, mi: number, s: number | undefined;
  const colon = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(t);
  const digits = /^(\d{5,6})$/.exec(t);
  if (colon) {
    [h, mi, s] = [Number(colon[1]), Number(colon[2]), colon[3] === undefined ? undefined : Number(colon[3])];
  } else if (digits) {
    const v = digits[1]!.padStart(6, '0');
    [h, mi, s] = [Number(v.slice(0, 2)), Number(v.slice(2, 4)), Number(v.slice(4, 6))];
  } else return undefined;
  if (h > 23 || mi > 59 || (s !== undefined && s > 59)) return undefined;
  return s === undefined ? `${pad(h)}:${pad(mi)}` : `${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** Excel's day count (1900 system) for a date cell a spreadsheet reader passed on as a number. */
function fromSerial(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 20000 || serial > 80000) return undefined;
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A date, or a date and time, in any of the layouts above; undefined when the cell is not one.
 * A yearless "MM/DD" takes the hint's year, or the year before when its month is later than the
 * statement month (a January statement's "12/29" is last December's).
 */
export function parseDateTime(raw: string, hint?: YearHint, order: DateOrder = 'ymd'): string | undefined {
  // No date is this long; a hostile cell must not reach the patterns below.
  if (raw.length > 64) return undefined;
  const t = raw.trim().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  if (/^\d{5}$/.test(t)) return fromSerial(Number(t));
  // Split a trailing time off: "2025/12/03 14:06:51", "2024-01-01T08:00:00", "20240101 123456".
  const m = /^(.*?[\d日])(?:[ T](\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?|\d{6}))?$/.exec(t);
  if (!m) return undefined;
  const date = parseDate(m[1]!, hint, order);
  if (!date) return undefined;
  if (m[2] === undefined) return date;
  const time = parseTime(m[2]);
  return time ? `${date} ${time}` : undefined;
}

function parseDate(t: string, hint: YearHint | undefined, order: DateOrder): string | undefined {
  let y: number, mo: number, d: number;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const cn = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(t);
  const sep = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$/.exec(t);
  const yearless = /^(\d{1,2})[-/.](\d{1,2})$|^(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (compact) [y, mo, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (cn) [y, mo, d] = [Number(cn[1]), Number(cn[2]), Number(cn[3])];
  else if (sep) {
    const [a, b, c] = [sep[1]!, sep[2]!, sep[3]!];
    if (a.length === 4) [y, mo, d] = [Number(a), Number(b), Number(c)];
    else if (c.length === 4 || c.length === 2) {
      const year = c.length === 2 ? 2000 + Number(c) : Number(c);
      [y, mo, d] = order === 'mdy' ? [year, Number(a), Number(b)] : [year, Number(b), Number(a)];
      if (order === 'ymd') return undefined; // "03/05/2024" is ambiguous unless the mapping says which
    } else return undefined;
  } else if (yearless && hint) {
    mo = Number(yearless[1] ?? yearless[3]);
    d = Number(yearless[2] ?? yearless[4]);
    if (order === 'dmy') [mo, d] = [d, mo];
    y = mo > hint.month ? hint.year - 1 : hint.year;
  } else return undefined;
  return validDate(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : undefined;
}

/**
 * The statement month named in a title or preamble cell: "2024年01月", "(2025年01月)",
 * "账单周期 2024/12/06-2025/01/05" (the month of its end), or undefined.
 */
export function statementMonth(text: string): YearHint | undefined {
  if (text.length > 500) return undefined; // a title, not a paragraph
  const cn = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月/.exec(text);
  if (cn) {
    const month = Number(cn[2]);
    return month >= 1 && month <= 12 ? { year: Number(cn[1]), month } : undefined;
  }
  const range = periodOf(text);
  if (range) return { year: Number(range.to.slice(0, 4)), month: Number(range.to.slice(5, 7)) };
  return undefined;
}

/**
 * A period written in one cell: "20251201-20251231", "2024-01-01 至 2024-12-31",
 * "[2024-01-01 00:00:00, 2024-03-31 23:59:59]"; undefined when the cell holds no two dates.
 */
export function periodOf(text: string): { from: string; to: string } | undefined {
  if (text.length > 200) return undefined;
  const dates = [...text.matchAll(/(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{8})/g)].map((m) =>
    parseDate(m[1]!, undefined, 'ymd'),
  );
  if (dates.length !== 2 || !dates[0] || !dates[1]) return undefined;
  return { from: dates[0], to: dates[1] };
}
