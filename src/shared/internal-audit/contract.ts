/**
 * Internal audit (issue 17, Build 8; seed 十六): an audit plan, the findings of each audit with
 * an owner and a due day tracked to closure, and a printable report per audit.
 */
import { z } from 'zod';
import { empty, id, out, text, username } from '../schema-kit';

export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Text limits, shared with the screen's form. */
export const TITLE_MAX = 200;
export const SCOPE_MAX = 2000;
export const AUDITOR_MAX = 64;
export const LONG_TEXT_MAX = 4000;

export interface AuditFindingView {
  id: number;
  auditId: number;
  title: string;
  detail: string;
  severity: FindingSeverity;
  /** The owner's user name and display name. */
  owner: string;
  ownerName: string;
  /** Beijing calendar day. */
  dueDate: string;
  status: 'open' | 'closed';
  /** Open past its due day (Beijing). */
  overdue: boolean;
  resolution: string | null;
  closedAt: string | null;
  closedBy: string | null;
  createdAt: string;
  createdBy: string;
}

export interface InternalAuditView {
  id: number;
  title: string;
  scope: string;
  /** Beijing calendar days. */
  plannedOn: string;
  heldOn: string | null;
  auditor: string;
  conclusion: string | null;
  createdAt: string;
  createdBy: string;
  findings: number;
  open: number;
  overdue: number;
}

export interface InternalAuditsView {
  /** Every audit, the newest planned day first. */
  audits: InternalAuditView[];
  /** Every finding, open ones first, then by due day. */
  findings: AuditFindingView[];
  /** Active staff a finding may be given to (admins and managers: others see none). */
  owners: { username: string; displayName: string }[];
  /** The signed-in user may plan audits and record and close findings. */
  canManage: boolean;
  /** Today in Beijing, as the core judged "overdue". */
  today: string;
}

export interface InternalAuditReport {
  audit: InternalAuditView;
  findings: AuditFindingView[];
  /** When and by whom the report was produced (the read is audited). */
  at: string;
  by: string;
}

const day = z.iso.date();

export const internalAuditPlan = z.strictObject({
  title: text(TITLE_MAX),
  scope: text(SCOPE_MAX),
  plannedOn: day,
  /** The person who audits, by name (often someone outside the vault's staff). */
  auditor: text(AUDITOR_MAX),
});
export type InternalAuditPlan = z.infer<typeof internalAuditPlan>;

export const internalAuditHold = z.strictObject({
  auditId: id,
  heldOn: day,
  conclusion: text(LONG_TEXT_MAX),
});
export type InternalAuditHold = z.infer<typeof internalAuditHold>;

export const auditFindingAdd = z.strictObject({
  auditId: id,
  title: text(TITLE_MAX),
  detail: text(LONG_TEXT_MAX),
  severity: z.enum(FINDING_SEVERITIES),
  owner: username,
  dueDate: day,
});
export type AuditFindingAdd = z.infer<typeof auditFindingAdd>;

export const auditFindingClose = z.strictObject({ findingId: id, resolution: text(LONG_TEXT_MAX) });
export type AuditFindingClose = z.infer<typeof auditFindingClose>;

export const internalAuditReportInput = z.strictObject({ auditId: id });

export const internalAuditContract = {
  'internalAudit:get': { input: empty, output: out<InternalAuditsView>() },
  'internalAudit:plan': { input: internalAuditPlan, output: out<InternalAuditsView>() },
  'internalAudit:hold': { input: internalAuditHold, output: out<InternalAuditsView>() },
  'internalAudit:addFinding': { input: auditFindingAdd, output: out<InternalAuditsView>() },
  'internalAudit:closeFinding': { input: auditFindingClose, output: out<InternalAuditsView>() },
  'internalAudit:report': { input: internalAuditReportInput, output: out<InternalAuditReport>() },
} as const;
