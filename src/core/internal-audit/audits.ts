/**
 * Internal audit (issue 17, Build 8; seed 十六). Admins and managers plan audits, record when
 * each was held and its conclusion, record its findings (each with an owner among the staff and
 * a due day) and close them with a resolution; auditors read the register and the reports.
 * Every change and its audit event are one transaction; refusals are audited by `authorize`.
 */
import { and, eq } from 'drizzle-orm';
import { authorize, authorizeRole } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { auditFindings, internalAudits } from '../db/registers-schema';
import { users } from '../db/schema';
import { inputError, LedgerVaultError, refuseProblem } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import {
  auditFindingAdd,
  auditFindingClose,
  internalAuditHold,
  internalAuditPlan,
  internalAuditReportInput,
  type AuditFindingAdd,
  type AuditFindingClose,
  type InternalAuditHold,
  type InternalAuditPlan,
  type InternalAuditReport,
  type InternalAuditsView,
} from '../../shared/internal-audit/contract';
import { blankProblem } from '../../shared/internal-audit/rules';
import { shanghaiDate } from '../../shared/time';
import { auditWithFindings, internalAuditsView, readAudit } from './view';

function auditOrRefuse(session: VaultSession, auditId: number) {
  const audit = readAudit(session, auditId);
  if (!audit) throw inputError('internalAudit.notFound', { id: auditId });
  return audit;
}

/** The register (admins, managers, auditors), audited as internalAudit.list, repeats collapsed. */
export function getInternalAudits(session: VaultSession, now = new Date()): InternalAuditsView {
  authorize(session, 'internalAudit.list');
  const view = internalAuditsView(session, now);
  if (!session.integrityAlarm)
    auditRepeatable(
      session,
      {
        action: 'internalAudit.list',
        identity: {},
        details: { audits: view.audits.length, open: view.findings.filter((f) => f.status === 'open').length },
      },
      now,
    );
  return view;
}

/** Adds an audit to the plan. Any planned day is accepted: a plan may record a past audit too. */
export function planAudit(session: VaultSession, input: InternalAuditPlan, now = new Date()): InternalAuditsView {
  const plan = parseInput(internalAuditPlan, input);
  authorize(session, 'internalAudit.manage');
  refuseProblem(blankProblem({ title: plan.title, scope: plan.scope, auditor: plan.auditor }));
  session.write((ctx) => {
    const row = ctx.orm
      .insert(internalAudits)
      .values({ ...plan, createdAt: now.toISOString(), createdBy: session.user.id })
      .returning()
      .get();
    ctx.audit({
      action: 'internalAudit.plan',
      targetType: 'internal-audit',
      targetId: String(row.id),
      details: { audit: row.id, title: plan.title, plannedOn: plan.plannedOn, auditor: plan.auditor },
    });
  });
  return internalAuditsView(session, now);
}

/**
 * Records the day an audit was held (not after today) and its conclusion. Recording again amends
 * both; the event keeps what they were before, so nothing said earlier is lost.
 */
export function holdAudit(session: VaultSession, input: InternalAuditHold, now = new Date()): InternalAuditsView {
  const { auditId, heldOn, conclusion } = parseInput(internalAuditHold, input);
  authorizeRole(session, 'internalAudit.manage', { targetType: 'internal-audit', targetId: String(auditId) });
  refuseProblem(blankProblem({ conclusion }));
  const today = shanghaiDate(now);
  if (heldOn > today) throw inputError('internalAudit.heldInFuture', { today });
  const audit = auditOrRefuse(session, auditId);
  session.write((ctx) => {
    ctx.orm.update(internalAudits).set({ heldOn, conclusion }).where(eq(internalAudits.id, auditId)).run();
    ctx.audit({
      action: 'internalAudit.hold',
      targetType: 'internal-audit',
      targetId: String(auditId),
      details: {
        audit: auditId,
        heldOn,
        conclusion,
        ...(audit.heldOn === null ? {} : { before: { heldOn: audit.heldOn, conclusion: audit.conclusion } }),
      },
    });
  });
  return internalAuditsView(session, now);
}

/**
 * Records a finding of a held audit, owned by an active staff member, due no earlier than today
 * and the day the audit was held.
 */
