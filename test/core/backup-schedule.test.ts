/**
 * When the daily backup is due (issue 13, Build 4), decided from the settings, the last attempt
 * and the time alone: Beijing wall-clock time whatever the computer's zone, a missed one due at
 * once, a made or failed one not again until the next day's time.
 */
import { describe, expect, it } from 'vitest';
import {
  backupAge,
  latestSlot,
  MAX_CHECK_MS,
  msUntilNextCheck,
  nextSlot,
  scheduledBackupDue,
} from '../../src/core/backup/backup-schedule';

const at = (iso: string) => Date.parse(iso);
const on = { enabled: true, time: '18:30', folder: '/media/usb' };

describe('slots on Beijing time', () => {
  it('today at the time once it has passed, else yesterday', () => {
    expect(new Date(latestSlot('18:30', at('2024-03-01T19:00:00+08:00'))).toISOString()).toBe(
      '2024-03-01T10:30:00.000Z',
    );
    expect(new Date(latestSlot('18:30', at('2024-03-01T18:29:59+08:00'))).toISOString()).toBe(
      '2024-02-29T10:30:00.000Z',
    );
    expect(latestSlot('18:30', at('2024-03-01T18:30:00+08:00'))).toBe(at('2024-03-01T18:30:00+08:00'));
  });

  it('crosses UTC midnight the Beijing way (00:15 Beijing is 16:15 UTC the day before)', () => {
    expect(new Date(latestSlot('00:15', at('2024-03-01T01:00:00+08:00'))).toISOString()).toBe(
      '2024-02-29T16:15:00.000Z',
    );
    expect(new Date(nextSlot('00:15', at('2024-03-01T01:00:00+08:00'))).toISOString()).toBe('2024-03-01T16:15:00.000Z');
  });
});

describe('is one due?', () => {
  it('never made: due at the first look (the one missed runs at sign-in)', () => {
    const now = at('2024-03-01T09:00:00+08:00');
    expect(scheduledBackupDue({ schedule: on, lastAttemptAt: null, now })).toEqual({
      due: true,
      slot: at('2024-02-29T18:30:00+08:00'),
    });
  });

  it('made after today’s time: not due until tomorrow’s', () => {
    const now = at('2024-03-01T20:00:00+08:00');
    const decision = scheduledBackupDue({ schedule: on, lastAttemptAt: at('2024-03-01T18:30:02+08:00'), now });
    expect(decision).toEqual({ due: false, reason: 'done', nextAt: at('2024-03-02T18:30:00+08:00') });
  });

  it('made yesterday, the app closed at today’s time: due at the next sign-in', () => {
    const now = at('2024-03-02T08:45:00+08:00');
    expect(scheduledBackupDue({ schedule: on, lastAttemptAt: at('2024-02-29T18:30:05+08:00'), now }).due).toBe(true);
  });

  it('failed after the time: not retried in a loop, but at the next day’s time', () => {
    const failedAt = at('2024-03-01T18:30:01+08:00');
    expect(scheduledBackupDue({ schedule: on, lastAttemptAt: failedAt, now: failedAt + 60_000 }).due).toBe(false);
    expect(
      scheduledBackupDue({ schedule: on, lastAttemptAt: failedAt, now: at('2024-03-02T18:30:00+08:00') }).due,
    ).toBe(true);
  });

  it('off, or on without a folder: never due', () => {
    const now = at('2024-03-01T20:00:00+08:00');
    expect(scheduledBackupDue({ schedule: { ...on, enabled: false }, lastAttemptAt: null, now })).toMatchObject({
      due: false,
      reason: 'off',
    });
    expect(scheduledBackupDue({ schedule: { ...on, folder: null }, lastAttemptAt: null, now })).toMatchObject({
      due: false,
      reason: 'no-folder',
    });
  });
});

describe('when to look again', () => {
  it('at the next time, but at least every MAX_CHECK_MS', () => {
    const now = at('2024-03-01T18:20:00+08:00');
    const soon = scheduledBackupDue({ schedule: on, lastAttemptAt: at('2024-02-29T18:30:01+08:00'), now });
    expect(msUntilNextCheck(soon, now)).toBe(10 * 60_000);
    const later = scheduledBackupDue({
      schedule: on,
      lastAttemptAt: at('2024-03-01T18:30:01+08:00'),
      now: now + 3_600_000,
    });
    expect(msUntilNextCheck(later, now + 3_600_000)).toBe(MAX_CHECK_MS);
    expect(msUntilNextCheck({ due: false, reason: 'off', nextAt: null }, now)).toBe(MAX_CHECK_MS);
  });
});

describe('the home screen’s colour', () => {
  const thresholds = { amberDays: 3, redDays: 10 };
  it('green, amber and red by the configured days; none when never', () => {
    const now = at('2024-03-20T12:00:00+08:00');
    const days = (n: number) => new Date(now - n * 86_400_000).toISOString();
    expect(backupAge(days(2.5), now, thresholds)).toEqual({ ageDays: 2, level: 'green' });
    expect(backupAge(days(3), now, thresholds)).toEqual({ ageDays: 3, level: 'amber' });
    expect(backupAge(days(10), now, thresholds)).toEqual({ ageDays: 10, level: 'red' });
    expect(backupAge(null, now, thresholds)).toEqual({ ageDays: null, level: 'none' });
  });
});
