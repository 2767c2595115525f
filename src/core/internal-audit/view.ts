/**
 * How internal audits and their findings are read (issue 17, Build 8): the screen's view, one
 * audit's report, and the facts the posture judges. Reads only; the callers authorize and audit.
 */
import { desc, eq, isNotNull } from 'drizzle-orm';
import { hasPermission } from '../access/authorize';
import { auditFindings, internalAudits } from '../db/registers-schema';
import { users } from '../db/schema';
import type { VaultSession } from '../vault/session';
import type { AuditFindingView, InternalAuditView, InternalAuditsView } from '../../shared/internal-audit/contract';
import { isOverdue } from '../../shared/internal-audit/rules';
import { shanghaiDate } from '../../shared/time';

type AuditRow = typeof internalAudits.$inferSelect;
type FindingRow = typeof auditFindings.$inferSelect;

interface People {
  name: (id: string | null) => string | null;
  displayName: (id: string) => string;
}

function people(session: VaultSession): People {
  const byId = new Map(
    session.orm
      .select()
      .from(users)
      .all()
      .map((u) => [u.id, u]),
  );
  return {
    name: (id) => (id === null ? null : (byId.get(id)?.username ?? id)),
    displayName: (id) => byId.get(id)?.displayName || byId.get(id)?.username || id,
  };
}

function findingView(f: FindingRow, today: string, p: People): AuditFindingView {
  return {
    id: f.id,
    auditId: f.auditId,
    title: f.title,
    detail: f.detail,
    severity: f.severity,
    owner: p.name(f.ownerId)!,
    ownerName: p.displayName(f.ownerId),
    dueDate: f.dueDate,
    status: f.status,
    overdue: isOverdue(f, today),
    resolution: f.resolution,
    closedAt: f.closedAt,
    closedBy: p.name(f.closedBy),
    createdAt: f.createdAt,
    createdBy: p.name(f.createdBy)!,
  };
}

function auditView(a: AuditRow, findings: AuditFindingView[], p: People): InternalAuditView {
  const own = findings.filter((f) => f.auditId === a.id);
  return {
    id: a.id,
    title: a.title,
    scope: a.scope,
    plannedOn: a.plannedOn,
    heldOn: a.heldOn,
    auditor: a.auditor,
    conclusion: a.conclusion,
    createdAt: a.createdAt,
    createdBy: p.name(a.createdBy)!,
    findings: own.length,
    open: own.filter((f) => f.status === 'open').length,
    overdue: own.filter((f) => f.overdue).length,
  };
}

/** Open findings first, then by due day; closed ones after, the same way. */
function byUrgency(a: AuditFindingView, b: AuditFindingView): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  return a.dueDate.localeCompare(b.dueDate) || a.id - b.id;
}

function findingsOf(session: VaultSession, today: string, p: People, auditId?: number): AuditFindingView[] {
  const q = session.orm.select().from(auditFindings);
  const rows = auditId === undefined ? q.all() : q.where(eq(auditFindings.auditId, auditId)).all();
  return rows.map((f) => findingView(f, today, p)).sort(byUrgency);
}

export function readAudit(session: VaultSession, auditId: number): AuditRow | undefined {
  return session.orm.select().from(internalAudits).where(eq(internalAudits.id, auditId)).get();
}

/** The whole register, as the screen shows it. */
export function internalAuditsView(session: VaultSession, now: Date): InternalAuditsView {
  const today = shanghaiDate(now);
  const p = people(session);
  const findings = findingsOf(session, today, p);
  const audits = session.orm
    .select()
    .from(internalAudits)
    .orderBy(desc(internalAudits.plannedOn), desc(internalAudits.id))
    .all()
    .map((a) => auditView(a, findings, p));
  const canManage = hasPermission(session, 'compliance.manage') && !session.restriction;
  const owners = canManage
    ? session.orm
        .select()
        .from(users)
        .where(eq(users.status, 'active'))
        .all()
        .map((u) => ({ username: u.username, displayName: u.displayName }))
        .sort((a, b) => a.username.localeCompare(b.username))
    : [];
  return { audits, findings, owners, canManage, today };
}

/** One audit with its findings, for its report. */
export function auditWithFindings(
  session: VaultSession,
  audit: AuditRow,
  now: Date,
): { audit: InternalAuditView; findings: AuditFindingView[] } {
  const p = people(session);
  const findings = findingsOf(session, shanghaiDate(now), p, audit.id);
  return { audit: auditView(audit, findings, p), findings };
}

/** What the posture judges: the open findings' due days and the newest day an audit was held. */
export function findingFacts(session: VaultSession): { openDue: string[]; lastHeldOn: string | null } {
  const openDue = session.orm
    .select({ dueDate: auditFindings.dueDate })
    .from(auditFindings)
    .where(eq(auditFindings.status, 'open'))
    .all()
    .map((r) => r.dueDate);
  const last = session.orm
    .select({ heldOn: internalAudits.heldOn })
    .from(internalAudits)
    .where(isNotNull(internalAudits.heldOn))
    .orderBy(desc(internalAudits.heldOn))
    .limit(1)
    .get();
  return { openDue, lastHeldOn: last?.heldOn ?? null };
}
