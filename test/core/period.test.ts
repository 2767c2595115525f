import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createClient } from '../../src/core/clients/clients';
import { addPaymentAccount, listPaymentAccounts, setAccountOpening } from '../../src/core/clients/accounts';
import { auditEvents } from '../../src/core/db/schema';
import { addRecord } from '../../src/core/records/index';
import { periodView } from '../../src/core/records/period';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let clientId = 0;
let bank = 0;
let alipay = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  manager = await addStaff(first.session, vault, 'manager', 'mgr');
  accountant = await addStaff(first.session, vault, 'accountant', 'acc');
  first.session.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    clientId = createClient(s, { name: '杭州明达' }).id;
    bank = addPaymentAccount(s, {
      clientId,
      kind: 'bank',
      institution: '招商银行',
      accountNumber: '6225880212345678',
      openingBalance: '10000.00',
      openingBalanceDate: '2024-02-01',
    }).id;
    alipay = addPaymentAccount(s, { clientId, kind: 'alipay', accountNumber: 'pay@example.com' }).id;
    const rec = (
      accountId: number,
      occurredAt: string,
      direction: 'in' | 'out',
      amount: string,
      counterparty: string,
      memo?: string,
      status?: 'succeeded' | 'pending',
    ) => addRecord(s, { clientId, accountId, occurredAt, direction, amount, counterparty, memo, status });
    // Before the opening date: not part of any balance.
    rec(bank, '2024-01-20 09:00', 'in', '999.00', '旧客户', '旧款');
    // February, after the opening date: moves the March opening balance.
    rec(bank, '2024-02-10 09:00', 'in', '500.00', '甲公司', '货款');
    rec(bank, '2024-02-29 23:59', 'out', '0.01', '银行', '手续费');
    // March.
    rec(bank, '2024-03-01 00:00', 'in', '3000.00', '甲公司', '货款');
    rec(bank, '2024-03-05', 'out', '1200.50', '房东', '房租');
    rec(bank, '2024-03-31 23:59', 'in', '100.00', '乙公司', '货款');
    rec(bank, '2024-03-15 10:00', 'out', '50.00', '乙公司', '货款', 'pending');
    rec(alipay, '2024-03-20 12:00', 'out', '88.80', '甲公司', '办公用品');
    // April: after March's closing balance.
    rec(bank, '2024-04-01 00:00', 'out', '7.00', '银行', '手续费');
  });
});
afterAll(async () => vault.cleanup());

describe('period views', () => {
  it('gives 期初/期末 per account with an opening balance: opening + in − out of the records since its date', async () => {
    await as(manager, (s) => {
      const march = periodView(s, { clientId, from: '2024-03-01', to: '2024-03-31' });
      const b = march.accounts.find((a) => a.accountId === bank)!;
      expect(b.openingMinor).toBe(1_000_000 + 50_000 - 1);
      expect(b.inMinor).toBe(310_000);
      expect(b.outMinor).toBe(120_050); // the pending 50.00 is listed, not counted
      expect(b.closingMinor).toBe(b.openingMinor! + 310_000 - 120_050);
      expect(b.accountNumber).not.toContain('6225880212345678');
      // No opening balance entered: no balance invented.
      const a = march.accounts.find((x) => x.accountId === alipay)!;
      expect([a.openingMinor, a.closingMinor, a.outMinor]).toEqual([null, null, 8_880]);
      // A period starting before the opening date has no 期初, but a 期末.
      const early = periodView(s, { clientId, from: '2024-01-01', to: '2024-02-29' });
      const eb = early.accounts.find((x) => x.accountId === bank)!;
      expect(eb.openingMinor).toBeNull();
      expect(eb.closingMinor).toBe(1_000_000 + 50_000 - 1);
    });
  });

  it('totals 收入/支出/净额 by month, and summarises by counterparty and by 摘要', async () => {
    await as(manager, (s) => {
      const q1 = periodView(s, { clientId, from: '2024-01-01', to: '2024-03-31' });
      expect(q1.months.map((m) => [m.month, m.inMinor, m.outMinor, m.netMinor, m.count])).toEqual([
        ['2024-01', 99_900, 0, 99_900, 1],
        ['2024-02', 50_000, 1, 49_999, 2],
        ['2024-03', 310_000, 128_930, 181_070, 5],
      ]);
      expect(q1.totals).toEqual([
        { currency: 'CNY', inMinor: 459_900, outMinor: 128_931, netMinor: 330_969, count: 8 },
      ]);
      const march = periodView(s, { clientId, from: '2024-03-01', to: '2024-03-31' });
      expect(march.records).toHaveLength(5);
      expect(march.byCounterparty.map((c) => [c.key, c.inMinor, c.outMinor, c.count])).toEqual([
        ['甲公司', 300_000, 8_880, 2],
        ['房东', 0, 120_050, 1],
        ['乙公司', 10_000, 0, 2],
      ]);
      expect(march.byMemo.map((c) => [c.key, c.netMinor])).toEqual([
        ['货款', 310_000],
        ['房租', -120_050],
        ['办公用品', -8_880],
      ]);
      expect(march.preparedBy).toBeTruthy();
      expect(march.clientName).toBe('杭州明达');
    });
  });

  it('is audited once per view', async () => {
    await as(manager, (s) => {
      const count = () => s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'records.period')).all().length;
      const before = count();
      periodView(s, { clientId, from: '2024-03-01', to: '2024-03-31' });
      expect(count()).toBe(before + 1);
    });
  });

  it('refuses an accountant without a grant for the client, and an impossible range', async () => {
    await as(accountant, (s) => {
      expect(() => periodView(s, { clientId, from: '2024-03-01', to: '2024-03-31' })).toThrow(/E_FORBIDDEN/);
      expect(() => setAccountOpening(s, { id: bank, openingBalance: '1', openingBalanceDate: '2024-01-01' })).toThrow(
        /E_FORBIDDEN/,
      );
    });
    await as(manager, (s) => {
      expect(() => periodView(s, { clientId, from: '2024-03-31', to: '2024-03-01' })).toThrow(/E_INPUT/);
      expect(() => periodView(s, { clientId, from: '2024-02-30', to: '2024-03-01' })).toThrow(/E_INPUT/);
    });
  });

  it('sets and clears an opening balance, audited with old and new values', async () => {
    await as(manager, (s) => {
      const changed = setAccountOpening(s, { id: alipay, openingBalance: '-20.5', openingBalanceDate: '2024-03-01' });
      expect([changed.openingBalanceMinor, changed.openingBalanceDate]).toEqual([-2_050, '2024-03-01']);
      const march = periodView(s, { clientId, from: '2024-03-01', to: '2024-03-31' });
      expect(march.accounts.find((a) => a.accountId === alipay)!.closingMinor).toBe(-2_050 - 8_880);
      expect(() => setAccountOpening(s, { id: alipay, openingBalance: '5', openingBalanceDate: null })).toThrow(
        /E_INPUT/,
      );
      setAccountOpening(s, { id: alipay, openingBalance: null, openingBalanceDate: null });
      expect(listPaymentAccounts(s, clientId).find((a) => a.id === alipay)!.openingBalanceMinor).toBeNull();
      const events = s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'account.update')).all();
      expect(events.map((e) => JSON.parse(e.details).openingBalanceMinor)).toEqual([
        { from: null, to: -2_050 },
        { from: -2_050, to: null },
      ]);
    });
  });
});
