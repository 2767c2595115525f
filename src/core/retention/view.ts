/**
 * The retention screen's view: periods, legal holds, per-client counts of deleted records and
 * of those past their period, and purge requests with what the signed-in user may do to each.
 */
import { desc, isNotNull, isNull } from 'drizzle-orm';
import { authorize, decide } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { legalHolds, purgeRequests } from '../db/registers-schema';
import { users } from '../db/schema';
import type { VaultSession } from '../vault/session';
import type { PurgeRequestView, RetentionView } from '../../shared/retention/contract';
import { kindOf } from '../../shared/retention/rules';
import { shanghaiDate } from '../../shared/time';
import { deletedRecords, tallyByClient } from './eligibility';
import { readPeriods, seedPeriods } from './periods';

const DECIDED_LISTED = 20;

/** The view for admins, managers and auditors; seeds the periods on first use; audited as retention.list. */
export function getRetention(session: VaultSession, now = new Date()): RetentionView {
  authorize(session, 'retention.list');
  const view = retentionView(session, now);
  if (!session.integrityAlarm)
    session.write(
      (ctx) => {
        // A read-only viewer's first look seeds too: the periods are the law's, not a choice.
        seedPeriods(ctx, now.toISOString());
        ctx.audit({
          action: 'retention.list',
          details: {
            clients: view.clients.length,
            pending: view.requests.filter((r) => r.status === 'pending').length,
          },
        });
      },
      { read: true },
    );
  return view;
}

/** The view after a change (the change itself is the audited event). */
export function retentionView(session: VaultSession, now = new Date()): RetentionView {
  const names = new Map(
    session.orm
      .select()
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  const active = session.orm.select().from(legalHolds).where(isNull(legalHolds.releasedAt)).all();
  const released = session.orm
    .select()
    .from(legalHolds)
    .where(isNotNull(legalHolds.releasedAt))
    .orderBy(desc(legalHolds.releasedAt))
    .limit(DECIDED_LISTED)
    .all();
  const pending = session.orm.select().from(purgeRequests).where(isNull(purgeRequests.decidedAt)).all();
  const decided = session.orm
    .select()
    .from(purgeRequests)
    .where(isNotNull(purgeRequests.decidedAt))
    .orderBy(desc(purgeRequests.id))
    .limit(DECIDED_LISTED)
    .all();
  const tally = tallyByClient(deletedRecords(session, now));
  const heldIds = new Set(active.map((h) => h.clientId));
  const clientIds = [...new Set([...tally.keys(), ...heldIds])].sort((a, b) => a - b);
  const accounts = session.db
    .prepare(
      `SELECT a.id AS accountId, a.client_id AS clientId, a.kind AS accountKind, a.institution AS institution, k.kind AS kind
         FROM payment_accounts a LEFT JOIN account_retention k ON k.account_id = a.id ORDER BY a.client_id, a.id`,
    )
    .all() as {
    accountId: number;
    clientId: number;
    accountKind: string;
    institution: string | null;
    kind: string | null;
  }[];
  const clientName = clientNames(session, [
    ...clientIds,
    ...[...active, ...released, ...pending, ...decided, ...accounts].map((r) => r.clientId),
  ]);
  const manage = decide(session, 'retention.purgeApprove').allowed;
  const requests: PurgeRequestView[] = [...pending, ...decided].map((r) => ({
    id: r.id,
    clientId: r.clientId,
    clientName: clientName.get(r.clientId) ?? null,
    records: (JSON.parse(r.recordIds) as unknown[]).length,
    requestedAt: r.requestedAt,
    requestedBy: nameOf(r.requestedBy)!,
    status: r.status,
    decidedAt: r.decidedAt,
    decidedBy: nameOf(r.decidedBy),
    purgedCount: r.purgedCount,
    canApprove: manage && r.status === 'pending' && r.requestedBy !== session.user.id,
    canRefuse: manage && r.status === 'pending',
  }));
  return {
    periods: [...readPeriods(session).values()].map((p) => ({ ...p, updatedBy: nameOf(p.updatedBy) })),
    holds: [...active, ...released].map((h) => ({
      id: h.id,
      clientId: h.clientId,
      clientName: clientName.get(h.clientId) ?? null,
      reason: h.reason,
      placedAt: h.placedAt,
      placedBy: nameOf(h.placedBy)!,
      releasedAt: h.releasedAt,
      releasedBy: nameOf(h.releasedBy),
    })),
    clients: clientIds.map((clientId) => ({
      clientId,
      clientName: clientName.get(clientId) ?? null,
      deleted: tally.get(clientId)?.deleted ?? 0,
      eligible: tally.get(clientId)?.eligible ?? 0,
      nextPurgeableFrom: tally.get(clientId)?.nextPurgeableFrom ?? null,
      held: heldIds.has(clientId),
    })),
    requests,
    accounts: accounts.map(({ kind, ...a }) => ({
      ...a,
      clientName: clientName.get(a.clientId) ?? null,
      retentionKind: kindOf(kind),
    })),
    canManage: manage,
    today: shanghaiDate(now),
  };
}
