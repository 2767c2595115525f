/**
 * Access reviews (issue 17, Build 2). An admin starts a round with a due date: every per-client
 * grant (accountants' and auditors') becomes an item as it stood then. The manager the admin
 * named decides the accountants' items, the admins decide the rest and may decide any; a revoke
 * goes through the grants' own revoke (src/core/access/grants.ts), so the client's key is taken
 * away and rotated as it is there. Every start and decision is audited, and refusals through
 * `authorize`. A round closes when its last item is decided; an item whose grant was revoked
 * elsewhere is settled as 'gone' the next time the reviews are read.
 */
import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { authorize, authorizeRole, hasPermission } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { revokeClientGrant } from '../access/grants';
import { accessReviewItems, accessReviewRounds } from '../db/compliance-schema';
import { clientGrants, users } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession, WriteContext } from '../vault/session';
import {
  reviewDecide,
  reviewStart,
  type ReviewDecide,
  type ReviewItemView,
  type ReviewRoundView,
  type ReviewStart,
  type ReviewView,
} from '../../shared/review/contract';
import { shanghaiDate } from '../../shared/time';

type RoundRow = typeof accessReviewRounds.$inferSelect;
type ItemRow = typeof accessReviewItems.$inferSelect;

const ROUNDS_LISTED = 20;

function openRound(session: VaultSession): RoundRow | undefined {
  return session.orm.select().from(accessReviewRounds).where(isNull(accessReviewRounds.closedAt)).get();
}

/**
 * Pending items whose grant no longer exists (revoked on the grants screen) become 'gone', and a
 * round whose items are all decided closes. Runs inside the caller's write transaction.
 */
function settle(ctx: WriteContext, now: string): void {
  const round = ctx.orm.select().from(accessReviewRounds).where(isNull(accessReviewRounds.closedAt)).get();
  if (!round) return;
  const pending = ctx.orm
    .select()
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.roundId, round.id), isNull(accessReviewItems.decision)))
    .all();
  let left = pending.length;
  for (const item of pending) {
    const grant = ctx.orm
      .select({ userId: clientGrants.userId })
      .from(clientGrants)
      .where(and(eq(clientGrants.userId, item.userId), eq(clientGrants.clientId, item.clientId)))
      .get();
    if (grant) continue;
    ctx.orm
      .update(accessReviewItems)
      .set({ decision: 'gone', decidedAt: now })
      .where(eq(accessReviewItems.id, item.id))
      .run();
    ctx.audit({
      action: 'review.gone',
      targetType: 'user',
      targetId: item.userId,
      clientId: item.clientId,
      details: { round: round.id, item: item.id },
    });
    left -= 1;
  }
  if (left === 0) closeRound(ctx, round, now);
}

/**
 * `settle` in a transaction of its own, only when the open round has a pending item whose grant
 * is gone or none pending (a read first: an empty write would end the collapsing of repeated
 * posture views, audit/collapse.ts); nothing under an integrity alarm (reads only then).
 */
function settleNow(session: VaultSession, now: Date): void {
  if (session.integrityAlarm) return;
  const round = openRound(session);
  if (!round) return;
  const stale = session.db
    .prepare(
      `SELECT count(*) AS pending,
              sum(NOT EXISTS (SELECT 1 FROM client_grants g WHERE g.user_id = i.user_id AND g.client_id = i.client_id)) AS gone
         FROM access_review_items i WHERE i.round_id = ? AND i.decision IS NULL`,
    )
    .get(round.id) as { pending: number; gone: number | null };
  if (stale.pending === 0 || (stale.gone ?? 0) > 0) session.write((ctx) => settle(ctx, now.toISOString()));
}

function closeRound(ctx: WriteContext, round: RoundRow, now: string): void {
  ctx.orm.update(accessReviewRounds).set({ closedAt: now }).where(eq(accessReviewRounds.id, round.id)).run();
  const items = ctx.orm.select().from(accessReviewItems).where(eq(accessReviewItems.roundId, round.id)).all();
  ctx.audit({
    action: 'review.close',
    targetType: 'review',
    targetId: String(round.id),
    details: {
      round: round.id,
      items: items.length,
      confirmed: items.filter((i) => i.decision === 'confirmed').length,
      revoked: items.filter((i) => i.decision === 'revoked').length,
      gone: items.filter((i) => i.decision === 'gone').length,
    },
  });
}

