/**
 * When the daily backup is due (issue 13, Build 4), from the settings, the backup history and
 * the time, and nothing else: no clock, no database, no timer (backup-scheduler.ts has those).
 *
 * The schedule names a Beijing wall-clock time. Its "slot" is the latest such instant at or
 * before now (today's if that time has passed, else yesterday's). A scheduled backup is due when
 * the schedule is on, has a folder, and no scheduled attempt (made or failed) happened at or after
 * that slot: so one missed while the app was locked or closed runs at the next sign-in, and a
 * failed one is not retried in a loop but at the next day's slot (or when a manager exports).
 */
import { DAY_MS } from '../../shared/time';
import type { BackupLevel } from '../../shared/backup/contract';

/** Beijing is UTC+8 all year (src/shared/time.ts). */
const OFFSET_MS = 8 * 3_600_000;
/** The scheduler looks again at least this often (settings changed, a restriction lifted). */
export const MAX_CHECK_MS = 15 * 60_000;
const MIN_CHECK_MS = 1_000;

export interface ScheduleSettings {
  enabled: boolean;
  /** HH:MM, Beijing time. */
  time: string;
  folder: string | null;
}

export type ScheduleDecision =
  { due: true; slot: number } | { due: false; reason: 'off' | 'no-folder' | 'done'; nextAt: number | null };

function minuteOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The latest instant at or before `now` (epoch ms) whose Beijing wall clock reads `time`. */
export function latestSlot(time: string, now: number): number {
  const beijingMidnight = Math.floor((now + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  const slot = beijingMidnight + minuteOfDay(time) * 60_000;
  return slot > now ? slot - DAY_MS : slot;
}

/** The next instant after `now` whose Beijing wall clock reads `time`. */
export function nextSlot(time: string, now: number): number {
  return latestSlot(time, now) + DAY_MS;
}

/**
 * Is a scheduled backup due at `now`? `lastAttemptAt` is the newest scheduled attempt, made or
 * failed (epoch ms), or null if there never was one.
 */
export function scheduledBackupDue(input: {
  schedule: ScheduleSettings;
  lastAttemptAt: number | null;
  now: number;
}): ScheduleDecision {
  const { schedule, lastAttemptAt, now } = input;
  if (!schedule.enabled) return { due: false, reason: 'off', nextAt: null };
  if (!schedule.folder) return { due: false, reason: 'no-folder', nextAt: null };
  const slot = latestSlot(schedule.time, now);
  if (lastAttemptAt !== null && lastAttemptAt >= slot) return { due: false, reason: 'done', nextAt: slot + DAY_MS };
  return { due: true, slot };
}

/** How long the scheduler waits before it looks again (at the next slot, at most MAX_CHECK_MS). */
export function msUntilNextCheck(decision: ScheduleDecision, now: number): number {
  if (decision.due) return MIN_CHECK_MS;
  const until = decision.nextAt === null ? MAX_CHECK_MS : decision.nextAt - now;
  return Math.min(MAX_CHECK_MS, Math.max(MIN_CHECK_MS, until));
}

/** The newest of several instants (ISO strings or null), as epoch ms; null if none. */
export function newestOf(...instants: (string | null | undefined)[]): number | null {
  const ms = instants.filter((i): i is string => typeof i === 'string').map((i) => Date.parse(i));
  const valid = ms.filter((m) => !Number.isNaN(m));
  return valid.length > 0 ? Math.max(...valid) : null;
}

/** Whole days since the last verified backup, and its colour by the amber and red thresholds. */
export function backupAge(
  lastVerifiedAt: string | null,
  now: number,
  thresholds: { amberDays: number; redDays: number },
): { ageDays: number | null; level: BackupLevel } {
  if (lastVerifiedAt === null) return { ageDays: null, level: 'none' };
  const ageDays = Math.max(0, Math.floor((now - Date.parse(lastVerifiedAt)) / DAY_MS));
  const level = ageDays >= thresholds.redDays ? 'red' : ageDays >= thresholds.amberDays ? 'amber' : 'green';
  return { ageDays, level };
}
