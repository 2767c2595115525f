/** The vault's security settings, and the earliest date a payment record may have. */
import { z } from 'zod';
import { ROLE_NAMES } from '../access/roles';
import { empty, out } from '../schema-kit';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/**
 * Every setting and its range, defined once: the core checks stored and changed values with it,
 * the IPC contract takes a part of it. The defaults are in src/core/settings/settings.ts, with
 * the standards they follow.
 */
export const settingsSchema = z.strictObject({
  passwordHistory: z.number().int().min(0).max(24),
  passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable(),
  lockoutThreshold: z.number().int().min(3).max(10),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  idleMinutes: z.number().int().min(1).max(60),
  mfaRequiredRoles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length),
  officeHours: z.strictObject({
    start: clock,
    end: clock,
    /** ISO weekdays, 1 = Monday. */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7),
  }),
  /**
   * A payment record may not be dated before this Beijing calendar day ("2000-01-01" unless an
   * admin sets another): a typo such as 1900 is refused instead of stored. Never after today.
   */
  recordDateFloor: z.iso.date(),
  /**
   * The daily backup (issue 13, Build 4): at `time` (Beijing) into `folder`, while a manager is
   * signed in (only they hold backup.export). The folder comes from the shell's folder dialog
   * (backup:scheduleFolder), never from a patch.
   */
  backupSchedule: z.strictObject({
    enabled: z.boolean(),
    time: clock,
    folder: z.string().max(4096).nullable(),
  }),
  /** The last verified backup turns amber, then red, this many days after it was made. */
  backupAmberDays: z.number().int().min(1).max(365),
  backupRedDays: z.number().int().min(2).max(3650),
});

export type SettingsView = z.infer<typeof settingsSchema>;

/** What an admin may change through settings:update: everything but the schedule's folder. */
export const settingsPatch = settingsSchema
  .extend({ backupSchedule: z.strictObject({ enabled: z.boolean(), time: clock }).partial() })
  .partial();
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const settingsContract = {
  'settings:get': { input: empty, output: out<SettingsView>() },
  'settings:update': { input: settingsPatch, output: out<SettingsView>() },
} as const;
