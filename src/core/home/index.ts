import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { clientNameMap, visibleClientNames } from '../audit/names';
import { listSignInAlerts } from '../auth/signals';
import { auditEvents, clients, paymentRecords, users } from '../db/schema';
import { openRecordText } from '../records/sealed-record';
import { readSettings } from '../settings/settings';
import { readKeysFile } from '../vault/keys-file';
import type { VaultSession } from '../vault/session';
import { ROLE_NAMES } from '../../shared/access/roles';
import { lockedUntil } from '../auth/lockout';
import type {
  HomeClientMonth,
  HomeDisclosure,
  HomeIdleClient,
  HomeMfaCoverage,
  HomeRecentWork,
  HomeSummary,
} from '../../shared/home/contract';
import { DAY_MS, addShanghaiMonths, parseShanghai, shanghaiDate } from '../../shared/time';

/** A client with no record dated in this many days is listed for the manager. */
export const IDLE_DAYS = 30;
/** Reveals, exports and sign-in alerts of this many days back. */
export const LOOKBACK_DAYS = 30;
const RECENT_WORK = 10;

/** The Beijing month `now` falls in, as "2024-03" and its first and next month's first instant. */
function monthOf(now: Date): { month: string; start: number; end: number } {
  const month = shanghaiDate(now).slice(0, 7);
  const start = parseShanghai(`${month}-01`)!;
  return { month, start, end: addShanghaiMonths(start, 1) };
}

/** This month's count and in/out totals per granted client (numbers by SQL, names in TypeScript). */
function clientMonths(session: VaultSession, now: Date): HomeClientMonth[] {
  authorize(session, 'client.list');
  const visible = visibleClientNames(session);
  if (visible.length === 0) return [];
  const { start, end } = monthOf(now);
  const sums = session.orm
    .select({
      clientId: paymentRecords.clientId,
      count: sql<number>`count(*)`,
      inMinor: sql<number>`coalesce(sum(CASE WHEN ${paymentRecords.direction} = 'in' THEN ${paymentRecords.amountMinor} END), 0)`,
      outMinor: sql<number>`coalesce(sum(CASE WHEN ${paymentRecords.direction} = 'out' THEN ${paymentRecords.amountMinor} END), 0)`,
    })
    .from(paymentRecords)
    .where(
      and(
        inArray(
          paymentRecords.clientId,
          visible.map((c) => c.id),
        ),
        isNull(paymentRecords.deletedAt),
        gte(paymentRecords.occurredAt, start),
        lt(paymentRecords.occurredAt, end),
      ),
    )
    .groupBy(paymentRecords.clientId)
    .all();
  const byId = new Map(sums.map((s) => [s.clientId, s]));
  return visible.map((c) => {
    const s = byId.get(c.id);
    return { id: c.id, name: c.name, count: s?.count ?? 0, inMinor: s?.inMinor ?? 0, outMinor: s?.outMinor ?? 0 };
  });
}

/** The records this user entered or last changed, newest change first, in clients she still reaches. */
function recentWork(session: VaultSession): HomeRecentWork[] {
  const names = clientNameMap(session);
  if (names.size === 0) return [];
  const me = session.user.id;
  return session.orm
    .select()
    .from(paymentRecords)
    .where(
      and(
        inArray(paymentRecords.clientId, [...names.keys()]),
        isNull(paymentRecords.deletedAt),
        or(eq(paymentRecords.createdBy, me), eq(paymentRecords.updatedBy, me)),
      ),
    )
    .orderBy(desc(paymentRecords.updatedAt), desc(paymentRecords.id))
    .limit(RECENT_WORK)
    .all()
    .map((r) => ({
      id: r.id,
      clientId: r.clientId,
      // Only clients in `names` were read, so the name is there and the key is held.
      clientName: names.get(r.clientId) ?? '',
      occurredAt: r.occurredAt,
      hasTime: r.hasTime,
      direction: r.direction,
      amountMinor: r.amountMinor,
      currency: r.currency,
      counterparty: openRecordText(session, r).counterparty,
      kind: r.version > 1 && r.updatedBy === me ? 'edited' : 'created',
      at: r.updatedAt,
    }));
}