/** Starts a round (admins). E_CONFLICT while another is open; E_INPUT for a due date before today. */
export function startReview(session: VaultSession, input: ReviewStart, now = new Date()): ReviewView {
  const { dueDate, reviewer } = parseInput(reviewStart, input);
  authorize(session, 'review.start');
  const today = shanghaiDate(now);
  if (dueDate < today) throw inputError('review.dueInPast', { today });
  const at = now.toISOString();
  settleNow(session, now);
  const open = openRound(session);
  if (open)
    throw new LedgerVaultError('E_CONFLICT', `Review round ${open.id} is still open.`, {
      messageKey: 'review.roundOpen',
      params: { dueDate: open.dueDate },
    });
  let reviewerId: string | null = null;
  if (reviewer) {
    const row = session.orm.select().from(users).where(eq(users.username, reviewer)).get();
    if (!row || row.role !== 'manager' || row.status !== 'active')
      throw inputError('review.reviewerNotManager', { username: reviewer });
    reviewerId = row.id;
  }
  const grants = session.orm
    .select({
      userId: clientGrants.userId,
      clientId: clientGrants.clientId,
      canWrite: clientGrants.canWrite,
      grantedAt: clientGrants.grantedAt,
      role: users.role,
    })
    .from(clientGrants)
    .innerJoin(users, eq(users.id, clientGrants.userId))
    .where(inArray(users.role, ['accountant', 'auditor']))
    .all();
  if (grants.length === 0) throw inputError('review.noGrants');
  session.write((ctx) => {
    const round = ctx.orm
      .insert(accessReviewRounds)
      .values({ dueDate, startedAt: at, startedBy: session.user.id })
      .returning()
      .get();
    for (const g of grants) {
      ctx.orm
        .insert(accessReviewItems)
        .values({
          roundId: round.id,
          userId: g.userId,
          clientId: g.clientId,
          canWrite: g.canWrite,
          grantedAt: g.grantedAt,
          assigneeId: g.role === 'accountant' ? reviewerId : null,
        })
        .run();
    }
    ctx.audit({
      action: 'review.start',
      targetType: 'review',
      targetId: String(round.id),
      details: { round: round.id, dueDate, items: grants.length, reviewer: reviewer ?? null },
    });
  });
  return reviewView(session, now);
}

/** Whether this session may decide `item`: admins any, a manager those assigned to her. */
function mayDecide(session: VaultSession, item: Pick<ItemRow, 'assigneeId'>): boolean {
  if (hasPermission(session, 'grants.manage')) return true;
  return item.assigneeId === session.user.id;
}

/**
 * Confirms or revokes one item. A revoke is the grants' own revoke (audited there as
 * grant.revoke, the key rotated), then the decision is recorded and audited as review.decide;
 * should the second step not happen, the next read settles the item as 'gone'.
 */
export function decideReview(session: VaultSession, input: ReviewDecide, now = new Date()): ReviewView {
  const { itemId, decision } = parseInput(reviewDecide, input);
  authorizeRole(session, 'review.decide', { targetType: 'review-item', targetId: String(itemId) });
  const item = session.orm.select().from(accessReviewItems).where(eq(accessReviewItems.id, itemId)).get();
  if (!item) throw inputError('review.notFound', { id: itemId });
  if (!mayDecide(session, item)) {
    session.write((ctx) =>
      ctx.audit({
        action: 'review.decide',
        outcome: 'denied',
        targetType: 'review-item',
        targetId: String(itemId),
        clientId: item.clientId,
        details: { reason: 'not_assigned', role: session.user.role },
      }),
    );
    throw new LedgerVaultError('E_FORBIDDEN', `Review item ${itemId} is not assigned to ${session.user.username}.`, {
      messageKey: 'review.notAssigned',
    });
  }
  if (item.decision !== null)
    throw new LedgerVaultError('E_CONFLICT', `Review item ${itemId} is decided.`, { messageKey: 'review.decided' });
  const grantee = session.orm.select().from(users).where(eq(users.id, item.userId)).get()!;
  if (decision === 'revoke') revokeClientGrant(session, { username: grantee.username, clientId: item.clientId });
  const at = now.toISOString();
  session.write((ctx) => {
    ctx.orm
      .update(accessReviewItems)
      .set({ decision: decision === 'revoke' ? 'revoked' : 'confirmed', decidedAt: at, decidedBy: session.user.id })
      .where(and(eq(accessReviewItems.id, itemId), isNull(accessReviewItems.decision)))
      .run();
    ctx.audit({
      action: 'review.decide',
      targetType: 'user',
      targetId: item.userId,
      clientId: item.clientId,
      details: { round: item.roundId, item: itemId, decision, username: grantee.username, canWrite: item.canWrite },
    });
    settle(ctx, at);
  });
  return reviewView(session, now);
}

