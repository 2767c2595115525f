/**
 * Partners (issue 17, Build 6; seed 八, 十四, 二十): the third parties that touch client data,
 * their agreement, what is shared with them, and their security assessments as a questionnaire
 * (src/shared/partners/questions.ts). Admins and managers keep the register ('partner.manage'),
 * auditors read it ('partner.list'); every change is audited in its own transaction, refusals
 * through `authorize`. The partners' names and what they are given are the office's own facts,
 * kept under the vault's page encryption (registers-schema.ts). Nothing of a partner is deleted:
 * an ended partner stays on record with its assessments.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import { authorize, authorizeRole, decide } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { partnerAssessments, partners } from '../db/registers-schema';
import { users } from '../db/schema';
import { documentInfos, exportDocument, storeDocument, type DocumentPicker } from '../documents';
import type { SaveExport } from '../export/save';
import { inputError, integrityError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import {
  partnerAssess,
  partnerSave,
  partnersContract,
  storedAnswers,
  type PartnerAssess,
  type PartnerAssessmentView,
  type PartnerSave,
  type PartnersView,
  type PartnerView,
} from '../../shared/partners/contract';
import { PARTNER_QUESTIONS, suggestResult } from '../../shared/partners/questions';
import { nextAssessmentDue, partnerDue } from '../../shared/partners/rules';
import type { SavedDocumentView } from '../../shared/documents/contract';
import type { PartnersFact } from '../../shared/posture/rules';
import { shanghaiDate } from '../../shared/time';

type PartnerRow = typeof partners.$inferSelect;
type AssessmentRow = typeof partnerAssessments.$inferSelect;

function findPartner(session: VaultSession, id: number): PartnerRow {
  const row = session.orm.select().from(partners).where(eq(partners.id, id)).get();
  if (!row) throw inputError('partners.notFound', { id });
  return row;
}

function notInFuture(day: string | null, today: string): void {
  if (day !== null && day > today) throw inputError('partners.dateInFuture', { today });
}

/**
 * Adds a partner or changes one (ending it, or taking it up again, is a change of status); a
 * picked agreement file is kept in the same transaction (the office's own file: not sealed under
 * a client's key, stored under the page encryption).
 */
export function savePartner(
  session: VaultSession,
  input: PartnerSave,
  files?: Pick<DocumentPicker, 'take'>,
  now = new Date(),
): PartnersView {
  const p = parseInput(partnerSave, input);
  authorize(session, 'partner.manage');
  const today = shanghaiDate(now);
  notInFuture(p.agreementSignedOn, today);
  const before = p.id === undefined ? null : findPartner(session, p.id);
  const sameName = session.orm
    .select({ id: partners.id })
    .from(partners)
    .where(before ? and(eq(partners.name, p.name), ne(partners.id, before.id)) : eq(partners.name, p.name))
    .get();
  if (sameName)
    throw new LedgerVaultError('E_CONFLICT', `A partner named ${p.name} exists.`, {
      messageKey: 'partners.duplicate',
      params: { name: p.name },
    });
  const doc = p.fileHandle === undefined ? null : (files?.take(p.fileHandle) ?? null);
  const at = now.toISOString();
  const values = {
    name: p.name,
    kind: p.kind,
    dataShared: p.dataShared,
    agreementSignedOn: p.agreementSignedOn,
    assessEveryMonths: p.assessEveryMonths,
    status: p.status,
    updatedAt: at,
    updatedBy: session.user.id,
  };
  session.write((ctx) => {
    const file = doc ? { agreementFileId: storeDocument(session, ctx, doc, null, at) } : {};
    if (before === null) {
      const row = ctx.orm
        .insert(partners)
        .values({ ...values, ...file, createdAt: at, createdBy: session.user.id })
        .returning()
        .get();
      ctx.audit({
        action: 'partner.create',
        targetType: 'partner',
        targetId: String(row.id),
        details: {
          name: p.name,
          kind: p.kind,
          assessEveryMonths: p.assessEveryMonths,
          file: file.agreementFileId ?? null,
        },
      });
      return;
    }
    ctx.orm
      .update(partners)
      .set({ ...values, ...file })
      .where(eq(partners.id, before.id))
      .run();
    // What changed, old and new, so the log alone tells the story.
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(values) as (keyof typeof values)[]) {
      if (key === 'updatedAt' || key === 'updatedBy') continue;
      if (before[key] !== values[key]) changed[key] = { from: before[key], to: values[key] };
    }
    ctx.audit({
      action: 'partner.update',
      targetType: 'partner',
      targetId: String(before.id),
      details: { name: p.name, changed, file: file.agreementFileId ?? null },
    });
  });
  return partnersView(session, now);
}

/**
 * Records a security assessment: every question answered once (a "no" with a comment saying what
 * is missing), the result the assessor chose beside the one the answers suggest.
 */
