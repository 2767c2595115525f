/**
 * Incidents and drills (issue 17, Build 3): registering one, its response team, its step log
 * (appended, never edited), the clients it affects with the records their filter matches, the
 * lessons learned and closure. Admins and managers only ('incident.manage', refused and audited
 * through authorizeRole otherwise); every change audited in its own write transaction. Audit
 * details carry ids, kinds and counts, never a client's text (that is sealed).
 */
import { and, eq } from 'drizzle-orm';
import { requireClientKey } from '../access/client-names';
import { incidentClients, incidents, incidentSteps, incidentTeam } from '../db/registers-schema';
import { users } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import {
  incidentAdd,
  incidentClient,
  incidentLessons,
  incidentStep,
  incidentTeam as teamInput,
  type IncidentAdd,
  type IncidentClientInput,
  type IncidentDetail,
} from '../../shared/incidents/contract';
import { parseShanghai } from '../../shared/time';
import { authorizeManage, loadOpen, sealedAt, target } from './common';
import { checkFilter, countMatching } from './record-filter';
import { incidentDetail } from './view';

/** A clock a little ahead of ours is not a mistake worth refusing. */
const FUTURE_SLACK_MS = 5 * 60_000;

function foundAtIso(text: string, now: Date): string {
  const ms = parseShanghai(text);
  if (ms === null) throw inputError('incidents.badFoundAt', { value: text });
  if (ms > now.getTime() + FUTURE_SLACK_MS) throw inputError('incidents.foundInFuture');
  return new Date(ms).toISOString();
}

/** Registers an incident, or a drill (`isDrill`), open. */
export function addIncident(session: VaultSession, input: IncidentAdd, now = new Date()): IncidentDetail {
  const i = parseInput(incidentAdd, input);
  authorizeManage(session);
  const foundAt = foundAtIso(i.foundAt, now);
  const at = now.toISOString();
  const id = session.write((ctx) => {
    const row = ctx.orm
      .insert(incidents)
      .values({
        isDrill: i.isDrill,
        title: i.title,
        severity: i.severity,
        foundAt,
        foundBy: i.foundBy,
        whatHappened: i.whatHappened,
        contact: i.contact || null,
        status: 'open',
        createdAt: at,
        createdBy: session.user.id,
      })
      .returning({ id: incidents.id })
      .get();
    ctx.audit({
      action: 'incident.add',
      ...target(row.id),
      details: { id: row.id, isDrill: i.isDrill, severity: i.severity, foundAt },
    });
    return row.id;
  });
  return incidentDetail(session, id);
}

/** Appends a step (containment, recovery, communication or a note) to the log. */
export function addStep(session: VaultSession, input: unknown, now = new Date()): IncidentDetail {
  const s = parseInput(incidentStep, input);
  authorizeManage(session, s.id);
  loadOpen(session, s.id);
  session.write((ctx) => {
    const row = ctx.orm
      .insert(incidentSteps)
      .values({ incidentId: s.id, kind: s.kind, text: s.text, at: now.toISOString(), by: session.user.id })
      .returning({ id: incidentSteps.id })
      .get();
    ctx.audit({ action: 'incident.step', ...target(s.id), details: { id: s.id, step: row.id, kind: s.kind } });
  });
  return incidentDetail(session, s.id);
}

/** Puts a staff member on the response team with a part, or changes her part. */
export function setTeamMember(session: VaultSession, input: unknown): IncidentDetail {
  const m = parseInput(teamInput, input);
  authorizeManage(session, m.id);
  loadOpen(session, m.id);
  const person = session.orm.select().from(users).where(eq(users.username, m.username)).get();
  if (!person || person.status !== 'active') throw inputError('incidents.notStaff', { username: m.username });
  session.write((ctx) => {
    ctx.orm
      .insert(incidentTeam)
      .values({ incidentId: m.id, userId: person.id, role: m.role })
      .onConflictDoUpdate({ target: [incidentTeam.incidentId, incidentTeam.userId], set: { role: m.role } })
      .run();
    ctx.audit({
      action: 'incident.team',
      ...target(m.id),
      details: { id: m.id, username: m.username, role: m.role },
    });
  });
  return incidentDetail(session, m.id);
}