/** Active clients without a record dated in the last `days` days, longest idle first. */
function idleClients(session: VaultSession, now: Date, days: number): HomeIdleClient[] {
  const visible = visibleClientNames(session);
  const active = new Set(
    session.orm
      .select({ id: clients.id })
      .from(clients)
      .where(eq(clients.status, 'active'))
      .all()
      .map((c) => c.id),
  );
  const last = new Map(
    session.orm
      .select({ clientId: paymentRecords.clientId, last: sql<number>`max(${paymentRecords.occurredAt})` })
      .from(paymentRecords)
      .where(isNull(paymentRecords.deletedAt))
      .groupBy(paymentRecords.clientId)
      .all()
      .map((r) => [r.clientId, r.last]),
  );
  const cutoff = now.getTime() - days * DAY_MS;
  return visible
    .filter((c) => active.has(c.id))
    .map((c) => ({ id: c.id, name: c.name, lastRecordAt: last.get(c.id) ?? null }))
    .filter((c) => c.lastRecordAt === null || c.lastRecordAt < cutoff)
    .sort((a, b) => (a.lastRecordAt ?? 0) - (b.lastRecordAt ?? 0));
}

/**
 * Who saw full account numbers or took records out, when, for which client and why. A client
 * whose key this session lacks has a null name: the screen shows its number in the user's language.
 */
function disclosures(session: VaultSession, now: Date): HomeDisclosure[] {
  authorize(session, 'audit.view');
  const names = clientNameMap(session);
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString();
  return session.orm
    .select()
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, ['records.reveal', 'records.export']),
        eq(auditEvents.outcome, 'ok'),
        gte(auditEvents.at, since),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(200)
    .all()
    .map((e) => {
      const d = JSON.parse(e.details) as Record<string, unknown>;
      const reason =
        typeof d.reason === 'string' ? d.reason : typeof d.revealReason === 'string' ? d.revealReason : null;
      return {
        seq: e.seq,
        at: e.at,
        actor: e.actorName,
        action: e.action as HomeDisclosure['action'],
        clientId: e.clientId,
        clientName: e.clientId === null ? null : (names.get(e.clientId) ?? null),
        reason,
        rows: typeof d.rows === 'number' ? d.rows : null,
      };
    });
}

/** Accounts locked now, and how many staff of each role have two-step verification. */
function accounts(session: VaultSession, now: Date): Pick<HomeSummary, 'locked' | 'mfa'> {
  authorize(session, 'user.list');
  const keys = readKeysFile(session.paths);
  const staff = session.orm.select().from(users).where(eq(users.status, 'active')).all();
  const locked = staff
    .map((u) => ({ u, until: lockedUntil(keys.counters[u.username], keys.lockout, now) }))
    .filter((x): x is { u: (typeof staff)[number]; until: Date } => x.until !== null)
    .map(({ u, until }) => ({ username: u.username, displayName: u.displayName, lockedUntil: until.toISOString() }));
  const required = new Set(readSettings(session).mfaRequiredRoles);
  const mfa: HomeMfaCoverage[] = ROLE_NAMES.map((role) => {
    const ofRole = staff.filter((u) => u.role === role);
    return {
      role,
      required: required.has(role),
      // Version 2 keeps the confirmed secret only sealed (mfa_secret_enc); the old column is NULL.
      enrolled: ofRole.filter((u) => u.mfaSecretEnc !== null).length,
      total: ofRole.length,
    };
  });
  return { locked, mfa };
}

/**
 * The home screen's summary for the signed-in user's role: an accountant's clients and work, a
 * manager's idle clients and disclosures, an admin's sign-in alerts and accounts. Each part is
 * authorized on its own operation; opening the home screen is audited as `home.view`, collapsed
 * like lists (coming back to it again and again writes one event with a count).
 */
export function homeSummary(session: VaultSession, now: Date = new Date()): HomeSummary {
  const role = session.user.role;
  const summary: HomeSummary = { role, month: monthOf(now).month };
  if (role === 'accountant' || role === 'auditor') summary.clients = clientMonths(session, now);
  if (role === 'accountant') summary.recent = recentWork(session);
  if (role === 'manager') {
    summary.idle = { days: IDLE_DAYS, clients: idleClients(session, now, IDLE_DAYS) };
    summary.disclosures = disclosures(session, now);
  }
  if (role === 'admin') {
    summary.alerts = listSignInAlerts(session, new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS));
    Object.assign(summary, accounts(session, now));
  }
  auditRepeatable(
    session,
    { action: 'home.view', identity: { role, month: summary.month }, details: { role, month: summary.month } },
    now,
  );
  return summary;
}
