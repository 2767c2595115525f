import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords, recordHistory } from '../../src/core/db/schema';
import { doctorVault, type VaultSession } from '../../src/core/index';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { addRecord, deleteRecord, listRecords } from '../../src/core/records';
import {
  approvePurge,
  getRetention,
  placeHold,
  planPurge,
  refusePurge,
  releaseHold,
  requestPurge,
  setAccountRetentionKind,
  setRetentionPeriod,
} from '../../src/core/retention/index';
import { LedgerVaultError } from '../../src/core/errors';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Record retention (issue 17, Build 9; 会计档案管理办法): deleted records stay until their period
 * ends (counted from the first day after their accounting year, Beijing time); a purge needs a
 * request and another person's approval, is refused under a legal hold, and removes exactly the
 * eligible rows with what refers to them, leaving the audit chain and the database sound.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let manager: Staff;
let auditor: Staff;
let accountant: Staff;
let mingda = 0;
let hongyuan = 0;
const ids: Record<string, number> = {};

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

function events(action: string, outcome: 'ok' | 'denied' | 'failed' = 'ok') {
  return admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

function caught(work: () => unknown): LedgerVaultError {
  try {
    work();
  } catch (err) {
    if (err instanceof LedgerVaultError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const stored = (id: number) => admin.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get();
const historyOf = (id: number) => admin.orm.select().from(recordHistory).where(eq(recordHistory.recordId, id)).all();

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, auditor);
  await activate(vault, accountant);
  const m = await signIn(vault, manager);
  mingda = createClient(m, { name: '杭州明达' }).id;
  hongyuan = createClient(m, { name: '宁波宏远' }).id;
  const bank = addPaymentAccount(m, { clientId: mingda, kind: 'bank', institution: '招商银行' }).id;
  const alipay = addPaymentAccount(m, { clientId: mingda, kind: 'alipay' }).id;
  ids.alipay = alipay;
  const add = (clientId: number, accountId: number | undefined, occurredAt: string, counterparty: string) =>
    addRecord(m, {
      clientId,
      accountId,
      occurredAt,
      direction: 'out',
      amount: '100.00',
      counterparty,
      reference: counterparty,
    });
  const old = add(mingda, bank, '2010-06-30', '旧供应商');
  const young = add(mingda, bank, '2024-12-31 23:30', '新供应商');
  const voucher = add(mingda, alipay, '2010-05-01', '支付宝商户');
  const kept = add(mingda, bank, '2010-03-01', '未删除');
  const other = add(hongyuan, undefined, '2024-03-01', '宏远对方');
  for (const r of [old, young, voucher, other]) deleteRecord(m, r.id, r.version, '录入错误，重复记录');
  Object.assign(ids, { old: old.id, young: young.id, voucher: voucher.id, kept: kept.id, other: other.id });
  m.lock();
  await m.anchorsWritten();
  admin = await signIn(vault, adminStaff);
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('retention periods', () => {
  it('are seeded with the legal minimums on first use and cite the article; auditors read, only', async () => {
    await as(auditor, (a) => {
      const view = getRetention(a);
      expect(view.canManage).toBe(false);
      expect(view.periods.map((p) => [p.kind, p.years, p.minYears])).toEqual([
        ['bankStatement', 10, 10],
        ['bankReconciliation', 10, 10],
        ['voucher', 30, 30],
      ]);
      expect(view.periods[0]!.article).toContain('财政部 国家档案局令第79号');
      expect(view.periods[0]!.article).toContain('第十四条');
      expect(() => setRetentionPeriod(a, { kind: 'voucher', years: 31, article: 'x' })).toThrow(/E_FORBIDDEN/);
      expect(() => placeHold(a, { clientId: mingda, reason: '诉讼' })).toThrow(/E_FORBIDDEN/);
      expect(() => requestPurge(a, { clientId: mingda })).toThrow(/E_FORBIDDEN/);
    });
    expect(events('retention.seed')).toHaveLength(1);
    expect(events('retention.manage', 'denied')).toHaveLength(2);
    expect(events('retention.purgeRequest', 'denied')).toHaveLength(1);
    await as(accountant, (c) => expect(() => getRetention(c)).toThrow(/E_FORBIDDEN/));
  });

  it('may be lengthened with the article edited, never shortened below the minimum nor set to 0', () => {
    expect(caught(() => setRetentionPeriod(admin, { kind: 'bankStatement', years: 9, article: 'x' })).messageKey).toBe(
      'retention.belowMinimum',
    );
    expect(() => setRetentionPeriod(admin, { kind: 'voucher', years: 0, article: 'x' })).toThrow(/E_INPUT/);
    expect(() => setRetentionPeriod(admin, { kind: 'voucher', years: -30, article: 'x' })).toThrow(/E_INPUT/);
    setRetentionPeriod(admin, { kind: 'voucher', years: 35, article: '本所制度：凭证保管35年' });
    const v = getRetention(admin).periods.find((p) => p.kind === 'voucher')!;
    expect(v).toMatchObject({ years: 35, article: '本所制度：凭证保管35年', updatedBy: 'admin' });
    expect(events('retention.period').at(-1)!.details).toContain('"fromYears":30');
    setRetentionPeriod(admin, { kind: 'voucher', years: 30, article: v.article });
  });
});

describe('purging deleted records', () => {
  it('a deleted record is hidden from the records but still kept', async () => {
    const listed = await as(manager, (m) => listRecords(m, { clientId: mingda }).rows.map((r) => r.id));
    expect(listed).toEqual([ids.kept]);
    for (const id of [ids.old!, ids.young!, ids.voucher!]) expect(stored(id)?.deletedAt).not.toBeNull();
  });

  it('is refused before the period ends, naming the day (Beijing time, from the end of the accounting year)', () => {
    const err = caught(() => requestPurge(admin, { clientId: hongyuan }));
    expect(err.code).toBe('E_CONFLICT');
    expect(err.params).toEqual({ date: '2035-01-01' });
    expect(err.localized('zh-CN')).toContain('最早于 2035-01-01 起可以销毁');
    expect(events('retention.purgeRequest', 'denied').at(-1)!.details).toContain('period_not_ended');
    // A record of 2024 kept 10 years: kept through 2034-12-31, purgeable at 00:00 Beijing on 2035-01-01.
    const plan = (at: string) => planPurge(admin, { clientId: hongyuan }, new Date(at));
    expect(plan('2034-12-31T15:59:59Z')).toMatchObject({ eligible: [], notYet: 1, nextPurgeableFrom: '2035-01-01' });
    expect(plan('2034-12-31T16:00:00Z').eligible.map((r) => r.id)).toEqual([ids.other]);
  });

  it('a dry run lists the eligible records and changes nothing; each account keeps its records as its kind', () => {
    setAccountRetentionKind(admin, { accountId: ids.alipay!, kind: 'voucher' });
    const before = admin.orm.select().from(paymentRecords).all().length;
    const plan = planPurge(admin, { clientId: mingda });
    // The old bank record's 10 years are over; the 2024 one and the voucher (30 years) are not.
    expect(plan.eligible).toEqual([
      { id: ids.old, date: '2010-06-30', kind: 'bankStatement', purgeableFrom: '2021-01-01' },
    ]);
    expect(plan).toMatchObject({ notYet: 2, nextPurgeableFrom: '2035-01-01', hold: null, pendingRequest: null });
    expect(admin.orm.select().from(paymentRecords).all()).toHaveLength(before);
    expect(events('retention.accountKind')).toHaveLength(1);
    const accounts = getRetention(admin).accounts.filter((a) => a.clientId === mingda);
    expect(accounts.map((a) => [a.accountKind, a.institution, a.retentionKind])).toEqual([
      ['bank', '招商银行', 'bankStatement'],
      ['alipay', null, 'voucher'],
    ]);
  });

  it('after the period, the requester cannot approve her own request: a second person must', async () => {
    const requestId = await as(manager, (m) => {
      const id = requestPurge(m, { clientId: mingda });
      const err = caught(() => approvePurge(m, { requestId: id }));
      expect(err.code).toBe('E_FORBIDDEN');
      expect(err.localized('zh-CN')).toBe('销毁须由另一位管理员或经理批准：申请人不能批准自己的申请。');
      expect(getRetention(m).requests[0]).toMatchObject({ id, canApprove: false, canRefuse: true, records: 1 });
      return id;
    });
    ids.request = requestId;
    expect(stored(ids.old!)).toBeDefined();
    expect(events('retention.purgeApprove', 'denied').at(-1)!.details).toContain('same_person');
    expect(() => requestPurge(admin, { clientId: mingda })).toThrow(/E_CONFLICT/);
    await as(auditor, (a) => expect(() => approvePurge(a, { requestId })).toThrow(/E_FORBIDDEN/));
  });

  it('is refused under a legal hold, requested or approved; released, audited both ways', () => {
    placeHold(admin, { clientId: mingda, reason: '杭州仲裁委调取账目' });
    const err = caught(() => approvePurge(admin, { requestId: ids.request! }));
    expect(err.code).toBe('E_CONFLICT');
    expect(err.localized('zh-CN')).toContain('杭州仲裁委调取账目');
    expect(planPurge(admin, { clientId: mingda }).hold).toMatchObject({ reason: '杭州仲裁委调取账目' });
    expect(() => placeHold(admin, { clientId: mingda, reason: '再次' })).toThrow(/E_CONFLICT/);
    expect(stored(ids.old!)).toBeDefined();
    const view = getRetention(admin);
    expect(view.clients.find((c) => c.clientId === mingda)).toMatchObject({ held: true, deleted: 3, eligible: 1 });
    releaseHold(admin, { holdId: view.holds[0]!.id });
    expect(events('retention.holdPlace')).toHaveLength(1);
    expect(events('retention.holdRelease')).toHaveLength(1);
    expect(events('retention.purgeApprove', 'denied').at(-1)!.details).toContain('legal_hold');
  });

  it('approved by another admin, removes exactly the eligible rows and their history; audit verify and doctor pass', async () => {
    const history = historyOf(ids.old!).length;
    expect(history).toBeGreaterThan(0);
    const before = admin.orm.select().from(paymentRecords).all().length;
    const result = approvePurge(admin, { requestId: ids.request! });
    expect(result).toEqual({ request: ids.request, records: 1, history });
    expect(stored(ids.old!)).toBeUndefined();
    expect(historyOf(ids.old!)).toHaveLength(0);
    expect(admin.orm.select().from(paymentRecords).all()).toHaveLength(before - 1);
    for (const id of [ids.young!, ids.voucher!, ids.kept!, ids.other!]) expect(stored(id)).toBeDefined();
    expect(historyOf(ids.young!).length).toBeGreaterThan(0);
    const purge = events('retention.purge');
    expect(purge).toHaveLength(1);
    expect(JSON.parse(purge[0]!.details)).toMatchObject({ records: 1, history, request: ids.request });
    // Counts only: nothing of the record (its counterparty, its reason) in the audit log.
    expect(purge[0]!.details).not.toContain('旧供应商');
    const view = getRetention(admin);
    expect(view.requests[0]).toMatchObject({ status: 'approved', purgedCount: 1, decidedBy: 'admin' });
    expect(view.clients.find((c) => c.clientId === mingda)).toMatchObject({ deleted: 2, eligible: 0 });
    expect(() => approvePurge(admin, { requestId: ids.request! })).toThrow(/E_CONFLICT/);
    expect(verifyAudit(admin).ok).toBe(true);
    admin.lock();
    await admin.anchorsWritten();
    const report = await doctorVault({
      dir: vault.dir,
      username: adminStaff.username,
      password: adminStaff.password,
      totp: adminStaff.recoveryCodes!.shift()!,
      keyStore: vault.keyStore,
    });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    admin = await signIn(vault, adminStaff);
  });

  it('a request may be refused (or withdrawn by its requester); nothing is removed', () => {
    const id = requestPurge(admin, { clientId: hongyuan }, new Date('2035-06-01T00:00:00Z'));
    refusePurge(admin, { requestId: id });
    expect(stored(ids.other!)).toBeDefined();
    expect(getRetention(admin).requests.find((r) => r.id === id)).toMatchObject({
      status: 'refused',
      canRefuse: false,
    });
    expect(JSON.parse(events('retention.purgeRefuse')[0]!.details)).toMatchObject({ withdrawn: true });
  });
  it('a period lengthened after the request stops the approval, naming the new day; the test clock moves to 2035', async () => {
    const in2035 = new Date('2035-06-01T00:00:00Z');
    const id = requestPurge(admin, { clientId: hongyuan }, in2035);
    const statement = getRetention(admin).periods.find((p) => p.kind === 'bankStatement')!;
    setRetentionPeriod(admin, { kind: 'bankStatement', years: 12, article: statement.article });
    await as(manager, (m) => {
      const err = caught(() => approvePurge(m, { requestId: id }, in2035));
      expect(err.code).toBe('E_CONFLICT');
      expect(err.params).toEqual({ date: '2037-01-01' });
    });
    expect(stored(ids.other!)).toBeDefined();
    setRetentionPeriod(admin, { kind: 'bankStatement', years: 10, article: statement.article });
    const done = await as(manager, (m) => approvePurge(m, { requestId: id }, in2035));
    expect(done).toMatchObject({ records: 1 });
    expect(stored(ids.other!)).toBeUndefined();
    expect(verifyAudit(admin).ok).toBe(true);
  });

  it("an approver whose account the requester set up approves, and the purge event names that account's set-up", async () => {
    // Approved by the manager (whose account the admin made long before): nothing named.
    expect(JSON.parse(events('retention.purge').at(-1)!.details)).not.toHaveProperty('approverSetUpBy');
    // A record of 杭州明达 past its period, deleted; the admin requests its purge...
    const lateId = await as(manager, (m) => {
      const r = addRecord(m, {
        clientId: mingda,
        occurredAt: '2011-02-01',
        direction: 'in',
        amount: '5.00',
        counterparty: '旧客户',
        reference: 'late-2011',
      });
      deleteRecord(m, r.id, r.version, '录入错误');
      return r.id;
    });
    const requestId = requestPurge(admin, { clientId: mingda });
    // ...then makes a second admin account, signs in as it, and approves her own request.
    const second = await addStaff(admin, vault, 'admin', 'boss2');
    admin.lock();
    await activate(vault, second);
    admin = await signIn(vault, adminStaff);
    const done = await as(second, (s) => approvePurge(s, { requestId }));
    expect(done.records).toBe(1);
    expect(stored(lateId)).toBeUndefined();
    // The core cannot tell her apart from a colleague; the log can: the event names the set-up.
    const details = JSON.parse(events('retention.purge').at(-1)!.details) as { approverSetUpBy?: string[] };
    expect(details.approverSetUpBy).toHaveLength(1);
    expect(details.approverSetUpBy![0]).toMatch(/^user\.create \d{4}-/);
    expect(verifyAudit(admin).ok).toBe(true);
  });
});
