/**
 * Beijing time is the app's one clock, whatever zone the computer is set to: each case runs in
 * zones on both sides of UTC (process.env.TZ, which Node applies at once), where the computer's
 * own calendar disagrees with Beijing's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOffHours } from '../../src/core/auth/signals';
import {
  addShanghaiDays,
  addShanghaiMonths,
  formatShanghai,
  parseShanghai,
  shanghaiDate,
  shanghaiParts,
  toShanghaiIso,
} from '../../src/shared/time';

const ZONES = ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'] as const;
const OFFICE = { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] };

describe.each(ZONES)('Asia/Shanghai time with the process in %s', (zone) => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TZ;
    process.env.TZ = zone;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('puts 23:30 UTC on the next day in Beijing', () => {
    const at = Date.parse('2024-03-01T23:30:00Z');
    if (zone === 'America/Los_Angeles') expect(new Date(at).getDate()).toBe(1); // the zone is in force
    expect(shanghaiDate(at)).toBe('2024-03-02');
    expect(toShanghaiIso(at)).toBe('2024-03-02T07:30:00+08:00');
    expect(formatShanghai(at)).toBe('2024-03-02 07:30');
    expect(formatShanghai('2024-03-01T23:30:05.000Z', 'second')).toBe('2024-03-02 07:30:05');
    expect(shanghaiParts(at)).toMatchObject({ year: 2024, month: 3, day: 2, hour: 7, minute: 30, weekday: 6 });
  });

  it('reads dates without an offset as Beijing time and refuses impossible ones', () => {
    expect(parseShanghai('2024-03-02')).toBe(Date.parse('2024-03-01T16:00:00Z'));
    expect(parseShanghai('2024-03-02 07:30')).toBe(Date.parse('2024-03-01T23:30:00Z'));
    expect(parseShanghai('2024-03-02T07:30:00+08:00')).toBe(Date.parse('2024-03-01T23:30:00Z'));
    expect(parseShanghai('2024-03-01T23:30:00Z')).toBe(Date.parse('2024-03-01T23:30:00Z'));
    expect(parseShanghai('2024-02-30')).toBeNull();
    expect(parseShanghai('2023-02-29 10:00')).toBeNull();
    expect(parseShanghai('01/03/2024')).toBeNull();
    expect(formatShanghai('not a time')).toBe('not a time');
  });

  it('counts days and months on the Beijing calendar', () => {
    expect(addShanghaiDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addShanghaiDays('2024-03-01', -1)).toBe('2024-02-29');
    // One month after Jan 31 is the last day of February; a year after a leap day, Feb 28.
    expect(toShanghaiIso(addShanghaiMonths('2024-01-31T10:00:00+08:00', 1))).toBe('2024-02-29T10:00:00+08:00');
    expect(toShanghaiIso(addShanghaiMonths('2024-02-29T23:59:00+08:00', 12))).toBe('2025-02-28T23:59:00+08:00');
  });

  it('judges office hours on Beijing time (a Monday 09:30 sign-in is in hours)', () => {
    // Monday 2024-03-04 09:30 in Beijing is still Sunday evening in Los Angeles.
    expect(isOffHours(new Date('2024-03-04T01:30:00Z'), OFFICE)).toBe(false);
    // Monday 08:30 and Saturday 10:00 in Beijing are outside them.
    expect(isOffHours(new Date('2024-03-04T00:30:00Z'), OFFICE)).toBe(true);
    expect(isOffHours(new Date('2024-03-09T02:00:00Z'), OFFICE)).toBe(true);
  });
});
