/**
 * The security posture's thresholds (issue 17, Build 1), in one place: what turns each fact
 * green, amber or red. Pure functions of the facts the core gathers (src/core/posture), so a
 * test can hold each threshold, and the evidence report (Build 10) can cite the same numbers.
 */
import { DAY_MS } from '../time';
import type { PostureStatus } from './contract';

export interface Verdict {
  status: PostureStatus;
  /** Which sentence says why (posture/messages.ts: `posture.<id>.<detail>`). */
  detail: string;
}

const v = (status: PostureStatus, detail: string): Verdict => ({ status, detail });

/** PCI DSS v4 8.2.8: a session idle this long locks. Longer is amber, past `IDLE_RED_MINUTES` red. */
export const IDLE_GREEN_MINUTES = 15;
export const IDLE_RED_MINUTES = 30;

export function idleVerdict(idleMinutes: number): Verdict {
  if (idleMinutes <= IDLE_GREEN_MINUTES) return v('green', 'ok');
  return idleMinutes <= IDLE_RED_MINUTES ? v('amber', 'long') : v('red', 'tooLong');
}

/** PCI DSS v4 8.3.4 (at most 10 tries, locked 30 minutes) and 8.3.7 (the last 4 passwords not reused). */
export const PASSWORD_HISTORY_GREEN = 4;
export const LOCKOUT_MAX_TRIES = 10;
export const LOCKOUT_MINUTES_GREEN = 30;
/** Below this a lockout barely slows a guesser down: red. */
export const LOCKOUT_MINUTES_RED = 15;

export function passwordVerdict(p: {
  passwordHistory: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
}): Verdict {
  if (p.passwordHistory === 0) return v('red', 'noHistory');
  if (p.lockoutThreshold > LOCKOUT_MAX_TRIES) return v('red', 'manyTries');
  if (p.lockoutMinutes < LOCKOUT_MINUTES_RED) return v('red', 'shortLockout');
  if (p.passwordHistory < PASSWORD_HISTORY_GREEN) return v('amber', 'shortHistory');
  if (p.lockoutMinutes < LOCKOUT_MINUTES_GREEN) return v('amber', 'shortLockout');
  return v('green', 'ok');
}

/** Roles that must use two-step verification for the posture to be green (PCI DSS v4 8.4.1, 8.4.2). */
export const MFA_ROLES_EXPECTED = ['admin', 'manager'] as const;

export interface MfaRoleFact {
  role: string;
  required: boolean;
  enrolled: number;
  total: number;
}

/** Red: someone whose role requires it has not enrolled; amber: admins or managers are not required to. */
export function mfaVerdict(roles: MfaRoleFact[]): Verdict {
  if (roles.some((r) => r.required && r.enrolled < r.total)) return v('red', 'missing');
  const required = new Set(roles.filter((r) => r.required).map((r) => r.role));
  if (MFA_ROLES_EXPECTED.some((role) => !required.has(role))) return v('amber', 'notRequired');
  return v('green', 'ok');
}

/** Grants are reviewed every six months (issue 17); amber in the last month before that. */
export const REVIEW_RED_DAYS = 183;
export const REVIEW_AMBER_DAYS = 152;

/** `closedAt`: the newest closed round's closing time (ISO), or null if none ever closed. */
export function reviewAgeVerdict(closedAt: string | null, now: number): Verdict & { days: number | null } {
  if (closedAt === null) return { ...v('red', 'never'), days: null };
  const days = Math.floor((now - Date.parse(closedAt)) / DAY_MS);
  if (days > REVIEW_RED_DAYS) return { ...v('red', 'old'), days };
  if (days > REVIEW_AMBER_DAYS) return { ...v('amber', 'dueSoon'), days };
  return { ...v('green', 'ok'), days };
}

/** An open round turns amber this many days before its due date, red after it. */
export const ROUND_DUE_SOON_DAYS = 7;

/** `dueDate`: the open round's Beijing due day ("2026-12-31"), or null when none is open. `today` likewise. */
export function roundVerdict(dueDate: string | null, today: string): Verdict {
  if (dueDate === null) return v('green', 'none');
  if (dueDate < today) return v('red', 'overdue');
  const daysLeft = Math.round((Date.parse(dueDate) - Date.parse(today)) / DAY_MS);
  return daysLeft <= ROUND_DUE_SOON_DAYS ? v('amber', 'dueSoon') : v('green', 'open');
}

/** The backup feature's own level (settings backupAmberDays / backupRedDays), as a posture colour. */
export function backupVerdict(level: 'green' | 'amber' | 'red' | 'none'): Verdict {
  if (level === 'none') return v('red', 'none');
  return v(level, level === 'green' ? 'ok' : level);
}

/** The whole-chain verification should have run within this many days. */
export const AUDIT_VERIFY_AMBER_DAYS = 30;

export interface AuditChainFact {
  /** Set when unlock found the folder behind the keys file or the keychain (reads only). */
  alarm: boolean;
  /** The newest recorded full verification: its outcome and time, or null if never. */
  lastVerify: { ok: boolean; at: string } | null;
}

export function auditVerdict(f: AuditChainFact, now: number): Verdict {
  if (f.alarm) return v('red', 'alarm');
  if (!f.lastVerify) return v('amber', 'neverVerified');
  if (!f.lastVerify.ok) return v('red', 'failed');
  if (now - Date.parse(f.lastVerify.at) > AUDIT_VERIFY_AMBER_DAYS * DAY_MS) return v('amber', 'stale');
  return v('green', 'ok');
}