export function assessPartner(session: VaultSession, input: PartnerAssess, now = new Date()): PartnersView {
  const a = parseInput(partnerAssess, input);
  authorize(session, 'partner.manage');
  const partner = findPartner(session, a.partnerId);
  if (partner.status === 'ended')
    throw new LedgerVaultError('E_CONFLICT', `Partner ${partner.id} has ended.`, {
      messageKey: 'partners.ended',
      params: { name: partner.name },
    });
  const today = shanghaiDate(now);
  notInFuture(a.assessedOn, today);
  const answers = PARTNER_QUESTIONS.map((q, i) => {
    const given = a.answers.filter((x) => x.question === q.id);
    if (given.length === 0) throw inputError('partners.answersIncomplete', { number: i + 1 });
    if (given.length > 1) throw inputError('partners.answerTwice', { number: i + 1 });
    const answer = given[0]!;
    if (answer.answer === 'no' && answer.comment === '') throw inputError('partners.commentForNo', { number: i + 1 });
    return answer;
  });
  const suggested = suggestResult(answers);
  const at = now.toISOString();
  session.write((ctx) => {
    const row = ctx.orm
      .insert(partnerAssessments)
      .values({
        partnerId: partner.id,
        assessedOn: a.assessedOn,
        answers: JSON.stringify(answers),
        result: a.result,
        notes: a.notes === '' ? null : a.notes,
        recordedAt: at,
        recordedBy: session.user.id,
      })
      .returning()
      .get();
    ctx.audit({
      action: 'partner.assess',
      targetType: 'partner',
      targetId: String(partner.id),
      details: {
        assessment: row.id,
        name: partner.name,
        assessedOn: a.assessedOn,
        result: a.result,
        suggested,
        no: answers.filter((x) => x.answer === 'no').map((x) => x.question),
      },
    });
  });
  return partnersView(session, now);
}

function assessmentView(row: AssessmentRow, names: (id: string) => string): PartnerAssessmentView {
  let parsed;
  try {
    parsed = storedAnswers.parse(JSON.parse(row.answers));
  } catch (cause) {
    throw integrityError(`Partner assessment ${row.id} holds answers that do not read.`, cause);
  }
  return {
    id: row.id,
    assessedOn: row.assessedOn,
    answers: parsed,
    suggested: suggestResult(parsed),
    result: row.result,
    notes: row.notes ?? '',
    recordedAt: row.recordedAt,
    recordedBy: names(row.recordedBy),
  };
}

/** Every partner with its assessments (newest first) and where it stands on `today`. */
function readPartners(session: VaultSession, today: string, names: (id: string) => string): PartnerView[] {
  const rows = session.orm.select().from(partners).all();
  const fileInfo = documentInfos(
    session,
    rows.flatMap((p) => (p.agreementFileId === null ? [] : [p.agreementFileId])),
  );
  const assessments = session.orm
    .select()
    .from(partnerAssessments)
    .orderBy(desc(partnerAssessments.assessedOn), desc(partnerAssessments.id))
    .all();
  const views = rows.map((p): PartnerView => {
    const mine = assessments.filter((x) => x.partnerId === p.id).map((x) => assessmentView(x, names));
    const nextDue = nextAssessmentDue(mine[0]?.assessedOn ?? null, p.assessEveryMonths);
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      dataShared: p.dataShared,
      agreementSignedOn: p.agreementSignedOn,
      agreementFile: p.agreementFileId === null ? null : (fileInfo.get(p.agreementFileId) ?? null),
      assessEveryMonths: p.assessEveryMonths,
      status: p.status,
      assessments: mine,
      nextDue,
      due: partnerDue({ status: p.status, nextDue }, today),
      updatedAt: p.updatedAt,
      updatedBy: names(p.updatedBy),
    };
  });
  return views.sort(
    (a, b) => Number(a.status === 'ended') - Number(b.status === 'ended') || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

function userNames(session: VaultSession): (id: string) => string {
  const byId = new Map(
    session.orm
      .select({ id: users.id, username: users.username })
      .from(users)
      .all()
      .map((u) => [u.id, u.username]),
  );
  return (id) => byId.get(id) ?? id;
}

function partnersView(session: VaultSession, now: Date): PartnersView {
  const today = shanghaiDate(now);
  return {
    partners: readPartners(session, today, userNames(session)),
    today,
    canManage: decide(session, 'partner.manage').allowed,
  };
}

/** The register, for admins, managers and auditors; audited as partner.list (repeats collapsed). */
export function listPartners(session: VaultSession, now = new Date()): PartnersView {
  authorize(session, 'partner.list');
  const view = partnersView(session, now);
  auditRepeatable(session, { action: 'partner.list', identity: {}, details: { partners: view.partners.length } }, now);
  return view;
}

/** What the posture reads (no audit of its own: the posture's read is audited), with up to three names. */
export function partnerFacts(
  session: VaultSession,
  now: Date,
): PartnersFact & { names: string; nextDue: string | null } {
  const today = shanghaiDate(now);
  const active = readPartners(session, today, (id) => id).filter((p) => p.status === 'active');
  const overdue = active.filter((p) => p.due === 'never' || p.due === 'overdue');
  const failed = active.filter((p) => p.assessments[0]?.result === 'fail');
  const dueSoon = active.filter((p) => p.due === 'dueSoon');
  const named = overdue.length > 0 ? overdue : failed.length > 0 ? failed : dueSoon;
  const dues = active
    .map((p) => p.nextDue)
    .filter((d): d is string => d !== null)
    .sort();
  return {
    active: active.length,
    overdue: overdue.length,
    dueSoon: dueSoon.length,
    failed: failed.length,
    names:
      named
        .slice(0, 3)
        .map((p) => p.name)
        .join('、') + (named.length > 3 ? '…' : ''),
    nextDue: dues[0] ?? null,
  };
}

/** Saves a copy of a partner's agreement file where the user chooses (audited as document.export). */
export async function exportPartnerFile(
  session: VaultSession,
  input: { partnerId: number },
  save: SaveExport,
): Promise<SavedDocumentView> {
  const { partnerId } = parseInput(partnersContract['partners:exportFile'].input, input);
  authorizeRole(session, 'partner.list', { targetType: 'partner', targetId: String(partnerId) });
  const row = findPartner(session, partnerId);
  if (row.agreementFileId === null) throw inputError('partners.noFile', { name: row.name });
  return exportDocument(session, save, row.agreementFileId, { targetType: 'partner', targetId: String(partnerId) });
}