function conflict(key: 'incidents.clientNotified', clientId: number): LedgerVaultError {
  return new LedgerVaultError('E_CONFLICT', `Client ${clientId} was notified.`, {
    messageKey: key,
    params: { clientId },
  });
}

/**
 * Links a client the incident affects, or changes its filter and text before it is notified:
 * the records the filter matches are counted now and the count kept; "which data" is sealed
 * under the client's key, so the session must hold it (refused and audited as 'no_key').
 * A changed client's letter is dropped: it must be written again from what is now true.
 */
export function setAffectedClient(session: VaultSession, input: IncidentClientInput): IncidentDetail {
  const c = parseInput(incidentClient, input);
  authorizeManage(session, c.id);
  loadOpen(session, c.id);
  requireClientKey(session, 'incident.manage', c.clientId);
  const filter = checkFilter(session, c.clientId, c.filter);
  const existing = session.orm
    .select()
    .from(incidentClients)
    .where(and(eq(incidentClients.incidentId, c.id), eq(incidentClients.clientId, c.clientId)))
    .get();
  if (existing?.notifiedAt) throw conflict('incidents.clientNotified', c.clientId);
  const recordCount = countMatching(session, c.clientId, filter);
  const whichDataEnc = sealText(session, sealedAt(c.id, c.clientId, 'which_data'), c.whichData);
  session.write((ctx) => {
    const values = { recordFilter: JSON.stringify(filter), recordCount, whichDataEnc, letterEnc: null };
    if (existing)
      ctx.orm
        .update(incidentClients)
        .set(values)
        .where(and(eq(incidentClients.incidentId, c.id), eq(incidentClients.clientId, c.clientId)))
        .run();
    else
      ctx.orm
        .insert(incidentClients)
        .values({ incidentId: c.id, clientId: c.clientId, ...values })
        .run();
    ctx.audit({
      action: 'incident.client',
      ...target(c.id),
      clientId: c.clientId,
      details: { id: c.id, changed: existing !== undefined, ...filter, recordCount },
    });
  });
  return incidentDetail(session, c.id);
}

export function setLessons(session: VaultSession, input: unknown): IncidentDetail {
  const l = parseInput(incidentLessons, input);
  authorizeManage(session, l.id);
  loadOpen(session, l.id);
  session.write((ctx) => {
    ctx.orm.update(incidents).set({ lessons: l.lessons }).where(eq(incidents.id, l.id)).run();
    ctx.audit({ action: 'incident.lessons', ...target(l.id), details: { id: l.id, length: l.lessons.length } });
  });
  return incidentDetail(session, l.id);
}

/**
 * Closes an incident once its lessons are written. A real incident closes only when every client
 * it affects has been notified (PIPL art. 57); a drill's letters are practice and need not be sent.
 */
export function closeIncident(session: VaultSession, input: { id: number }, now = new Date()): IncidentDetail {
  const { id } = parseInput(incidentLessons.pick({ id: true }), input);
  authorizeManage(session, id);
  const row = loadOpen(session, id);
  if (!row.lessons?.trim()) throw inputError('incidents.lessonsMissing');
  const waiting = session.orm
    .select({ clientId: incidentClients.clientId, notifiedAt: incidentClients.notifiedAt })
    .from(incidentClients)
    .where(eq(incidentClients.incidentId, id))
    .all()
    .filter((c) => c.notifiedAt === null);
  if (!row.isDrill && waiting.length > 0) {
    const clients = waiting.map((c) => `#${c.clientId}`).join(', ');
    throw new LedgerVaultError('E_CONFLICT', `Incident ${id}: ${waiting.length} clients not notified.`, {
      messageKey: 'incidents.notNotified',
      params: { count: waiting.length, clients },
    });
  }
  const at = now.toISOString();
  session.write((ctx) => {
    ctx.orm
      .update(incidents)
      .set({ status: 'closed', closedAt: at, closedBy: session.user.id })
      .where(and(eq(incidents.id, id), eq(incidents.status, 'open')))
      .run();
    ctx.audit({
      action: 'incident.close',
      ...target(id),
      details: { id, isDrill: row.isDrill, unnotified: waiting.length },
    });
  });
  return incidentDetail(session, id);
}
