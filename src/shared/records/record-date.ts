/**
 * A record's date as people type it in a Chinese office, read exactly: 2024-03-05, 2024/3/5,
 * 2024.3.5, 20240305, 2024年3月5日 and, for the current Beijing year, 3-5, 3/5 or 3月5日, each with
 * an optional time (14:05 or 14:05:09); ISO 8601 with an offset as the core and exports write it.
 * An impossible day (2024-02-30, 13月) is told apart from text that is no date at all, so the
 * message can say what is wrong with it. A date typed without a time is kept as "no time"
 * (has_time = false) instead of being shown as a fake 00:00.
 */
import { parseShanghai, shanghaiParts } from '../time';

export type DateReading =
  | { ok: true; at: number; hasTime: boolean }
  | { ok: false; problem: 'format' }
  /** A readable date that does not exist: `date` as typed, normalised to 2024-02-30. */
  | { ok: false; problem: 'month'; date: string; month: number }
  | { ok: false; problem: 'day'; date: string; month: number; days: number };

const TIME = String.raw`(?:\s*(?:T|\s)\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?`;
const FULL = [
  new RegExp(String.raw`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})${TIME}$`),
  new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME}$`),
  new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${TIME}$`),
];
/** Month and day only: the current Beijing year. Dots are left out: "3.5" reads as an amount. */
const SHORT = [
  new RegExp(String.raw`^(\d{1,2})\s*[-/]\s*(\d{1,2})${TIME}$`),
  new RegExp(String.raw`^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${TIME}$`),
];
/** What the core and exports write: the date, "T", a time and an offset (or Z). */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const two = (n: number) => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function read(year: number, month: number, day: number, time: (string | undefined)[]): DateReading {
  const date = `${year}-${two(month)}-${two(day)}`;
  if (month < 1 || month > 12) return { ok: false, problem: 'month', date, month };
  const days = daysIn(year, month);
  if (day < 1 || day > days) return { ok: false, problem: 'day', date, month, days };
  const [h, mi, s] = time;
  const hasTime = h !== undefined;
  if (hasTime && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) return { ok: false, problem: 'format' };
  const at = parseShanghai(hasTime ? `${date} ${two(Number(h))}:${mi}:${s ?? '00'}` : date);
  return at === null ? { ok: false, problem: 'format' } : { ok: true, at, hasTime };
}

/** Reads a record's date; `now` sets the year of a month-and-day date (Beijing). */
export function readRecordDate(text: string, now: number): DateReading {
  // Full-width digits and punctuation (２０２４／３／５) as ASCII; 年月日 are untouched by NFKC.
  const s = text.normalize('NFKC').trim();
  if (ISO_WITH_ZONE.test(s)) {
    const at = parseShanghai(s);
    return at === null ? { ok: false, problem: 'format' } : { ok: true, at, hasTime: true };
  }
  for (const pattern of FULL) {
    const m = pattern.exec(s);
    if (m) return read(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4));
  }
  for (const pattern of SHORT) {
    const m = pattern.exec(s);
    if (m) return read(shanghaiParts(now).year, Number(m[1]), Number(m[2]), m.slice(3));
  }
  return { ok: false, problem: 'format' };
}