export function addFinding(session: VaultSession, input: AuditFindingAdd, now = new Date()): InternalAuditsView {
  const f = parseInput(auditFindingAdd, input);
  authorizeRole(session, 'internalAudit.manage', { targetType: 'internal-audit', targetId: String(f.auditId) });
  refuseProblem(blankProblem({ title: f.title, detail: f.detail }));
  const audit = auditOrRefuse(session, f.auditId);
  if (audit.heldOn === null)
    throw new LedgerVaultError('E_CONFLICT', `Internal audit ${audit.id} was not recorded as held.`, {
      messageKey: 'internalAudit.notHeld',
    });
  const today = shanghaiDate(now);
  if (f.dueDate < today) throw inputError('internalAudit.dueInPast', { today });
  if (f.dueDate < audit.heldOn) throw inputError('internalAudit.dueBeforeHeld', { heldOn: audit.heldOn });
  const owner = session.orm.select().from(users).where(eq(users.username, f.owner)).get();
  if (!owner || owner.status !== 'active') throw inputError('internalAudit.ownerNotStaff', { username: f.owner });
  session.write((ctx) => {
    const row = ctx.orm
      .insert(auditFindings)
      .values({
        auditId: f.auditId,
        title: f.title,
        detail: f.detail,
        severity: f.severity,
        ownerId: owner.id,
        dueDate: f.dueDate,
        status: 'open',
        createdAt: now.toISOString(),
        createdBy: session.user.id,
      })
      .returning()
      .get();
    ctx.audit({
      action: 'internalAudit.finding.add',
      targetType: 'audit-finding',
      targetId: String(row.id),
      details: {
        audit: f.auditId,
        finding: row.id,
        title: f.title,
        severity: f.severity,
        owner: owner.username,
        dueDate: f.dueDate,
      },
    });
  });
  return internalAuditsView(session, now);
}

/** Closes an open finding; a resolution is required, and who closed it and when are kept. */
export function closeFinding(session: VaultSession, input: AuditFindingClose, now = new Date()): InternalAuditsView {
  const { findingId, resolution } = parseInput(auditFindingClose, input);
  authorizeRole(session, 'internalAudit.manage', { targetType: 'audit-finding', targetId: String(findingId) });
  refuseProblem(blankProblem({ resolution }));
  const finding = session.orm.select().from(auditFindings).where(eq(auditFindings.id, findingId)).get();
  if (!finding) throw inputError('internalAudit.findingNotFound', { id: findingId });
  const closed = () =>
    new LedgerVaultError('E_CONFLICT', `Audit finding ${findingId} is closed.`, {
      messageKey: 'internalAudit.findingClosed',
    });
  if (finding.status === 'closed') throw closed();
  const at = now.toISOString();
  session.write((ctx) => {
    // Only an open finding changes, so two people closing it at once cannot both succeed.
    const changed = ctx.orm
      .update(auditFindings)
      .set({ status: 'closed', resolution, closedAt: at, closedBy: session.user.id })
      .where(and(eq(auditFindings.id, findingId), eq(auditFindings.status, 'open')))
      .run();
    if (changed.changes === 0) throw closed();
    ctx.audit({
      action: 'internalAudit.finding.close',
      targetType: 'audit-finding',
      targetId: String(findingId),
      details: {
        audit: finding.auditId,
        finding: findingId,
        resolution,
        dueDate: finding.dueDate,
        late: finding.dueDate < shanghaiDate(now),
      },
    });
  });
  return internalAuditsView(session, now);
}

/** One audit's report (its print view), audited as internalAudit.report. */
export function auditReport(session: VaultSession, input: { auditId: number }, now = new Date()): InternalAuditReport {
  const { auditId } = parseInput(internalAuditReportInput, input);
  authorizeRole(session, 'internalAudit.list', { targetType: 'internal-audit', targetId: String(auditId) });
  const audit = auditOrRefuse(session, auditId);
  const report = auditWithFindings(session, audit, now);
  if (!session.integrityAlarm)
    auditRepeatable(
      session,
      { action: 'internalAudit.report', identity: { auditId }, details: { audit: auditId } },
      now,
    );
  return { ...report, at: now.toISOString(), by: session.user.username };
}