export type KeychainFact =
  | { kind: 'not-mirrored' }
  | { kind: 'failed' }
  | { kind: 'unreadable' }
  | { kind: 'missing' }
  | { kind: 'behind' }
  | { kind: 'current' };

export function keychainVerdict(f: KeychainFact): Verdict {
  switch (f.kind) {
    case 'not-mirrored':
      return v('unknown', 'notMirrored');
    case 'failed':
      return v('red', 'failed');
    case 'unreadable':
      return v('red', 'unreadable');
    case 'missing':
      return v('amber', 'missing');
    case 'behind':
      return v('amber', 'behind');
    case 'current':
      return v('green', 'ok');
  }
}

/** Days of audit events the sign-in and disclosure facts count. */
export const LOOKBACK_DAYS = 30;
/** Lockouts and failure bursts together: this many in 30 days looks like someone guessing. */
export const SIGNIN_RED_COUNT = 3;

export function signinVerdict(f: { alerts: number; lockouts: number; bursts: number }): Verdict {
  if (f.lockouts + f.bursts >= SIGNIN_RED_COUNT) return v('red', 'many');
  if (f.alerts + f.lockouts > 0) return v('amber', 'some');
  return v('green', 'none');
}

/** Reveals and exports are the office's work; refused attempts are not. This many refused is red. */
export const DISCLOSURE_DENIED_RED = 5;

export function disclosureVerdict(f: { reveals: number; exports: number; denied: number }): Verdict {
  if (f.denied >= DISCLOSURE_DENIED_RED) return v('red', 'denied');
  if (f.denied > 0) return v('amber', 'denied');
  return v('green', 'ok');
}

/** `newest`: the highest version a check verified; `newer`: it is above the running version. */
export function updateVerdict(f: { newest: string | null; newer: boolean }): Verdict {
  if (f.newest === null) return v('unknown', 'noneSeen');
  return f.newer ? v('amber', 'behind') : v('green', 'ok');
}

/** An open audit finding turns amber this many days before its due day, red after it. */
export const FINDING_DUE_SOON_DAYS = 7;
/** An internal audit should be held at least once in this many months (seed 十六). */
export const INTERNAL_AUDIT_MONTHS = 12;

export interface FindingsFact {
  /** The due days of the open findings (Beijing, "2026-12-31"). */
  openDue: string[];
  /** The newest day an internal audit was held, or null if none ever was. */
  lastHeldOn: string | null;
}

/** The same calendar day INTERNAL_AUDIT_MONTHS (a whole number of years) before `today` ("2026-02-28" → "2025-02-28"); compared as text. */
function yearBefore(today: string): string {
  return `${Number(today.slice(0, 4)) - INTERNAL_AUDIT_MONTHS / 12}${today.slice(4)}`;
}

/**
 * Red: an open finding past its due day. Amber: one due within 7 days, or no internal audit held
 * in the last 12 months (held on 2025-12-03 still counts on 2026-12-03, not on the 4th; never held
 * is amber too, an office with no audit yet has nothing overdue but is not in order). Red wins;
 * a finding due soon is named before a missing audit (it needs acting on sooner). Else green.
 */
export function findingsVerdict(f: FindingsFact, today: string): Verdict & { overdue: number; dueSoon: number } {
  const overdue = f.openDue.filter((d) => d < today).length;
  const dueSoon = f.openDue.filter(
    (d) => d >= today && Math.round((Date.parse(d) - Date.parse(today)) / DAY_MS) <= FINDING_DUE_SOON_DAYS,
  ).length;
  const counts = { overdue, dueSoon };
  if (overdue > 0) return { ...v('red', 'overdue'), ...counts };
  if (dueSoon > 0) return { ...v('amber', 'dueSoon'), ...counts };
  if (f.lastHeldOn === null) return { ...v('amber', 'neverHeld'), ...counts };
  if (f.lastHeldOn < yearBefore(today)) return { ...v('amber', 'noRecentAudit'), ...counts };
  return { ...v('green', 'ok'), ...counts };
}

/** The partners register's counts (Build 6): active partners by where their assessment stands. */
export interface PartnersFact {
  active: number;
  /** Active, never assessed or past the next due day (last assessed + the interval). */
  overdue: number;
  /** Active, due within PARTNER_DUE_SOON_DAYS (src/shared/partners/rules.ts). */
  dueSoon: number;
  /** Active, whose newest assessment's result was fail. */
  failed: number;
}

/** Red: an active partner overdue or never assessed, or one that failed; amber: one due soon; none: unknown. */
export function partnersVerdict(f: PartnersFact): Verdict {
  if (f.active === 0) return v('unknown', 'none');
  if (f.overdue > 0) return v('red', 'overdue');
  if (f.failed > 0) return v('red', 'failed');
  if (f.dueSoon > 0) return v('amber', 'dueSoon');
  return v('green', 'ok');
}

/** PIPL art. 57 says "promptly": an affected client of a high or critical incident is told within this. */
export const INCIDENT_NOTIFY_HOURS = 72;

/** Whether a client of an open real incident found at `foundAt` (ISO) is overdue for its letter at `now`. */
export function notifyOverdue(severity: string, foundAt: string, now: number): boolean {
  if (severity !== 'high' && severity !== 'critical') return false;
  return now - Date.parse(foundAt) > INCIDENT_NOTIFY_HOURS * 3_600_000;
}

/** `open`: open real incidents (drills do not count); `overdue`: affected clients past `notifyOverdue`. */
export function incidentVerdict(f: { open: number; overdue: number }): Verdict {
  if (f.overdue > 0) return v('red', 'overdue');
  return f.open > 0 ? v('amber', 'open') : v('green', 'none');
}
