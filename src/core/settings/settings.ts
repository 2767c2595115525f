import { z } from 'zod';
import { authorize } from '../access/authorize';
import { ROLES, settings as settingsTable } from '../db/schema';
import { inputError } from '../errors';
import type { VaultSession } from '../vault/session';
import { withoutMac } from '../vault/session';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/**
 * Vault-wide settings with the defaults the standards ask for: PCI DSS v4 8.2.8 (idle 15 min),
 * 8.3.4 (lockout after at most 10 tries, 30 min), 8.3.6 (12 characters), 8.3.7 (last 4 not
 * reused), 8.3.9 (maximum age: off by default per NIST SP 800-63B; admins may set 90 days).
 */
export const SettingsSchema = z.strictObject({
  passwordHistory: z.number().int().min(0).max(24),
  passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable(),
  lockoutThreshold: z.number().int().min(3).max(10),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  idleMinutes: z.number().int().min(1).max(60),
  mfaRequiredRoles: z.array(z.enum(ROLES)),
  officeHours: z.strictObject({
    start: time,
    end: time,
    /** ISO weekdays, 1 = Monday. */
    weekdays: z.array(z.number().int().min(1).max(7)),
  }),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  passwordHistory: 4,
  passwordMaxAgeDays: null,
  lockoutThreshold: 10,
  lockoutMinutes: 30,
  idleMinutes: 15,
  mfaRequiredRoles: ['admin', 'manager'],
  officeHours: { start: '08:00', end: '20:00', weekdays: [1, 2, 3, 4, 5, 6] },
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

/** Changes some settings; audited with old and new values. Lockout is mirrored into the keys file. */
export function updateSettings(session: VaultSession, patch: Partial<Settings>): Settings {
  authorize(session, 'settings.update');
  const before = readSettings(session);
  const parsed = SettingsSchema.safeParse({ ...before, ...patch });
  if (!parsed.success)
    throw inputError('settings.invalid', { issues: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
  const after = parsed.data;
  const changed = (Object.keys(after) as (keyof Settings)[]).filter(
    (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length === 0) return after;
  const now = new Date().toISOString();
  session.write((ctx) => {
    for (const key of changed) {
      const value = JSON.stringify(after[key]);
      ctx.orm
        .insert(settingsTable)
        .values({ key, value, updatedAt: now, updatedBy: session.user.id })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: now, updatedBy: session.user.id } })
        .run();
    }
    ctx.audit({
      action: 'settings.update',
      targetType: 'settings',
      details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
    });
  });
  if (changed.includes('lockoutThreshold') || changed.includes('lockoutMinutes')) {
    session.updateKeys((file) => ({
      ...withoutMac(file),
      lockout: { maxFailures: after.lockoutThreshold, lockMinutes: after.lockoutMinutes },
    }));
  }
  return after;
}
