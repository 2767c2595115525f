/**
 * The registers' summaries the evidence report carries beside the posture facts (issue 17,
 * Builds 3 to 9): counts and dates only, never a client's name or a sealed field. Each is one
 * small function over the register's tables (src/core/db/registers-schema.ts), read directly so
 * the report does not wait for a register's own module; a register that cannot be read (its
 * tables missing in an older vault) is left out, and its section shows the posture fact only.
 * A register module that wants its own wording of the summary replaces its entry in SUMMARIES.
 */
import { readPeriods } from '../retention/periods';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import { REGISTER_IDS, type RegisterId } from '../../shared/report/mapping';
import type { RegisterLine, RegisterSummary } from '../../shared/report/contract';
import { DAY_MS, shanghaiDate } from '../../shared/time';

interface SummaryContext {
  session: VaultSession;
  db: SqliteDb;
  now: Date;
  /** Beijing day today, and a year ago ("YYYY-MM-DD"). */
  today: string;
  yearAgo: string;
  yearAgoIso: string;
}

type Summary = (c: SummaryContext) => RegisterLine[];

const count = (c: SummaryContext, sql: string, ...params: unknown[]): number =>
  (c.db.prepare(sql).get(...params) as { n: number }).n;

const newest = (c: SummaryContext, sql: string, ...params: unknown[]): string | null =>
  (c.db.prepare(sql).get(...params) as { d: string | null } | undefined)?.d ?? null;

function people(c: SummaryContext): RegisterLine[] {
  const ack = (kind: string) =>
    count(
      c,
      `SELECT count(DISTINCT a.user_id) AS n FROM staff_acknowledgements a JOIN users u ON u.id = a.user_id
       WHERE u.status = 'active' AND a.kind = ? AND a.signed_on >= ?`,
      kind,
      c.yearAgo,
    );
  return [
    { key: 'people.staff', value: count(c, `SELECT count(*) AS n FROM users WHERE status = 'active'`) },
    { key: 'people.confidentiality', value: ack('confidentiality') },
    { key: 'people.conduct', value: ack('conduct') },
    {
      key: 'people.trainingSessions',
      value: count(c, 'SELECT count(*) AS n FROM training_sessions WHERE held_on >= ?', c.yearAgo),
    },
    {
      key: 'people.trained',
      value: count(
        c,
        `SELECT count(DISTINCT r.user_id) AS n FROM training_results r JOIN training_sessions s ON s.id = r.session_id
         WHERE s.held_on >= ? AND r.result IN ('passed', 'attended')`,
        c.yearAgo,
      ),
    },
    { key: 'people.lastTraining', value: newest(c, 'SELECT max(held_on) AS d FROM training_sessions') },
  ];
}

function agreements(c: SummaryContext): RegisterLine[] {
  return [
    { key: 'agreements.clients', value: count(c, 'SELECT count(*) AS n FROM clients') },
    {
      key: 'agreements.withAgreement',
      value: count(c, 'SELECT count(DISTINCT client_id) AS n FROM client_agreements'),
    },
    {
      key: 'agreements.renewalOverdue',
      // A client's newest agreement is the one in force; only its renewal day counts.
      value: count(
        c,
        `SELECT count(*) AS n FROM client_agreements a
         WHERE a.id = (SELECT max(b.id) FROM client_agreements b WHERE b.client_id = a.client_id)
           AND a.renewal_date IS NOT NULL AND a.renewal_date < ?`,
        c.today,
      ),
    },
  ];
}

function partners(c: SummaryContext): RegisterLine[] {
  const active = c.db
    .prepare(
      `SELECT p.assess_every_months AS months, (SELECT max(assessed_on) FROM partner_assessments a WHERE a.partner_id = p.id) AS last
       FROM partners p WHERE p.status = 'active'`,
    )
    .all() as { months: number; last: string | null }[];
  const overdue = active.filter((p) => {
    if (!p.last) return true;
    const due = new Date(`${p.last}T00:00:00+08:00`);
    due.setUTCMonth(due.getUTCMonth() + p.months);
    return shanghaiDate(due) < c.today;
  }).length;
  return [
    { key: 'partners.active', value: active.length },
    {
      key: 'partners.withAgreement',
      value: count(c, `SELECT count(*) AS n FROM partners WHERE status = 'active' AND agreement_signed_on IS NOT NULL`),
    },
    { key: 'partners.overdue', value: overdue },
    { key: 'partners.lastAssessment', value: newest(c, 'SELECT max(assessed_on) AS d FROM partner_assessments') },
  ];
}

