/**
 * The app's one clock face: Asia/Shanghai (Beijing time), whatever zone the computer is set to.
 * The office, its clients' payments and its audit trail all live on Beijing time, and a laptop
 * left on another zone (or a CI machine on UTC) must not move a payment to another day. China
 * has kept UTC+8 all year since 1991, so a fixed offset is exact and needs no zone database;
 * nothing here reads the process's own zone (no getHours, no toLocale*, no dayjs()).
 */

export const SHANGHAI_TZ = 'Asia/Shanghai';
export const SHANGHAI_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 24 * 3_600_000;

export interface ShanghaiParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: Monday 1 ... Sunday 7. */
  weekday: number;
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as epoch ms: numbers are taken as they are, strings as ISO 8601 (NaN if not). */
function msOf(at: number | string | Date): number {
  if (typeof at === 'number') return at;
  if (typeof at === 'string') return Date.parse(at);
  return at.getTime();
}

/** The calendar fields of an instant in Beijing time. */
export function shanghaiParts(at: number | string | Date): ShanghaiParts {
  // Shifting the instant by +8 h and reading its UTC fields gives Beijing's wall clock.
  const d = new Date(msOf(at) + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
  };
}

/** "2024-03-01" in Beijing time (today when no instant is given). */
export function shanghaiDate(at: number | string | Date = Date.now()): string {
  const p = shanghaiParts(at);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/** "2024-03-01T14:05:09+08:00": the instant as Beijing wall time with its offset. */
export function toShanghaiIso(at: number | string | Date): string {
  const p = shanghaiParts(at);
  return `${shanghaiDate(at)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${SHANGHAI_OFFSET}`;
}

/**
 * "2024-03-01 14:05" (or with seconds) in Beijing time, for people to read in either language.
 * Text that is not an instant comes back unchanged rather than as "NaN-NaN".
 */
export function formatShanghai(at: number | string | Date, precision: 'minute' | 'second' = 'minute'): string {
  const ms = msOf(at);
  if (Number.isNaN(ms)) return String(at);
  const p = shanghaiParts(ms);
  const time =
    precision === 'second' ? `${two(p.hour)}:${two(p.minute)}:${two(p.second)}` : `${two(p.hour)}:${two(p.minute)}`;
  return `${shanghaiDate(ms)} ${time}`;
}

/** Minutes since Beijing midnight (office hours are compared in these). */
export function shanghaiMinuteOfDay(at: number | string | Date): number {
  const p = shanghaiParts(at);
  return p.hour * 60 + p.minute;
}

/**
 * "2024-03-01", "2024-03-01 14:05", "2024-03-01T14:05:09+08:00" -> epoch ms, or null. Without
 * an offset the text is Beijing time; impossible dates (2024-02-30) are refused, not rolled over.
 */
export function parseShanghai(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', fraction = '', zone] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${fraction}${zone ?? SHANGHAI_OFFSET}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2024-02-30 over to March; the wall clock it lands on tells.
  if (!zone || zone === SHANGHAI_OFFSET) {
    const p = shanghaiParts(ms);
    if (p.year !== Number(y) || p.month !== Number(mo) || p.day !== Number(d)) return null;
  }
  return ms;
}

/** The first and last millisecond of a Beijing calendar day ("2024-03-01"), or null if it is none. */
export function shanghaiDayBounds(date: string): { start: number; end: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = parseShanghai(date);
  return start === null ? null : { start, end: start + DAY_MS - 1 };
}

/** The Beijing calendar date `days` after (or before, if negative) `date` ("2024-03-01"). */
export function addShanghaiDays(date: string, days: number): string {
  const start = parseShanghai(date);
  if (start === null) throw new RangeError(`not a date: ${date}`);
  return shanghaiDate(start + days * DAY_MS);
}

/**
 * The same Beijing wall time `months` later (a month end clamps: Jan 31 + 1 month is Feb 29 in a
 * leap year), as epoch ms.
 */
export function addShanghaiMonths(at: number | string | Date, months: number): number {
  const ms = msOf(at);
  const p = shanghaiParts(ms);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(p.day, lastDay);
  const wall = Date.UTC(year, month - 1, day, p.hour, p.minute, p.second, ((ms % 1000) + 1000) % 1000);
  return wall - OFFSET_MS;
}

/**
 * A record's date as people read it (table, history, exports): "2024-03-05 14:05" when a time
 * was entered, "2024-03-05" when only a date was, never a made-up "00:00".
 */
export function formatRecordTime(at: number | string | Date, hasTime: boolean): string {
  const ms = msOf(at);
  if (Number.isNaN(ms)) return String(at);
  return hasTime ? formatShanghai(ms) : shanghaiDate(ms);
}
