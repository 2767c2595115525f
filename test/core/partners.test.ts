import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { checkDocument } from '../../src/core/documents/index';
import { assessPartner, exportPartnerFile, listPartners, savePartner } from '../../src/core/partners/index';
import { readPosture } from '../../src/core/posture/index';
import type { VaultSession } from '../../src/core/index';
import type { PartnerAssess, PartnerSave } from '../../src/shared/partners/contract';
import { PARTNER_QUESTIONS, type PartnerAnswerValue } from '../../src/shared/partners/questions';
import { addMonths, partnerDue } from '../../src/shared/partners/rules';
import { partnersVerdict } from '../../src/shared/posture/rules';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Partners (issue 17, Build 6): the third parties that touch client data and their security
 * questionnaire. The posture's 'partners' fact is red while an active partner was never assessed
 * or is past its due day, amber in the 30 days before, green otherwise; every change is audited
 * and an auditor only reads.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let manager: Staff;
let auditor: Staff;

const today = () => shanghaiDate();

async function as<T>(staff: Staff, work: (session: VaultSession) => T | Promise<T>): Promise<T> {
  admin.lock();
  const session = await signIn(vault, staff);
  try {
    return await work(session);
  } finally {
    session.lock();
    await session.anchorsWritten();
    admin = await signIn(vault, adminStaff);
  }
}

async function fact(now = new Date()) {
  return (await readPosture(admin, { appVersion: '0.1.0', now })).facts.find((f) => f.id === 'partners')!;
}

/** What a refusal says: its code and which message. */
function refusal(work: () => unknown): { code: string; messageKey: string } {
  try {
    work();
  } catch (err) {
    return { code: (err as { code: string }).code, messageKey: (err as { messageKey: string }).messageKey };
  }
  throw new Error('not refused');
}