function incidents(c: SummaryContext): RegisterLine[] {
  const notified = count(
    c,
    'SELECT count(*) AS n FROM incident_clients ic JOIN incidents i ON i.id = ic.incident_id WHERE i.is_drill = 0 AND ic.notified_at IS NOT NULL',
  );
  const affected = count(
    c,
    'SELECT count(*) AS n FROM incident_clients ic JOIN incidents i ON i.id = ic.incident_id WHERE i.is_drill = 0',
  );
  return [
    {
      key: 'incidents.open',
      value: count(c, `SELECT count(*) AS n FROM incidents WHERE is_drill = 0 AND status = 'open'`),
    },
    {
      key: 'incidents.closed12',
      value: count(
        c,
        `SELECT count(*) AS n FROM incidents WHERE is_drill = 0 AND status = 'closed' AND closed_at >= ?`,
        c.yearAgoIso,
      ),
    },
    {
      key: 'incidents.drills12',
      value: count(c, 'SELECT count(*) AS n FROM incidents WHERE is_drill = 1 AND found_at >= ?', c.yearAgoIso),
    },
    {
      key: 'incidents.lastDrill',
      value: dayOf(newest(c, 'SELECT max(found_at) AS d FROM incidents WHERE is_drill = 1')),
    },
    { key: 'incidents.clientsNotified', value: `${notified} / ${affected}` },
  ];
}

function risks(c: SummaryContext): RegisterLine[] {
  return [
    { key: 'risks.open', value: count(c, `SELECT count(*) AS n FROM risks WHERE status = 'open'`) },
    {
      key: 'risks.high',
      value: count(c, `SELECT count(*) AS n FROM risks WHERE status = 'open' AND likelihood * impact >= 15`),
    },
    {
      key: 'risks.reviewOverdue',
      value: count(c, `SELECT count(*) AS n FROM risks WHERE status = 'open' AND review_date < ?`, c.today),
    },
  ];
}

function internalAudit(c: SummaryContext): RegisterLine[] {
  return [
    {
      key: 'internalAudit.held12',
      value: count(
        c,
        'SELECT count(*) AS n FROM internal_audits WHERE held_on IS NOT NULL AND held_on >= ?',
        c.yearAgo,
      ),
    },
    {
      key: 'internalAudit.planned',
      value: count(c, 'SELECT count(*) AS n FROM internal_audits WHERE held_on IS NULL'),
    },
    {
      key: 'internalAudit.findingsOpen',
      value: count(c, `SELECT count(*) AS n FROM audit_findings WHERE status = 'open'`),
    },
    {
      key: 'internalAudit.findingsOverdue',
      value: count(c, `SELECT count(*) AS n FROM audit_findings WHERE status = 'open' AND due_date < ?`, c.today),
    },
  ];
}

function retention(c: SummaryContext): RegisterLine[] {
  // The periods in force, the legal defaults included: the table holds only those seeded or edited.
  const kinds = [...readPeriods(c.session).values()];
  return [
    { key: 'retention.kinds', value: kinds.length ? kinds.map((k) => `${k.kind} ${k.years}`).join(' · ') : null },
    {
      key: 'retention.holds',
      value: count(c, 'SELECT count(*) AS n FROM legal_holds WHERE released_at IS NULL'),
    },
    {
      key: 'retention.purgesPending',
      value: count(c, `SELECT count(*) AS n FROM purge_requests WHERE status = 'pending'`),
    },
    {
      key: 'retention.purged',
      value: count(c, `SELECT coalesce(sum(purged_count), 0) AS n FROM purge_requests WHERE status = 'approved'`),
    },
  ];
}

const dayOf = (iso: string | null): string | null => (iso ? shanghaiDate(iso) : null);

/** Each register's summary; a register module may replace its entry with its own. */
export const SUMMARIES: Record<RegisterId, Summary> = {
  people,
  agreements,
  partners,
  incidents,
  risks,
  internalAudit,
  retention,
};

/** The summaries of every register that can be read, in REGISTER_IDS order. */
export function readRegisterSummaries(session: VaultSession, now: Date): RegisterSummary[] {
  const yearAgo = new Date(now.getTime() - 365 * DAY_MS);
  const c: SummaryContext = {
    session,
    db: session.db,
    now,
    today: shanghaiDate(now),
    yearAgo: shanghaiDate(yearAgo),
    yearAgoIso: yearAgo.toISOString(),
  };
  const out: RegisterSummary[] = [];
  for (const register of REGISTER_IDS) {
    try {
      out.push({ register, lines: SUMMARIES[register](c) });
    } catch {
      // Its tables are not there (a vault before migration 0012): the section shows the facts only.
    }
  }
  return out;
}
