/**
 * Reading the incident register (issue 17, Build 3): admins, managers and auditors
 * ('incident.list'). A client's name and sealed texts are opened with the session's own keys;
 * a client whose key the reader does not hold shows by number with its texts withheld (null).
 * Reads are audited as 'incident.list' / 'incident.view', identical repeats collapsed.
 */
import { asc, desc, eq } from 'drizzle-orm';
import { authorize, authorizeRole, hasPermission } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { auditRepeatable } from '../audit/collapse';
import { incidentClients, incidents, incidentSteps, incidentTeam } from '../db/registers-schema';
import { users } from '../db/schema';
import { parseInput } from '../parse-input';
import { openText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import type {
  IncidentClientView,
  IncidentDetail,
  IncidentsView,
  IncidentSummary,
} from '../../shared/incidents/contract';
import { z } from 'zod';
import { id as idSchema } from '../../shared/schema-kit';
import { loadIncident, sealedAt, type IncidentRow } from './common';
import { parseFilter } from './record-filter';

const LISTED = 200;

function mayManage(session: VaultSession): boolean {
  return hasPermission(session, 'compliance.manage') && !session.restriction;
}

function nameOf(session: VaultSession): (id: string | null) => string | null {
  const byId = new Map(
    session.orm
      .select()
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  return (id) => (id === null ? null : (byId.get(id) ?? id));
}

function summary(row: IncidentRow, counts: { clients: number; notified: number }): IncidentSummary {
  return {
    id: row.id,
    isDrill: row.isDrill,
    title: row.title,
    severity: row.severity,
    foundAt: row.foundAt,
    foundBy: row.foundBy,
    status: row.status,
    clients: counts.clients,
    notified: counts.notified,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
  };
}

/** The whole incident as the session may see it; no audit (callers audit the read or the change). */
export function incidentDetail(session: VaultSession, id: number): IncidentDetail {
  const row = loadIncident(session, id);
  const name = nameOf(session);
  const team = session.orm
    .select({ username: users.username, displayName: users.displayName, role: incidentTeam.role })
    .from(incidentTeam)
    .innerJoin(users, eq(users.id, incidentTeam.userId))
    .where(eq(incidentTeam.incidentId, id))
    .orderBy(asc(users.username))
    .all();
  const steps = session.orm
    .select()
    .from(incidentSteps)
    .where(eq(incidentSteps.incidentId, id))
    .orderBy(asc(incidentSteps.id))
    .all()
    .map((s) => ({ id: s.id, kind: s.kind, text: s.text, at: s.at, by: name(s.by) ?? s.by }));
  const rows = session.orm
    .select()
    .from(incidentClients)
    .where(eq(incidentClients.incidentId, id))
    .orderBy(asc(incidentClients.clientId))
    .all();
  const names = clientNames(
    session,
    rows.map((r) => r.clientId),
  );
  const affected: IncidentClientView[] = rows.map((r) => {
    const held = session.keyRing.has(r.clientId);
    const open = (field: 'which_data' | 'letter', blob: Buffer | null) =>
      held ? openText(session, sealedAt(id, r.clientId, field), blob) : null;
    return {
      clientId: r.clientId,
      clientName: names.get(r.clientId) ?? null,
      filter: parseFilter(r.recordFilter),
      recordCount: r.recordCount,
      whichData: open('which_data', r.whichDataEnc),
      letter: open('letter', r.letterEnc),
      hasLetter: r.letterEnc !== null,
      notifiedAt: r.notifiedAt,
      notifiedBy: name(r.notifiedBy),
      notifiedHow: r.notifiedHow,
    };
  });
  return {
    ...summary(row, { clients: rows.length, notified: rows.filter((r) => r.notifiedAt !== null).length }),
    whatHappened: row.whatHappened,
    contact: row.contact,
    lessons: row.lessons,
    createdBy: name(row.createdBy) ?? row.createdBy,
    closedBy: name(row.closedBy),
    team,
    steps,
    affected,
    canManage: row.status === 'open' && mayManage(session),
  };
}

/** The register, newest first (at most 200), with the staff a team may be made of. */
export function listIncidents(session: VaultSession, now = new Date()): IncidentsView {
  authorize(session, 'incident.list');
  const rows = session.orm.select().from(incidents).orderBy(desc(incidents.id)).limit(LISTED).all();
  const links = session.orm
    .select({ incidentId: incidentClients.incidentId, notifiedAt: incidentClients.notifiedAt })
    .from(incidentClients)
    .all();
  const list = rows.map((r) => {
    const mine = links.filter((l) => l.incidentId === r.id);
    return summary(r, { clients: mine.length, notified: mine.filter((l) => l.notifiedAt !== null).length });
  });
  const manage = mayManage(session);
  const staff = manage
    ? session.orm
        .select({ username: users.username, displayName: users.displayName })
        .from(users)
        .where(eq(users.status, 'active'))
        .orderBy(asc(users.username))
        .all()
    : [];
  auditRepeatable(session, { action: 'incident.list', identity: {}, details: { incidents: list.length } }, now);
  return { incidents: list, canManage: manage, staff };
}

/** One incident, with its team, steps and affected clients (their texts where the key is held). */
export function getIncident(session: VaultSession, input: unknown, now = new Date()): IncidentDetail {
  const { id } = parseInput(z.strictObject({ id: idSchema }), input);
  authorizeRole(session, 'incident.list', { targetType: 'incident', targetId: String(id) });
  const detail = incidentDetail(session, id);
  auditRepeatable(session, { action: 'incident.view', identity: { id }, details: { id } }, now);
  return detail;
}
