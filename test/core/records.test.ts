import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { deleteRecord, updateRecord } from '../../src/core/records/record-changes';
import { addRecord, listRecords, recordHistoryOf, revealRecord, type NewRecord } from '../../src/core/records/index';
import { formatAmount } from '../../src/shared/money';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, expectCode, filesUnder, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { exportToMemory } from '../helpers/exports';

const FULL_ACCOUNT = '6222021234567890123';
let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let clientA = 0;
let clientB = 0;

const base = (over: Partial<NewRecord> = {}): NewRecord => ({
  clientId: clientA,
  occurredAt: '2024-03-01 10:00',
  direction: 'out',
  amount: '100.00',
  counterparty: '某某公司',
  ...over,
});

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
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'mgr');
  accountant = await addStaff(admin, vault, 'accountant', 'acc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    clientA = createClient(s, { name: '甲贸易有限公司', uscc: '91350100M000100Y43' }).id;
    clientB = createClient(s, { name: '乙科技有限公司' }).id;
    setClientGrant(s, { username: 'acc', clientId: clientA, canWrite: true });
  });
});
afterAll(async () => vault.cleanup());

describe('payment records', () => {
  it('an accountant enters records for a granted client; amounts are exact and totals add up', async () => {
    await as(accountant, (s) => {
      addRecord(
        s,
        base({
          amount: '0.1',
          direction: 'in',
          counterparty: '张三',
          memo: '工资代发',
          reference: 'T001',
          counterpartyAccount: FULL_ACCOUNT,
        }),
      );
      addRecord(
        s,
        base({
          amount: '0.2',
          direction: 'in',
          counterparty: '张三丰',
          reference: 'T002',
          occurredAt: '2024-03-02 09:00',
        }),
      );
      addRecord(s, base({ amount: '¥1,234.56', counterparty: '李四', reference: 'T003', occurredAt: '2024-03-05' }));
      const page = listRecords(s, { clientId: clientA });
      expect(page.total).toBe(3);
      expect(formatAmount(page.totals.inMinor)).toBe('0.30');
      expect(formatAmount(page.totals.outMinor)).toBe('1,234.56');
      expect(page.rows.map((r) => r.reference)).toEqual(['T003', 'T002', 'T001']); // newest first
      expect(page.rows[2]!.counterpartyAccount).toBe('****0123');
      expect(page.rows[2]!.occurredAt).toBe('2024-03-01T10:00:00+08:00');
    });
  });

  it('Chinese substring search finds two-character names inside longer ones', async () => {
    await as(accountant, (s) => {
      expect(
        listRecords(s, { clientId: clientA, text: '张三' })
          .rows.map((r) => r.counterparty)
          .sort(),
      ).toEqual(['张三', '张三丰']);
      expect(listRecords(s, { clientId: clientA, text: '三丰' }).rows.map((r) => r.counterparty)).toEqual(['张三丰']);
      expect(listRecords(s, { clientId: clientA, text: '代发' }).rows.map((r) => r.reference)).toEqual(['T001']);
      expect(listRecords(s, { clientId: clientA, text: 't00' }).total).toBe(3);
      expect(listRecords(s, { clientId: clientA, text: '王五' }).total).toBe(0);
    });
  });

  it('filters by date range, direction and amount, and sorts by amount', async () => {
    await as(accountant, (s) => {
      expect(
        listRecords(s, { clientId: clientA, from: '2024-03-02', to: '2024-03-05' }).rows.map((r) => r.reference),
      ).toEqual(['T003', 'T002']);
      expect(listRecords(s, { clientId: clientA, direction: 'out' }).rows.map((r) => r.reference)).toEqual(['T003']);
      expect(
        listRecords(s, { clientId: clientA, minAmount: '0.15', maxAmount: '1000' }).rows.map((r) => r.reference),
      ).toEqual(['T002']);
      expect(listRecords(s, { clientId: clientA, sort: 'amount', order: 'asc' }).rows.map((r) => r.reference)).toEqual([
        'T001',
        'T002',
        'T003',
      ]);
    });
  });

  it('bad input is refused in Chinese, and a likely duplicate needs confirmation', async () => {
    await as(accountant, (s) => {
      const err = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          return e as { code: string; localized(l: string): string };
        }
        throw new Error('no error');
      };
      expect(err(() => addRecord(s, base({ amount: '12.345' }))).localized('zh-CN')).toMatch(/最多两位小数/);
      expect(err(() => addRecord(s, base({ amount: '-5' }))).localized('zh-CN')).toMatch(/不能为负数/);
      expect(err(() => addRecord(s, base({ counterparty: ' ' }))).localized('zh-CN')).toMatch(/交易对方/);
      expect(err(() => addRecord(s, base({ occurredAt: '2099-01-01' }))).localized('zh-CN')).toMatch(/不能晚于今天/);
      const dup = err(() => addRecord(s, base({ amount: '1', reference: 'T002', counterparty: '别人' })));
      expect(dup.code).toBe('E_CONFLICT');
      expect(dup.localized('zh-CN')).toMatch(/可能重复/);
      expect(
        addRecord(s, base({ amount: '1', reference: 'T002', counterparty: '别人', allowDuplicate: true })).reference,
      ).toBe('T002');
    });
  });

  it('an accountant without a grant cannot list, search or export another client: E_FORBIDDEN, audited', async () => {
    await as(accountant, async (s) => {
      expect(() => listRecords(s, { clientId: clientB })).toThrow(/E_FORBIDDEN/);
      expect(() => listRecords(s, { clientId: clientB, text: '张三' })).toThrow(/E_FORBIDDEN/);
      await expectCode(exportToMemory(s, { clientId: clientB }, { format: 'csv' }), 'E_FORBIDDEN');
      expect(() => addRecord(s, base({ clientId: clientB }))).toThrow(/E_FORBIDDEN/);
      const denied = s.orm
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.clientId, clientB))
        .all()
        .filter((e) => e.outcome === 'denied');
      expect(denied.map((d) => d.action).sort()).toEqual([
        'records.create',
        'records.export',
        'records.list',
        'records.search',
      ]);
      expect(() => revealRecord(s, 1, '对账核对')).toThrow(/E_FORBIDDEN/); // accountants may not reveal by default
    });
  });

  it('full numbers appear only when revealed with a reason, and each reveal is audited', async () => {
    await as(manager, async (s) => {
      const id = listRecords(s, { clientId: clientA, text: 'T001' }).rows[0]!.id;
      expect(() => revealRecord(s, id, '')).toThrow(/E_INPUT/);
      expect(revealRecord(s, id, '与银行对账').counterpartyAccount).toBe(FULL_ACCOUNT);
      const masked = await exportToMemory(s, { clientId: clientA }, { format: 'csv' });
      expect(masked.bytes.toString('utf8')).not.toContain(FULL_ACCOUNT);
      const revealed = await exportToMemory(
        s,
        { clientId: clientA },
        { format: 'csv', reveal: { reason: '税务稽查需要' } },
      );
      expect(revealed.bytes.toString('utf8')).toContain(FULL_ACCOUNT);
      const reveals = s.orm
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'records.reveal'))
        .all()
        .filter((e) => e.outcome === 'ok');
      expect(reveals.map((r) => JSON.parse(r.details).reason)).toEqual(['与银行对账', '税务稽查需要']);
      // The log says why, never the number itself.
      const everything = JSON.stringify(s.orm.select().from(auditEvents).all());
      expect(everything).not.toContain(FULL_ACCOUNT);
      expect(everything).not.toContain(FULL_ACCOUNT.slice(-8));
    });
  });

  it('exports are formula-safe CSV with a BOM and real XLSX', async () => {
    await as(accountant, async (s) => {
      addRecord(s, base({ counterparty: '=HYPERLINK("http://evil","点我")', reference: 'T009', amount: '9' }));
      const csv = await exportToMemory(s, { clientId: clientA }, { format: 'csv' });
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.bytes.toString('utf8');
      expect(text).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
      expect(text).toContain('交易对方');
      const xlsx = await exportToMemory(s, { clientId: clientA, text: 'T009' }, { format: 'xlsx' });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      // Columns: 编号 客户 交易时间 方向 收入 支出 币种 渠道 交易对方 ... (test/core/xlsx-export.test.ts has the rest).
      expect(sheet.getRow(2).getCell(9).value).toBe(`'=HYPERLINK("http://evil","点我")`);
      expect(sheet.getRow(2).getCell(6).value).toBe(9);
    });
  });

  it('changes keep history and need the current version; deletion is soft and leaves totals', async () => {
    await as(accountant, (s) => {
      const r = addRecord(s, base({ counterparty: '王五', reference: 'T100', amount: '50' }));
      const v2 = updateRecord(s, r.id, r.version, { amount: '55.5', memo: '更正金额' });
      expect(() => updateRecord(s, r.id, r.version, { memo: 'stale' })).toThrow(/E_CONFLICT/);
      expect(recordHistoryOf(s, r.id).map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
        ['amountMinor', '5000', '5550'],
        ['memo', null, '更正金额'],
      ]);
      const before = listRecords(s, { clientId: clientA }).total;
      deleteRecord(s, r.id, v2, '重复录入');
      expect(listRecords(s, { clientId: clientA }).total).toBe(before - 1);
      expect(listRecords(s, { clientId: clientA, text: '王五' }).total).toBe(0);
    });
  });

  it('editing only the direction of a JPY record keeps its amount (money never goes through floats)', async () => {
    await as(manager, (s) => {
      const yen = addRecord(s, base({ amount: '1005', currency: 'JPY', counterparty: '日本商社', reference: 'JPY1' }));
      expect(yen.amountMinor).toBe(1005);
      const v2 = updateRecord(s, yen.id, yen.version, { direction: 'in' });
      const cny = addRecord(s, base({ amount: '0.07', counterparty: '七分钱', reference: 'CNY7' }));
      updateRecord(s, cny.id, cny.version, { direction: 'in', status: 'pending' });
      const rows = listRecords(s, { clientId: clientA, direction: 'in' }).rows;
      expect(rows.find((r) => r.id === yen.id)).toMatchObject({ amountMinor: 1005, currency: 'JPY', version: v2 });
      expect(rows.find((r) => r.id === cny.id)).toMatchObject({ amountMinor: 7, status: 'pending' });
      expect(recordHistoryOf(s, yen.id).map((h) => h.field)).toEqual(['direction']);
    });
  });

  it("reading a record's history is an audited event (it shows old values)", async () => {
    await as(accountant, (s) => {
      const id = listRecords(s, { clientId: clientA, text: 'T001' }).rows[0]!.id;
      recordHistoryOf(s, id);
      const event = s.orm
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'records.history'))
        .orderBy(desc(auditEvents.seq))
        .get();
      expect(event).toMatchObject({ outcome: 'ok', targetType: 'record', targetId: String(id), clientId: clientA });
    });
  });

  it('a user cannot tell a missing record from one of a client they may not see', async () => {
    const hidden = await as(manager, (s) => addRecord(s, base({ clientId: clientB, reference: 'HIDDEN' })));
    const missing = hidden.id + 100_000;
    await as(accountant, (s) => {
      const lastDenied = () => {
        const e = s.orm
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.outcome, 'denied'))
          .orderBy(desc(auditEvents.seq))
          .get()!;
        return { ...e, seq: 0, at: '', hash: '', targetId: e.targetId === null ? null : '#' };
      };
      const attempt = (fn: (id: number) => unknown, id: number) => {
        try {
          fn(id);
        } catch (err) {
          const e = err as { code: string; localized(l: string): string };
          return {
            code: e.code,
            zh: e.localized('zh-CN').replace(String(id), '#'),
            en: e.localized('en').replace(String(id), '#'),
            event: lastDenied(),
          };
        }
        throw new Error(`record ${id} was reachable`);
      };
      const tries: [string, (id: number) => unknown][] = [
        ['history', (id) => recordHistoryOf(s, id)],
        ['update', (id) => updateRecord(s, id, 1, { memo: '试探' })],
        ['delete', (id) => deleteRecord(s, id, 1, '试探一下')],
        // Accountants may not reveal at all: refused for the role before the id is looked up.
        ['reveal', (id) => revealRecord(s, id, '试探一下')],
      ];
      for (const [name, fn] of tries) {
        const forbidden = attempt(fn, hidden.id);
        const absent = attempt(fn, missing);
        expect(absent, name).toEqual(forbidden);
        expect(forbidden.code, name).toBe(name === 'reveal' ? 'E_FORBIDDEN' : 'E_NOT_FOUND');
      }
    });
    await as(manager, (s) => {
      const rows = s.orm
        .select()
        .from(paymentRecords)
        .where(and(eq(paymentRecords.id, hidden.id)))
        .all();
      expect(rows[0]).toMatchObject({ version: 1, memo: null, deletedAt: null });
    });
  });

  it('nothing of a full account number reaches the vault folder in the clear', () => {
    for (const f of filesUnder(vault.dir))
      expect(readFileSync(f).includes(Buffer.from(FULL_ACCOUNT)), path.basename(f)).toBe(false);
  });
});
