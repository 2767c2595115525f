/**
 * The date ranges bookkeeping staff pick by name (本月, 上月, 本季度, 本年, and a 会计期间 such as
 * 2024年03期), as Beijing calendar days "YYYY-MM-DD" for a records query's from and to (a date
 * alone as `to` means through the end of that day). Computed from a clock, not the machine's zone.
 */
import { shanghaiParts } from '../time';

export type DatePreset = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear';
export const DATE_PRESETS: readonly DatePreset[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'];

export interface DayRange {
  from: string;
  to: string;
}

const two = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The months `first`..`last` (1-12) of `year` as a range of days. */
function months(year: number, first: number, last: number): DayRange {
  return { from: `${year}-${two(first)}-01`, to: `${year}-${two(last)}-${two(lastDay(year, last))}` };
}

/** One accounting period (a calendar month, 会计期间 2024年03期). */
export function periodRange(year: number, month: number): DayRange {
  return months(year, month, month);
}

/** The range a named preset means at `now` (Beijing). */
export function presetRange(preset: DatePreset, now: number): DayRange {
  const { year, month } = shanghaiParts(now);
  switch (preset) {
    case 'thisMonth':
      return periodRange(year, month);
    case 'lastMonth':
      return month === 1 ? periodRange(year - 1, 12) : periodRange(year, month - 1);
    case 'thisQuarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return months(year, first, first + 2);
    }
    case 'thisYear':
      return months(year, 1, 12);
  }
}

/** The accounting period a range is exactly, or null (so the period picker shows only whole months). */
export function periodOf(range: Partial<DayRange>): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})-01$/.exec(range.from ?? '');
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  return range.to === periodRange(year, month).to ? { year, month } : null;
}
