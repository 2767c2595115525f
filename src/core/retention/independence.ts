/**
 * Whether a purge's approver is independent of its requester, as far as the audit log can tell.
 * The core cannot stop an admin who creates (or resets the password of) another account, signs
 * in as it and approves her own request: the accounts are hers to manage. It can say so: the
 * account changes the requester made to the approver's account in the 90 days before the
 * approval are named in the `retention.purge` event (`approverSetUpBy`), where an auditor reads
 * them in the viewer, beside the `user.create` or `user.resetPassword` they point to.
 */
import { and, eq, gte, inArray } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import type { VaultSession } from '../vault/session';

/** Account changes by which one person can come to know, or choose, another's credentials or role. */
const SETTING_UP = ['user.create', 'user.resetPassword', 'user.resetMfa', 'user.update', 'user.enable'];
const WINDOW_DAYS = 90;

/** The requester's changes to the approver's account in the window, oldest first, as "action at". */
export function approverSetUpBy(session: VaultSession, requesterId: string, approverId: string, now: Date): string[] {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000).toISOString();
  return session.orm
    .select({ action: auditEvents.action, at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorId, requesterId),
        eq(auditEvents.targetType, 'user'),
        eq(auditEvents.targetId, approverId),
        eq(auditEvents.outcome, 'ok'),
        inArray(auditEvents.action, SETTING_UP),
        gte(auditEvents.at, since),
      ),
    )
    .orderBy(auditEvents.seq)
    .all()
    .map((e) => `${e.action} ${e.at}`);
}
