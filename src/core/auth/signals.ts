import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { auditEvents, signinWorkstations, vaultMeta } from '../db/schema';
import type { Settings } from '../settings/settings';
import type { WriteContext } from '../vault/session';
import type { VaultSession } from '../vault/session';
import { workstationName } from '../vault/audit-chain';
import type { SignInAlert, SignInAlertKind } from '../../shared/home/contract';
import { formatShanghai, shanghaiMinuteOfDay, shanghaiParts } from '../../shared/time';

export type SignalKind = 'off_hours' | 'failure_burst' | 'new_workstation';

export interface SecuritySignal {
  seq: number;
  at: string;
  username: string;
  kind: SignalKind;
  details: Record<string, unknown>;
}

const FAILURE_BURST = 3;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Office hours are Beijing time, whatever zone this computer is set to. */
export function isOffHours(now: Date, hours: Settings['officeHours']): boolean {
  const weekday = shanghaiParts(now).weekday; // ISO: Monday = 1
  const minute = shanghaiMinuteOfDay(now);
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const inWindow = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  return !hours.weekdays.includes(weekday) || !inWindow;
}

/**
 * Abnormal sign-in signals (seed 二.4), recorded in the sign-in's own transaction as
 * `auth.signal` events: outside office hours, after a burst of failures, or the first sign-in
 * from this workstation (for someone known elsewhere, or after the vault was restored).
 */
export function recordSignInSignals(
  ctx: WriteContext,
  user: { id: string; username: string },
  settings: Settings,
  now: Date,
  recentFailures: number,
): SignalKind[] {
  const kinds: SignalKind[] = [];
  const emit = (kind: SignalKind, details: Record<string, unknown>) => {
    kinds.push(kind);
    ctx.audit({
      action: 'auth.signal',
      outcome: 'ok',
      targetType: 'user',
      targetId: user.id,
      details: { kind, username: user.username, ...details },
    });
  };
  if (isOffHours(now, settings.officeHours))
    emit('off_hours', { beijingTime: formatShanghai(now), officeHours: settings.officeHours });
  if (recentFailures >= FAILURE_BURST) emit('failure_burst', { failures: recentFailures });
  const workstation = workstationName();
  const known = ctx.orm.select().from(signinWorkstations).where(eq(signinWorkstations.userId, user.id)).all();
  if (!known.some((w) => w.workstation === workstation)) {
    const restoredAt = ctx.orm.select().from(vaultMeta).where(eq(vaultMeta.key, 'restored_at')).get()?.value ?? null;
    if (known.length > 0 || restoredAt) emit('new_workstation', { workstation, afterRestore: restoredAt !== null });
    ctx.orm.insert(signinWorkstations).values({ userId: user.id, workstation, firstSeenAt: now.toISOString() }).run();
  }
  return kinds;
}

/** The latest signals, for the home screen of admins and managers. */
export function listSecuritySignals(session: VaultSession, limit = 50): SecuritySignal[] {
  authorize(session, 'security.signals');
  return session.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'auth.signal')))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
    .all()
    .map((e) => {
      const details = JSON.parse(e.details) as Record<string, unknown> & { kind: SignalKind; username?: string };
      return { seq: e.seq, at: e.at, username: details.username ?? e.actorName, kind: details.kind, details };
    });
}

/**
 * Abnormal sign-ins for the admin's home screen: the signals above and the lockouts (ten failed
 * sign-ins in a row), newest first, since `since`. Authorized like the signals list.
 */
export function listSignInAlerts(session: VaultSession, since: Date, limit = 100): SignInAlert[] {
  authorize(session, 'security.signals');
  return session.orm
    .select()
    .from(auditEvents)
    .where(and(inArray(auditEvents.action, ['auth.signal', 'auth.lockout']), gte(auditEvents.at, since.toISOString())))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
    .all()
    .map((e) => {
      const details = JSON.parse(e.details) as Record<string, unknown> & { kind?: SignalKind; username?: string };
      const kind: SignInAlertKind = e.action === 'auth.lockout' ? 'lockout' : (details.kind ?? 'off_hours');
      return { seq: e.seq, at: e.at, username: details.username ?? e.actorName, kind, details };
    });
}