function events(action: string, outcome: 'ok' | 'denied' = 'ok') {
  return admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

const BANK: PartnerSave = {
  name: '招商银行企业网银',
  kind: 'bank',
  dataShared: '客户对公账户流水、回单',
  agreementSignedOn: '2025-03-01',
  assessEveryMonths: 12,
  status: 'active',
};

function answers(overrides: Partial<Record<string, PartnerAnswerValue>> = {}): PartnerAssess['answers'] {
  return PARTNER_QUESTIONS.map((q) => {
    const answer = overrides[q.id] ?? 'yes';
    return { question: q.id, answer, comment: answer === 'no' ? '合同未约定，已要求补签' : '' };
  });
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, auditor);
  admin = await signIn(vault, adminStaff);
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('partners register and its posture fact', () => {
  it('with no partner recorded the fact is unknown and links to the partners screen', async () => {
    expect(await fact()).toMatchObject({ status: 'unknown', detail: 'none', fixRoute: '/partners' });
  });

  it('a partner never assessed turns the fact red, naming it', async () => {
    await as(manager, (m) => {
      const view = savePartner(m, BANK);
      expect(view.partners[0]).toMatchObject({ name: BANK.name, due: 'never', nextDue: null, updatedBy: 'manager1' });
      expect(() => savePartner(m, BANK)).toThrow(/E_CONFLICT/);
      expect(() => savePartner(m, { ...BANK, name: '另一家', agreementSignedOn: '2999-01-01' })).toThrow(/E_INPUT/);
    });
    const f = await fact();
    expect(f).toMatchObject({ status: 'red', detail: 'overdue', params: { active: 1, overdue: 1 } });
    expect(f.params.names).toBe(BANK.name);
    expect(events('partner.create')).toHaveLength(1);
  });

  it('an auditor reads the register but is refused changes (E_FORBIDDEN, audited)', async () => {
    await as(auditor, (a) => {
      const view = listPartners(a);
      expect(view.canManage).toBe(false);
      expect(view.partners).toHaveLength(1);
      const id = view.partners[0]!.id;
      expect(() => savePartner(a, { ...BANK, id, status: 'ended' })).toThrow(/E_FORBIDDEN/);
      expect(() =>
        assessPartner(a, { partnerId: id, assessedOn: today(), answers: answers(), result: 'pass', notes: '' }),
      ).toThrow(/E_FORBIDDEN/);
    });
    expect(events('partner.manage', 'denied')).toHaveLength(2);
    expect(events('partner.list').length).toBeGreaterThan(0);
    expect(listPartners(admin).partners[0]!.status).toBe('active');
  });

  it('refuses a questionnaire with a question left out, a "no" without a comment, or a day ahead', () => {
    const id = listPartners(admin).partners[0]!.id;
    const base = { partnerId: id, assessedOn: today(), result: 'pass' as const, notes: '' };
    expect(refusal(() => assessPartner(admin, { ...base, answers: answers().slice(1) }))).toEqual({
      code: 'E_INPUT',
      messageKey: 'partners.answersIncomplete',
    });
    const bare = answers({ certification: 'no' }).map((a) => ({ ...a, comment: '' }));
    expect(refusal(() => assessPartner(admin, { ...base, answers: bare })).messageKey).toBe('partners.commentForNo');
    // The first question answered twice (and the last left out): the doubled one is named.
    expect(
      refusal(() => assessPartner(admin, { ...base, answers: [...answers().slice(0, 9), answers()[0]!] })).messageKey,
    ).toBe('partners.answerTwice');
    expect(refusal(() => assessPartner(admin, { ...base, answers: answers(), assessedOn: '2999-01-01' }))).toEqual({
      code: 'E_INPUT',
      messageKey: 'partners.dateInFuture',
    });
    expect(events('partner.assess')).toHaveLength(0);
  });

  it('a recorded assessment clears the red; time passing turns it amber 30 days before, then red', async () => {
    const id = listPartners(admin).partners[0]!.id;
    const view = assessPartner(admin, {
      partnerId: id,
      assessedOn: today(),
      answers: answers({ certification: 'no' }),
      result: 'conditional',
      notes: '要求半年内取得等保备案',
    });
    const p = view.partners[0]!;
    expect(p.assessments[0]).toMatchObject({ suggested: 'conditional', result: 'conditional', recordedBy: 'admin' });
    expect(p.nextDue).toBe(addMonths(today(), 12));
    expect(p.due).toBe('ok');
    expect(await fact()).toMatchObject({ status: 'green', detail: 'ok' });
    const due = Date.parse(`${p.nextDue}T12:00:00+08:00`);
    expect((await fact(new Date(due - 40 * DAY_MS))).status).toBe('green');
    expect(await fact(new Date(due - 20 * DAY_MS))).toMatchObject({ status: 'amber', detail: 'dueSoon' });
    expect(await fact(new Date(due + 2 * DAY_MS))).toMatchObject({ status: 'red', detail: 'overdue' });
    const assessed = events('partner.assess');
    expect(assessed).toHaveLength(1);
    expect(JSON.parse(assessed[0]!.details)).toMatchObject({ result: 'conditional', no: ['certification'] });
  });

  it('a failed assessment is red; the answers suggest fail when a critical question is "no"', async () => {
    const id = listPartners(admin).partners[0]!.id;
    const view = assessPartner(admin, {
      partnerId: id,
      assessedOn: today(),
      answers: answers({ encryptionInTransit: 'no' }),
      result: 'fail',
      notes: '',
    });
    expect(view.partners[0]!.assessments.map((a) => a.suggested)).toEqual(['fail', 'conditional']);
    expect(await fact()).toMatchObject({ status: 'red', detail: 'failed' });
  });

  it('keeps a copy of the agreement in the vault, listed with the partner; a copy saved out is audited', async () => {
    const pdf = Buffer.from('%PDF-1.4\n招商银行企业网银服务协议（保密条款第 7 条）\n%%EOF\n');
    const picker = { take: () => checkDocument({ name: '招行服务协议.pdf', bytes: pdf }) };
    const id = listPartners(admin).partners[0]!.id;
    const view = savePartner(admin, { ...BANK, id, fileHandle: 'a'.repeat(32) }, picker);
    expect(view.partners[0]!.agreementFile).toMatchObject({
      name: '招行服务协议.pdf',
      mime: 'application/pdf',
      size: pdf.length,
    });
    expect(events('document.store')).toHaveLength(1);
    let written: Buffer | null = null;
    const saved = await exportPartnerFile(admin, { partnerId: id }, (name, bytes) => {
      written = bytes;
      return Promise.resolve({ path: `/tmp/${name}`, discard: () => undefined });
    });
    expect(saved?.path).toBe('/tmp/招行服务协议.pdf');
    expect(written).toEqual(pdf);
    expect(events('document.export')).toHaveLength(1);
  });

  it('ending the partner takes it out of the fact and refuses further assessments; the change is audited', async () => {
    const p = listPartners(admin).partners[0]!;
    savePartner(admin, { ...BANK, id: p.id, status: 'ended' });
    expect(await fact()).toMatchObject({ status: 'unknown', detail: 'none' });
    expect(() =>
      assessPartner(admin, { partnerId: p.id, assessedOn: today(), answers: answers(), result: 'pass', notes: '' }),
    ).toThrow(/E_CONFLICT/);
    const update = events('partner.update').at(-1)!;
    expect(JSON.parse(update.details)).toMatchObject({ changed: { status: { from: 'active', to: 'ended' } } });
    // The ended partner and both its assessments stay on record.
    expect(listPartners(admin).partners[0]).toMatchObject({ status: 'ended', due: 'ended' });
    expect(listPartners(admin).partners[0]!.assessments).toHaveLength(2);
  });
});

describe('next due day', () => {
  it('adds calendar months, the 31st falling to the shorter month’s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-12-03', 6)).toBe('2027-06-03');
  });

  it('a partner is due soon from 30 days before its due day, overdue the day after it', () => {
    const p = { status: 'active' as const, nextDue: '2027-01-31' };
    expect(partnerDue(p, '2026-12-31')).toBe('ok');
    expect(partnerDue(p, '2027-01-01')).toBe('dueSoon');
    expect(partnerDue(p, '2027-01-31')).toBe('dueSoon');
    expect(partnerDue(p, '2027-02-01')).toBe('overdue');
    expect(partnerDue({ status: 'active', nextDue: null }, '2027-02-01')).toBe('never');
    expect(partnerDue({ status: 'ended', nextDue: null }, '2027-02-01')).toBe('ended');
  });

  it('the posture verdict: overdue before failed before due soon; none active is unknown', () => {
    const f = { active: 3, overdue: 0, dueSoon: 0, failed: 0 };
    expect(partnersVerdict({ ...f, active: 0 }).status).toBe('unknown');
    expect(partnersVerdict(f)).toEqual({ status: 'green', detail: 'ok' });
    expect(partnersVerdict({ ...f, dueSoon: 1 })).toEqual({ status: 'amber', detail: 'dueSoon' });
    expect(partnersVerdict({ ...f, dueSoon: 1, failed: 1 })).toEqual({ status: 'red', detail: 'failed' });
    expect(partnersVerdict({ ...f, overdue: 1, failed: 1 })).toEqual({ status: 'red', detail: 'overdue' });
  });
});