function roundView(
  session: VaultSession,
  round: RoundRow,
  today: string,
  names: (id: string) => string,
): ReviewRoundView {
  const items = session.orm
    .select({ decision: accessReviewItems.decision })
    .from(accessReviewItems)
    .where(eq(accessReviewItems.roundId, round.id))
    .all();
  return {
    id: round.id,
    dueDate: round.dueDate,
    startedAt: round.startedAt,
    startedBy: names(round.startedBy),
    closedAt: round.closedAt,
    total: items.length,
    decided: items.filter((i) => i.decision !== null).length,
    revoked: items.filter((i) => i.decision === 'revoked').length,
    overdue: round.closedAt === null && round.dueDate < today,
  };
}

/** The rounds and the open round's items, for admins and managers; settles first, audited as review.list. */
export function getReviews(session: VaultSession, now = new Date()): ReviewView {
  authorize(session, 'review.list');
  const view = reviewView(session, now);
  session.write((ctx) => ctx.audit({ action: 'review.list', details: { items: view.items.length } }));
  return view;
}

/** The view after a change (the change itself is the audited event). */
function reviewView(session: VaultSession, now: Date): ReviewView {
  settleNow(session, now);
  const today = shanghaiDate(now);
  const people = session.orm.select().from(users).all();
  const byId = new Map(people.map((u) => [u.id, u]));
  const names = (id: string) => byId.get(id)?.username ?? id;
  const rounds = session.orm
    .select()
    .from(accessReviewRounds)
    .orderBy(desc(accessReviewRounds.id))
    .limit(ROUNDS_LISTED)
    .all();
  const open = rounds.find((r) => r.closedAt === null) ?? null;
  const rows = open
    ? session.orm
        .select()
        .from(accessReviewItems)
        .where(eq(accessReviewItems.roundId, open.id))
        .orderBy(accessReviewItems.id)
        .all()
    : [];
  const clientNameOf = clientNames(session, [...new Set(rows.map((r) => r.clientId))]);
  const items: ReviewItemView[] = rows.map((r) => {
    const u = byId.get(r.userId);
    return {
      id: r.id,
      username: u?.username ?? r.userId,
      displayName: u?.displayName ?? '',
      role: u?.role ?? 'accountant',
      clientId: r.clientId,
      clientName: clientNameOf.get(r.clientId) ?? null,
      canWrite: r.canWrite,
      grantedAt: r.grantedAt,
      assignee: r.assigneeId === null ? null : names(r.assigneeId),
      decision: r.decision,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy === null ? null : names(r.decidedBy),
      mine: r.decision === null && mayDecide(session, r),
    };
  });
  const admin = hasPermission(session, 'grants.manage') && !session.restriction;
  return {
    open: open ? roundView(session, open, today, names) : null,
    items,
    rounds: rounds.map((r) => roundView(session, r, today, names)),
    canStart: admin && !open,
    reviewers: admin
      ? people
          .filter((u) => u.role === 'manager' && u.status === 'active')
          .map((u) => ({ username: u.username, displayName: u.displayName }))
      : [],
  };
}

/** What the posture reads (no audit of its own: the posture's read is audited). */
export function reviewFacts(session: VaultSession, now: Date): { lastClosedAt: string | null; openDue: string | null } {
  settleNow(session, now);
  const last = session.orm
    .select({ closedAt: accessReviewRounds.closedAt })
    .from(accessReviewRounds)
    .where(isNotNull(accessReviewRounds.closedAt))
    .orderBy(desc(accessReviewRounds.closedAt))
    .limit(1)
    .get();
  return { lastClosedAt: last?.closedAt ?? null, openDue: openRound(session)?.dueDate ?? null };
}
