import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, backupHistory } from '../../src/core/db/schema';
import { addStarterRisk, listRisks, saveRisk } from '../../src/core/risks/index';
import type { VaultSession } from '../../src/core/index';
import type { RiskSave, RiskView } from '../../src/shared/risks/contract';
import { raiseLevel, riskLevel, riskScore } from '../../src/shared/risks/rules';
import { describeFact } from '../../src/shared/posture/wording';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * The risk register (issue 17, Build 7): ratings, treatment, owner and review day; a posture
 * signal in amber or red raises the linked risk one band, read live: an overdue backup raises
 * "data loss", a fresh verified backup lowers it again.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let manager: Staff;
let auditor: Staff;

const OPTS = { appVersion: '0.1.0' };

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

function events(action: string, outcome: 'ok' | 'denied' = 'ok') {
  return admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

async function dataLoss(now = new Date()): Promise<RiskView> {
  return (await listRisks(admin, { ...OPTS, now })).risks.find((r) => r.title === '数据丢失')!;
}

/** A verified backup made at `at`, as the backup feature records one (see posture.test.ts). */
function verifiedBackup(at: Date): void {
  admin.write((ctx) =>
    ctx.orm
      .insert(backupHistory)
      .values({
        backupId: `b-${at.getTime()}`,
        createdAt: at.toISOString(),
        createdBy: admin.user.id,
        createdByName: 'admin',
        kind: 'manual',
        folder: '/media/usb',
        fileName: 'b.lvbak',
        bytes: 1,
        chunks: 1,
        auditSeq: 1,
        verifiedAt: at.toISOString(),
        verifiedBy: admin.user.id,
      })
      .run(),
  );
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

describe('risk ratings', () => {
  it('score is likelihood times impact, in bands low 1-4, medium 5-12, high 15-25; a raise goes one band up', () => {
    expect(riskScore(2, 5)).toBe(10);
    expect([1, 4, 5, 12, 15, 25].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    expect(['low', 'medium', 'high'].map((l) => raiseLevel(l as 'low'))).toEqual(['medium', 'high', 'high']);
  });
});

describe('the risk register and its posture signals', () => {
  it('a manager adds the suggested "data loss" with one click; with no verified backup it is raised, the reason named', async () => {
    await as(manager, async (m) => {
      const before = await listRisks(m, OPTS);
      expect(before.starters).toEqual([
        'dataLoss',
        'unauthorisedAccess',
        'auditTampering',
        'staffLeak',
        'partnerBreach',
      ]);
      const view = await addStarterRisk(m, { key: 'dataLoss', locale: 'zh-CN' }, OPTS);
      expect(view.starters).not.toContain('dataLoss');
      const risk = view.risks[0]!;
      expect(risk).toMatchObject({
        title: '数据丢失',
        owner: 'manager1',
        signal: 'backup',
        score: 10,
        level: 'medium',
      });
      expect(risk.reviewDate).toBe(shanghaiDate(Date.now() + 90 * DAY_MS));
      await expect(addStarterRisk(m, { key: 'dataLoss', locale: 'en' }, OPTS)).rejects.toMatchObject({
        code: 'E_CONFLICT',
      });
    });
    const risk = await dataLoss();
    expect(risk).toMatchObject({ effectiveLevel: 'high', signalStatus: 'red' });
    expect(risk.raisedBy).toMatchObject({ id: 'backup', status: 'red', detail: 'none' });
    expect(describeFact(risk.raisedBy!, 'zh-CN').detail).toBe('从未做过已验证的备份。');
    expect(events('risk.create')).toHaveLength(1);
    expect(JSON.parse(events('risk.create')[0]!.details)).toMatchObject({ starter: 'dataLoss', signal: 'backup' });
  });

  it('a fresh verified backup lowers it again; once the backup is overdue it is raised, and lowered by the next', async () => {
    const made = new Date();
    verifiedBackup(made);
    expect(await dataLoss()).toMatchObject({ effectiveLevel: 'medium', raisedBy: null, signalStatus: 'green' });
    const later = new Date(made.getTime() + 31 * DAY_MS);
    const overdue = await dataLoss(later);
    expect(overdue).toMatchObject({ effectiveLevel: 'high', signalStatus: 'red' });
    expect(describeFact(overdue.raisedBy!, 'zh-CN').detail).toContain('没有新的已验证备份');
    verifiedBackup(later);
    expect(await dataLoss(later)).toMatchObject({ effectiveLevel: 'medium', raisedBy: null });
  });

  it('an auditor reads the register but cannot change it (E_FORBIDDEN, audited)', async () => {
    await as(auditor, async (a) => {
      const view = await listRisks(a, OPTS);
      expect(view).toMatchObject({ canManage: false, starters: [] });
      const risk = view.risks[0]!;
      await expect(saveRisk(a, { ...toSave(risk), status: 'closed' }, OPTS)).rejects.toMatchObject({
        code: 'E_FORBIDDEN',
      });
      await expect(addStarterRisk(a, { key: 'staffLeak', locale: 'zh-CN' }, OPTS)).rejects.toMatchObject({
        code: 'E_FORBIDDEN',
      });
    });
    expect(events('risk.manage', 'denied')).toHaveLength(2);
    expect(events('risk.list').length).toBeGreaterThan(0);
  });

  it('refuses an owner who is not an active staff member and a rating outside 1-5', async () => {
    const risk = await dataLoss();
    await expect(saveRisk(admin, { ...toSave(risk), owner: 'nobody' }, OPTS)).rejects.toMatchObject({
      code: 'E_INPUT',
      messageKey: 'risks.ownerNotActive',
    });
    await expect(saveRisk(admin, { ...toSave(risk), likelihood: 6 }, OPTS)).rejects.toMatchObject({ code: 'E_INPUT' });
  });

  it('a new risk with no signal is rated as entered; its review day passing flags it', async () => {
    const review = shanghaiDate(Date.now() + 10 * DAY_MS);
    const view = await saveRisk(
      admin,
      {
        title: '报税软件停服',
        description: '报税软件服务商停止服务，无法按期申报。',
        likelihood: 2,
        impact: 2,
        treatment: 'accept',
        treatmentPlan: '保留手工申报流程。',
        owner: 'manager1',
        reviewDate: review,
        signal: null,
        status: 'open',
      },
      OPTS,
    );
    const risk = view.risks.find((r) => r.title === '报税软件停服')!;
    expect(risk).toMatchObject({ level: 'low', effectiveLevel: 'low', reviewOverdue: false, owner: 'manager1' });
    const later = await listRisks(admin, { ...OPTS, now: new Date(Date.now() + 12 * DAY_MS) });
    expect(later.risks.find((r) => r.id === risk.id)!.reviewOverdue).toBe(true);
  });

  it('a closed risk is neither raised nor overdue, and closing it is audited with what changed', async () => {
    const risk = await dataLoss(new Date(Date.now() + 60 * DAY_MS));
    expect(risk.effectiveLevel).toBe('high');
    await saveRisk(admin, { ...toSave(risk), status: 'closed' }, OPTS);
    const closed = await dataLoss(new Date(Date.now() + 200 * DAY_MS));
    expect(closed).toMatchObject({ status: 'closed', effectiveLevel: 'medium', raisedBy: null, reviewOverdue: false });
    const event = events('risk.close').at(-1)!;
    expect(JSON.parse(event.details)).toMatchObject({ changed: { status: { from: 'open', to: 'closed' } } });
    // Closed risks sort after the open ones.
    expect((await listRisks(admin, OPTS)).risks.at(-1)!.id).toBe(risk.id);
  });
});

function toSave(r: RiskView): RiskSave {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    likelihood: r.likelihood,
    impact: r.impact,
    treatment: r.treatment,
    treatmentPlan: r.treatmentPlan,
    owner: r.owner,
    reviewDate: r.reviewDate,
    signal: r.signal,
    status: r.status,
  };
}
