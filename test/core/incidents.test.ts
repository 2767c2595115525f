import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents } from '../../src/core/db/schema';
import {
  addIncident,
  addStep,
  closeIncident,
  getIncident,
  listIncidents,
  markNotified,
  saveTemplate,
  setAffectedClient,
  setLessons,
  setTeamMember,
  writeLetters,
} from '../../src/core/incidents/index';
import { readPosture } from '../../src/core/posture/index';
import { addRecord, deleteRecord } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { LedgerVaultError } from '../../src/core/errors';
import { inputMessage, type InputMessageKey } from '../../src/shared/messages';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Incidents and drills (issue 17, Build 3): a drill recorded and closed; an incident affecting
 * two clients, each with its records by filter and its own sealed letter, closed only once both
 * are notified; auditors read but cannot change; every change audited; the posture's fact moves.
 */
let vault: TestVault;
let mgr: VaultSession;
let managerStaff: Staff;
let auditor: Staff;
let mingda = 0;
let hongyuan = 0;
let mingdaBank = 0;
let mingdaAlipay = 0;

function refusal(work: () => unknown): LedgerVaultError {
  try {
    work();
  } catch (err) {
    if (err instanceof LedgerVaultError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

function events(action: string, outcome: 'ok' | 'denied' | 'failed' = 'ok') {
  return mgr.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

const record = (clientId: number, accountId: number, occurredAt: string) =>
  addRecord(mgr, { clientId, accountId, occurredAt, direction: 'out', amount: '100.00', counterparty: '供应商' });

async function fact(now: Date) {
  return (await readPosture(mgr, { appVersion: '0.1.0', now })).facts.find((f) => f.id === 'incidents')!;
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  managerStaff = await addStaff(admin, vault, 'manager', 'zhou');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  await addStaff(admin, vault, 'accountant', 'chen');
  admin.lock();
  await activate(vault, managerStaff);
  await activate(vault, auditor);
  mgr = await signIn(vault, managerStaff);
  mingda = createClient(mgr, { name: '杭州明达' }).id;
  hongyuan = createClient(mgr, { name: '宁波宏远' }).id;
  mingdaBank = addPaymentAccount(mgr, { clientId: mingda, kind: 'bank', accountNumber: '6222020000001111' }).id;
  mingdaAlipay = addPaymentAccount(mgr, { clientId: mingda, kind: 'alipay', accountNumber: 'md@example.com' }).id;
  const hongyuanBank = addPaymentAccount(mgr, {
    clientId: hongyuan,
    kind: 'bank',
    accountNumber: '6222020000002222',
  }).id;
  record(mingda, mingdaBank, '2026-11-02');
  record(mingda, mingdaBank, '2026-11-15');
  const gone = record(mingda, mingdaBank, '2026-11-20');
  deleteRecord(mgr, gone.id, gone.version, '重复录入');
  record(mingda, mingdaBank, '2026-10-01');
  record(mingda, mingdaAlipay, '2026-11-03');
  record(hongyuan, hongyuanBank, '2026-11-05');
});

afterAll(async () => {
  mgr.lock();
  await vault.cleanup();
});

describe('a drill', () => {
  it('is recorded, with its team and steps, closed without letters, and marked a drill', () => {
    const drill = addIncident(mgr, {
      isDrill: true,
      title: '勒索软件应急演练',
      severity: 'high',
      foundAt: '2026-11-28 09:00',
      foundBy: '周经理',
      whatHappened: '模拟一台工作站被勒索软件加密。',
    });
    expect(drill).toMatchObject({ isDrill: true, status: 'open', canManage: true });
    setTeamMember(mgr, { id: drill.id, username: 'chen', role: '恢复备份' });
    addStep(mgr, { id: drill.id, kind: 'containment', text: '断开工作站网络' });
    addStep(mgr, { id: drill.id, kind: 'recovery', text: '从 U 盘备份恢复保险库' });
    expect(refusal(() => closeIncident(mgr, { id: drill.id })).messageKey).toBe('incidents.lessonsMissing');
    setLessons(mgr, { id: drill.id, lessons: '备份 U 盘应放在两处。' });
    const closed = closeIncident(mgr, { id: drill.id });
    expect(closed).toMatchObject({ status: 'closed', isDrill: true, canManage: false, closedBy: 'zhou' });
    expect(closed.team).toEqual([{ username: 'chen', displayName: 'chen', role: '恢复备份' }]);
    expect(closed.steps.map((s) => s.kind)).toEqual(['containment', 'recovery']);
    const late = refusal(() => addStep(mgr, { id: drill.id, kind: 'note', text: '补记' }));
    expect([late.code, late.messageKey]).toEqual(['E_CONFLICT', 'incidents.closed']);
    expect(listIncidents(mgr).incidents.find((i) => i.id === drill.id)).toMatchObject({ isDrill: true });
  });
});

describe('an incident affecting two clients', () => {
  let id = 0;

  it('counts each client’s non-deleted records by its filter and seals what it says of them', () => {
    id = addIncident(mgr, {
      title: '会计笔记本电脑丢失',
      severity: 'high',
      foundAt: '2026-12-01 08:30',
      foundBy: '陈会计',
      whatHappened: '一台存有导出文件的笔记本电脑在地铁上丢失。',
      contact: '周经理 0571-88886666',
    }).id;
    addStep(mgr, { id, kind: 'containment', text: '远程锁定并修改所有网银密码' });
    addStep(mgr, { id, kind: 'communication', text: '电话告知两位客户负责人' });
    addStep(mgr, { id, kind: 'recovery', text: '从备份核对记录完整' });
    const view = setAffectedClient(mgr, {
      id,
      clientId: mingda,
      filter: { accountIds: [mingdaBank], from: '2026-11-01', to: '2026-11-30' },
      whichData: '明达工行账户 11 月的付款记录（对方名称、金额）',
    });
    // 11-02 and 11-15 on the bank account; not the deleted 11-20, the October one or the Alipay one.
    expect(view.affected[0]).toMatchObject({ clientId: mingda, clientName: '杭州明达', recordCount: 2 });
    const both = setAffectedClient(mgr, { id, clientId: hongyuan, whichData: '宏远全部付款记录' });
    expect(both.affected.map((a) => [a.clientName, a.recordCount])).toEqual([
      ['杭州明达', 2],
      ['宁波宏远', 1],
    ]);
    const disk = readFileSync(path.join(vault.dir, 'vault.db'));
    expect(disk.includes(Buffer.from('宏远全部付款记录'))).toBe(false);
  });

  it('refuses a filter naming another client’s account, or a reversed range', () => {
    const stranger = refusal(() =>
      setAffectedClient(mgr, { id, clientId: hongyuan, filter: { accountIds: [mingdaBank] }, whichData: 'x' }),
    );
    expect([stranger.code, stranger.messageKey]).toEqual(['E_INPUT', 'incidents.accountNotOfClient']);
    const reversed = refusal(() =>
      setAffectedClient(mgr, {
        id,
        clientId: mingda,
        filter: { from: '2026-12-01', to: '2026-11-01' },
        whichData: 'x',
      }),
    );
    expect(reversed.messageKey).toBe('incidents.rangeReversed');
  });

  it('writes one letter per client, each naming its own client and data, with the containment and recovery steps', () => {
    const view = writeLetters(mgr, { id, advice: '请立即修改网银登录密码并留意异常交易。' });
    const [a, b] = view.affected;
    expect(a!.letter).toContain('尊敬的杭州明达');
    expect(a!.letter).toContain('明达工行账户 11 月的付款记录');
    expect(a!.letter).not.toContain('宁波宏远');
    expect(b!.letter).toContain('尊敬的宁波宏远');
    expect(b!.letter).not.toContain('杭州明达');
    for (const letter of [a!.letter!, b!.letter!]) {
      expect(letter).toContain('远程锁定并修改所有网银密码');
      expect(letter).toContain('从备份核对记录完整');
      expect(letter).not.toContain('电话告知两位客户负责人');
      expect(letter).toContain('周经理 0571-88886666');
      expect(letter).toContain('请立即修改网银登录密码');
      expect(letter).not.toContain('演练');
    }
  });

  it('refuses to close while a client is not notified, in both languages, then closes once both are', () => {
    setLessons(mgr, { id, lessons: '导出文件不得存放在笔记本电脑上。' });
    markNotified(mgr, { id, clientId: mingda, how: '电话并寄送告知函' });
    const refused = refusal(() => closeIncident(mgr, { id }));
    expect([refused.code, refused.messageKey]).toEqual(['E_CONFLICT', 'incidents.notNotified']);
    const key = refused.messageKey as InputMessageKey;
    expect(inputMessage(key, 'zh-CN', refused.params)).toContain(`#${hongyuan}`);
    expect(inputMessage(key, 'en', refused.params)).toMatch(/1 affected clients are not notified/);
    const again = refusal(() => markNotified(mgr, { id, clientId: mingda, how: '再次' }));
    expect(again.messageKey).toBe('incidents.alreadyNotified');
    const frozen = refusal(() => setAffectedClient(mgr, { id, clientId: mingda, whichData: '改写' }));
    expect(frozen.messageKey).toBe('incidents.clientNotified');
    markNotified(mgr, { id, clientId: hongyuan, how: '邮件' });
    const closed = closeIncident(mgr, { id });
    expect(closed.status).toBe('closed');
    expect(closed.affected.map((c) => [c.notifiedBy, c.notifiedHow])).toEqual([
      ['zhou', '电话并寄送告知函'],
      ['zhou', '邮件'],
    ]);
    for (const action of ['incident.add', 'incident.step', 'incident.client', 'incident.letters', 'incident.notify'])
      expect(events(action).length, action).toBeGreaterThan(0);
    const close = events('incident.close').at(-1)!;
    expect(JSON.parse(close.details)).toMatchObject({ id, isDrill: false, unnotified: 0 });
  });

  it('keeps its sealed texts readable after the client’s key is rotated by a revoke', () => {
    setClientGrant(mgr, { username: 'chen', clientId: hongyuan, canWrite: true });
    revokeClientGrant(mgr, { username: 'chen', clientId: hongyuan });
    const view = getIncident(mgr, { id });
    expect(view.affected[1]).toMatchObject({ whichData: '宏远全部付款记录' });
    expect(view.affected[1]!.letter).toContain('尊敬的宁波宏远');
  });
});

describe('input, templates and roles', () => {
  it('refuses a time found that is not a time, or in the future', () => {
    const base = { title: 't', severity: 'low' as const, foundBy: 'x', whatHappened: 'y' };
    expect(refusal(() => addIncident(mgr, { ...base, foundAt: '昨天' })).messageKey).toBe('incidents.badFoundAt');
    expect(refusal(() => addIncident(mgr, { ...base, foundAt: '2099-01-01' })).messageKey).toBe(
      'incidents.foundInFuture',
    );
  });

  it('writes letters from the edited template; a template without {client} is refused', () => {
    const bad = refusal(() => saveTemplate(mgr, { locale: 'zh-CN', body: '致客户：{whichData}' }));
    expect([bad.code, bad.messageKey]).toEqual(['E_INPUT', 'incidents.templateMissing']);
    saveTemplate(mgr, { locale: 'zh-CN', body: '{drill}致{client}：涉及{whichData}，共{recordCount}条。' });
    const id = addIncident(mgr, {
      isDrill: true,
      title: '演练',
      severity: 'low',
      foundAt: '2026-12-02 10:00',
      foundBy: '周',
      whatHappened: '演练',
    }).id;
    setAffectedClient(mgr, { id, clientId: mingda, filter: { accountIds: [mingdaAlipay] }, whichData: '支付宝记录' });
    const letter = writeLetters(mgr, { id, advice: '无需操作' }).affected[0]!.letter!;
    expect(letter).toBe('【应急演练，非真实事件】\n致杭州明达：涉及支付宝记录，共1条。');
    const en = writeLetters(mgr, { id, locale: 'en', advice: 'Nothing to do' }).affected[0]!.letter!;
    expect(en).toMatch(/^\[EMERGENCY DRILL.*\]\nNotice of a data security incident\n\nDear 杭州明达,/);
  });

  it('auditors read the register but every change is E_FORBIDDEN and audited as a denial', async () => {
    mgr.lock();
    const s = await signIn(vault, auditor);
    try {
      const list = listIncidents(s);
      expect(list.canManage).toBe(false);
      const first = list.incidents.find((i) => !i.isDrill)!;
      const seen = getIncident(s, { id: first.id });
      // No grant, no key: the clients by number, their texts withheld.
      expect(seen.affected.map((a) => [a.clientName, a.whichData, a.letter])).toEqual([
        [null, null, null],
        [null, null, null],
      ]);
      expect(refusal(() => addStep(s, { id: first.id, kind: 'note', text: 'x' })).code).toBe('E_FORBIDDEN');
      expect(
        refusal(() =>
          addIncident(s, { title: 't', severity: 'low', foundAt: '2026-12-01', foundBy: 'x', whatHappened: 'y' }),
        ).code,
      ).toBe('E_FORBIDDEN');
    } finally {
      s.lock();
      await s.anchorsWritten();
      mgr = await signIn(vault, managerStaff);
    }
    const denied = events('incident.manage', 'denied');
    expect(denied.length).toBe(2);
    expect(denied.every((e) => e.actorName === 'wang')).toBe(true);
  });
});

describe('the posture fact', () => {
  it('green with no open real incident, amber while one is open, red past 72 hours unnotified, then back', async () => {
    const now = new Date('2026-12-03T08:00:00Z');
    // Only drills (closed or open) and a closed incident so far.
    expect(await fact(now)).toMatchObject({ status: 'green', detail: 'none', fixRoute: '/incidents' });
    const id = addIncident(mgr, {
      title: '网银 U 盾借出未归还',
      severity: 'critical',
      foundAt: '2026-11-29T08:00:00Z',
      foundBy: '周',
      whatHappened: 'U 盾被借出两天。',
    }).id;
    expect(await fact(new Date('2026-11-29T09:00:00Z'))).toMatchObject({ status: 'amber', detail: 'open' });
    setAffectedClient(mgr, { id, clientId: hongyuan, whichData: '网银账户' });
    // 72 hours after it was found, still amber; an hour later, red.
    expect((await fact(new Date('2026-12-02T08:00:00Z'))).status).toBe('amber');
    expect(await fact(new Date('2026-12-02T09:00:00Z'))).toMatchObject({ status: 'red', detail: 'overdue' });
    writeLetters(mgr, { id, advice: '请挂失 U 盾' });
    markNotified(mgr, { id, clientId: hongyuan, how: '当面' });
    expect((await fact(now)).status).toBe('amber');
    setLessons(mgr, { id, lessons: 'U 盾不得借出。' });
    closeIncident(mgr, { id });
    expect((await fact(now)).status).toBe('green');
  });
});
