import { authorize } from '../access/authorize';
import { settings as settingsTable } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import { settingsPatch, settingsSchema, type SettingsPatch, type SettingsView } from '../../shared/settings/contract';
import { DEFAULT_DATE_FLOOR } from '../../shared/records/rules';
import { shanghaiDate } from '../../shared/time';

/** The settings and their ranges: one schema, shared with the IPC contract. */
export const SettingsSchema = settingsSchema;
export type Settings = SettingsView;

/**
 * The defaults the standards ask for: PCI DSS v4 8.2.8 (idle 15 min), 8.3.4 (lockout after at
 * most 10 tries, 30 min), 8.3.6 (12 characters), 8.3.7 (last 4 not reused), 8.3.9 (maximum age:
 * off by default per NIST SP 800-63B; admins may set 90 days).
 */
export const DEFAULT_SETTINGS: Settings = {
  passwordHistory: 4,
  passwordMaxAgeDays: null,
  lockoutThreshold: 10,
  lockoutMinutes: 30,
  idleMinutes: 15,
  mfaRequiredRoles: ['admin', 'manager'],
  officeHours: { start: '08:00', end: '20:00', weekdays: [1, 2, 3, 4, 5, 6] },
  recordDateFloor: DEFAULT_DATE_FLOOR,
  backupSchedule: { enabled: false, time: '18:00', folder: null },
  backupAmberDays: 7,
  backupRedDays: 30,
};

/** The settings in force: stored values over the defaults. Readable by any signed-in session. */
export function readSettings(session: VaultSession): Settings {
  const rows = session.orm.select().from(settingsTable).all();
  const stored: Record<string, unknown> = {};
  for (const r of rows) stored[r.key] = JSON.parse(r.value);
  return SettingsSchema.parse({ ...DEFAULT_SETTINGS, ...stored });
}

export function getSettings(session: VaultSession): Settings {
  authorize(session, 'settings.view');
  return readSettings(session);
}

/**
 * Changes some settings (checked with the contract's schema, here too for the CLI); audited with
 * old and new values. Lockout is mirrored into the keys file.
 */
export function updateSettings(session: VaultSession, patch: SettingsPatch, now = Date.now()): Settings {
  const changes = parseInput(settingsPatch, patch);
  authorize(session, 'settings.update');
  const today = shanghaiDate(now);
  // ISO dates compare as text; a floor after today would refuse every new record.
  if (changes.recordDateFloor !== undefined && changes.recordDateFloor > today)
    throw inputError('settings.floorAfterToday', { today });
  const before = readSettings(session);
  const { backupSchedule, ...rest } = changes;
  const schedule = backupSchedule ? { backupSchedule: { ...before.backupSchedule, ...backupSchedule } } : {};
  return storeSettings(session, before, parseInput(SettingsSchema, { ...before, ...rest, ...schedule }), now);
}

/**
 * The folder scheduled backups go to (admins): a path the shell's folder dialog gave, never one
 * the renderer typed; checked to be a usable folder by the caller (src/core/backup). Audited.
 */
export function setBackupScheduleFolder(session: VaultSession, folder: string | null, now = Date.now()): Settings {
  authorize(session, 'settings.update');
  const before = readSettings(session);
  const after = parseInput(SettingsSchema, { ...before, backupSchedule: { ...before.backupSchedule, folder } });
  return storeSettings(session, before, after, now);
}

function storeSettings(session: VaultSession, before: Settings, after: Settings, now: number): Settings {
  if (after.backupRedDays <= after.backupAmberDays)
    throw inputError('backup.redBeforeAmber', { amber: after.backupAmberDays });
  const changed = (Object.keys(after) as (keyof Settings)[]).filter(
    (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length === 0) return after;
  const stamp = new Date(now).toISOString();
  session.write((ctx) => {
    for (const key of changed) {
      const value = JSON.stringify(after[key]);
      ctx.orm
        .insert(settingsTable)
        .values({ key, value, updatedAt: stamp, updatedBy: session.user.id })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: stamp, updatedBy: session.user.id } })
        .run();
    }
    ctx.audit({
      action: 'settings.update',
      targetType: 'settings',
      details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
    });
    // Enforced before anyone has unlocked, so mirrored into vault.keys: after this commit, or at
    // the next sign-in should that fail.
    if (changed.includes('lockoutThreshold') || changed.includes('lockoutMinutes')) {
      session.setLockoutAtCommit(ctx, { maxFailures: after.lockoutThreshold, lockMinutes: after.lockoutMinutes });
    }
  });
  return after;
}
