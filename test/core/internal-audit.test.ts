import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { LedgerVaultError } from '../../src/core/errors';
import {
  addFinding,
  auditReport,
  closeFinding,
  getInternalAudits,
  holdAudit,
  planAudit,
} from '../../src/core/internal-audit/index';
import { readPosture } from '../../src/core/posture/index';
import type { VaultSession } from '../../src/core/index';
import { findingsVerdict } from '../../src/shared/posture/rules';
import { describeFact } from '../../src/shared/posture/wording';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Internal audit (issue 17, Build 8): audits planned and held, findings owned by staff and due on
 * a day, closed only with a resolution; every change audited in its transaction, auditors read
 * only; the posture's 'findings' fact turns red when a finding passes its due day and green when
 * it is closed.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let manager: Staff;
let accountant: Staff;
let auditor: Staff;
let auditId = 0;

const at = (days: number) => new Date(Date.now() + days * DAY_MS);
const inDays = (days: number) => shanghaiDate(at(days));

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

async function findingsFact(now = new Date()) {
  return (await readPosture(admin, { appVersion: '0.1.0', now })).facts.find((f) => f.id === 'findings')!;
}

function events(action: string, outcome: 'ok' | 'denied' | 'failed' = 'ok') {
  return admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

/** The refusal's stable code and message key. */
function refusal(work: () => unknown): { code: string; key: string | undefined } {
  try {
    work();
  } catch (err) {
    if (err instanceof LedgerVaultError) return { code: err.code, key: err.messageKey };
    throw err;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  manager = await addStaff(admin, vault, 'manager', 'sunli');
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await activate(vault, auditor);
  admin = await signIn(vault, adminStaff);
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('internal audit', () => {
  it('with no audit held the posture is amber and links to the register', async () => {
    expect(await findingsFact()).toMatchObject({ status: 'amber', detail: 'neverHeld', fixRoute: '/internal-audit' });
  });

  it('a manager plans an audit and records it held with a conclusion; blanks and future days are refused', async () => {
    await as(manager, (m) => {
      expect(refusal(() => planAudit(m, { title: ' ', scope: 'x', plannedOn: inDays(0), auditor: '李' }))).toEqual({
        code: 'E_INPUT',
        key: 'internalAudit.titleRequired',
      });
      const view = planAudit(m, {
        title: '2026 年度内部审计',
        scope: '访问控制、备份与恢复、客户保密协议',
        plannedOn: inDays(-3),
        auditor: '李审计（外聘）',
      });
      auditId = view.audits[0]!.id;
      expect(view.audits[0]).toMatchObject({ heldOn: null, createdBy: 'sunli', findings: 0 });
      const finding = { auditId, title: 't', detail: 'd', severity: 'low', owner: 'chen', dueDate: inDays(5) } as const;
      expect(refusal(() => addFinding(m, finding))).toEqual({ code: 'E_CONFLICT', key: 'internalAudit.notHeld' });
      const hold = { auditId, heldOn: inDays(1), conclusion: '基本符合' };
      expect(refusal(() => holdAudit(m, hold))).toEqual({ code: 'E_INPUT', key: 'internalAudit.heldInFuture' });
      expect(refusal(() => holdAudit(m, { ...hold, conclusion: '' }))).toEqual({
        code: 'E_INPUT',
        key: 'internalAudit.conclusionRequired',
      });
      expect(refusal(() => holdAudit(m, { ...hold, heldOn: inDays(0), auditId: 999 }))).toEqual({
        code: 'E_INPUT',
        key: 'internalAudit.notFound',
      });
      const held = holdAudit(m, { ...hold, heldOn: inDays(-1) });
      expect(held.audits[0]).toMatchObject({ heldOn: inDays(-1), conclusion: '基本符合' });
    });
    expect(events('internalAudit.plan')).toHaveLength(1);
    expect(JSON.parse(events('internalAudit.hold')[0]!.details)).toMatchObject({
      audit: auditId,
      conclusion: '基本符合',
    });
    expect(await findingsFact()).toMatchObject({ status: 'green', detail: 'ok' });
  });

  it('findings need an active owner and a due day from today on; each is audited', () => {
    const base = {
      auditId,
      detail: '备份从未做过恢复演练',
      severity: 'high',
      owner: 'chen',
      dueDate: inDays(10),
    } as const;
    expect(refusal(() => addFinding(admin, { ...base, title: '无恢复演练', owner: 'nobody' }))).toEqual({
      code: 'E_INPUT',
      key: 'internalAudit.ownerNotStaff',
    });
    expect(refusal(() => addFinding(admin, { ...base, title: '无恢复演练', dueDate: inDays(-1) }))).toEqual({
      code: 'E_INPUT',
      key: 'internalAudit.dueInPast',
    });
    expect(refusal(() => addFinding(admin, { ...base, title: '无恢复演练', detail: ' ' }))).toEqual({
      code: 'E_INPUT',
      key: 'internalAudit.detailRequired',
    });
    addFinding(admin, { ...base, title: '无恢复演练' });
    const view = addFinding(admin, {
      ...base,
      title: '离职员工账号未及时停用',
      severity: 'medium',
      owner: 'sunli',
      dueDate: inDays(20),
    });
    expect(view.findings.map((f) => [f.title, f.owner, f.dueDate, f.status, f.overdue])).toEqual([
      ['无恢复演练', 'chen', inDays(10), 'open', false],
      ['离职员工账号未及时停用', 'sunli', inDays(20), 'open', false],
    ]);
    expect(view.audits[0]).toMatchObject({ findings: 2, open: 2, overdue: 0 });
    expect(events('internalAudit.finding.add')).toHaveLength(2);
    expect(JSON.parse(events('internalAudit.finding.add')[0]!.details)).toMatchObject({
      owner: 'chen',
      severity: 'high',
    });
  });

  it('an auditor reads the register and the report but changes nothing: E_FORBIDDEN, each refusal audited', async () => {
    const denied = events('internalAudit.manage', 'denied').length;
    await as(auditor, (a) => {
      const view = getInternalAudits(a);
      expect(view.canManage).toBe(false);
      expect(view.owners).toEqual([]);
      expect(view.findings).toHaveLength(2);
      expect(auditReport(a, { auditId }).findings).toHaveLength(2);
      const id = view.findings[0]!.id;
      expect(() => planAudit(a, { title: 'x', scope: 'y', plannedOn: inDays(0), auditor: 'z' })).toThrow(/E_FORBIDDEN/);
      expect(() => holdAudit(a, { auditId, heldOn: inDays(0), conclusion: 'c' })).toThrow(/E_FORBIDDEN/);
      expect(() =>
        addFinding(a, { auditId, title: 't', detail: 'd', severity: 'low', owner: 'wang', dueDate: inDays(3) }),
      ).toThrow(/E_FORBIDDEN/);
      expect(() => closeFinding(a, { findingId: id, resolution: '已整改' })).toThrow(/E_FORBIDDEN/);
    });
    expect(events('internalAudit.manage', 'denied')).toHaveLength(denied + 4);
    await as(accountant, (c) => expect(() => getInternalAudits(c)).toThrow(/E_FORBIDDEN/));
    expect(events('internalAudit.list', 'denied')).toHaveLength(1);
    expect(getInternalAudits(admin).findings.every((f) => f.status === 'open')).toBe(true);
  });

  it('the posture fact: amber a week before the due day, red after it, green once the finding is closed', async () => {
    expect((await findingsFact(at(4))).status).toBe('amber');
    const late = at(11);
    const red = await findingsFact(late);
    expect(red).toMatchObject({ status: 'red', detail: 'overdue', params: { overdue: 1, oldestDue: inDays(10) } });
    expect(describeFact(red, 'zh-CN').detail).toContain('1 项内审发现已过整改期限');
    const overdue = getInternalAudits(admin, late).findings.find((f) => f.overdue)!;
    expect(overdue.title).toBe('无恢复演练');

    expect(refusal(() => closeFinding(admin, { findingId: overdue.id, resolution: '  ' }, late))).toEqual({
      code: 'E_INPUT',
      key: 'internalAudit.resolutionRequired',
    });
    expect((await findingsFact(late)).status).toBe('red');
    const view = await as(manager, (m) =>
      closeFinding(m, { findingId: overdue.id, resolution: '已于 12 月完成一次完整恢复演练并记录' }, late),
    );
    expect(view.findings.find((f) => f.id === overdue.id)).toMatchObject({
      status: 'closed',
      overdue: false,
      closedBy: 'sunli',
      closedAt: late.toISOString(),
      resolution: '已于 12 月完成一次完整恢复演练并记录',
    });
    expect(await findingsFact(late)).toMatchObject({ status: 'green', detail: 'ok', params: { open: 1 } });
    expect(refusal(() => closeFinding(admin, { findingId: overdue.id, resolution: '再次' }, late))).toEqual({
      code: 'E_CONFLICT',
      key: 'internalAudit.findingClosed',
    });
    const closes = events('internalAudit.finding.close');
    expect(closes).toHaveLength(1);
    expect(JSON.parse(closes[0]!.details)).toMatchObject({ finding: overdue.id, late: true });
  });

  it('a year without an internal audit is amber again, whatever the findings', async () => {
    const open = getInternalAudits(admin).findings.find((f) => f.status === 'open')!;
    closeFinding(admin, { findingId: open.id, resolution: '账号已停用，离职流程增加核对项' });
    expect((await findingsFact(at(300))).status).toBe('green');
    expect(await findingsFact(at(400))).toMatchObject({ status: 'amber', detail: 'noRecentAudit' });
  });

  it('the report holds the audit, its findings with owners, due days, status and resolutions; the read is audited', () => {
    const report = auditReport(admin, { auditId });
    expect(report.audit).toMatchObject({ title: '2026 年度内部审计', heldOn: inDays(-1), auditor: '李审计（外聘）' });
    expect(report.findings.map((f) => [f.title, f.ownerName || f.owner, f.status, f.closedBy])).toEqual([
      ['无恢复演练', expect.any(String), 'closed', 'sunli'],
      ['离职员工账号未及时停用', expect.any(String), 'closed', 'admin'],
    ]);
    expect(report.by).toBe('admin');
    expect(events('internalAudit.report').length).toBeGreaterThan(0);
    expect(refusal(() => auditReport(admin, { auditId: 999 }))).toEqual({
      code: 'E_INPUT',
      key: 'internalAudit.notFound',
    });
  });
});

describe('findings verdict at its edges', () => {
  const today = '2026-12-03';
  const held = '2026-06-01';
  it('due today and in 7 days amber, in 8 days green, yesterday red', () => {
    expect(findingsVerdict({ openDue: ['2026-12-03'], lastHeldOn: held }, today).status).toBe('amber');
    expect(findingsVerdict({ openDue: ['2026-12-10'], lastHeldOn: held }, today).status).toBe('amber');
    expect(findingsVerdict({ openDue: ['2026-12-11'], lastHeldOn: held }, today).status).toBe('green');
    expect(findingsVerdict({ openDue: ['2026-12-11', '2026-12-02'], lastHeldOn: held }, today)).toMatchObject({
      status: 'red',
      overdue: 1,
    });
  });
  it('an audit held exactly 12 months ago still counts; a day earlier does not', () => {
    expect(findingsVerdict({ openDue: [], lastHeldOn: '2025-12-03' }, today).status).toBe('green');
    expect(findingsVerdict({ openDue: [], lastHeldOn: '2025-12-02' }, today).detail).toBe('noRecentAudit');
    expect(findingsVerdict({ openDue: [], lastHeldOn: null }, today).detail).toBe('neverHeld');
    expect(findingsVerdict({ openDue: ['2026-12-01'], lastHeldOn: null }, today).status).toBe('red');
  });
});
