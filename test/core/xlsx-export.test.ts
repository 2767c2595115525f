import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/clients/clients';
import { addRecord } from '../../src/core/records/index';
import { exportBaseName } from '../../src/core/records/export-names';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { exportToMemory, memorySave } from '../helpers/exports';
import { exportRecords } from '../../src/core/records/export-records';

let vault: TestVault;
let manager: Staff;
let clientId = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

async function open(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

/** Column number by header text, as a user finds a column. */
function col(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  const i = values.indexOf(header);
  expect(i, `column ${header}`).toBeGreaterThan(0);
  return i;
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  manager = await addStaff(first.session, vault, 'manager', 'mgr');
  first.session.lock();
  await activate(vault, manager);
  await as(manager, (s) => {
    clientId = createClient(s, { name: '杭州明达' }).id;
    const base = { clientId, counterparty: '某某公司' };
    addRecord(s, {
      ...base,
      occurredAt: '2024-03-05 10:30',
      direction: 'in',
      amount: '1234.56',
      counterparty: '=1+1',
      counterpartyAccount: '6222021234567890123',
      reference: '2024030512345678901',
    });
    addRecord(s, { ...base, occurredAt: '2024-03-06', direction: 'out', amount: '200.10', memo: '房租' });
    addRecord(s, { ...base, occurredAt: '2024-03-31 23:59', direction: 'out', amount: '0.30', memo: '手续费' });
    // Outside the period: not in the export.
    addRecord(s, { ...base, occurredAt: '2024-04-01 00:00', direction: 'in', amount: '99' });
  });
});
afterAll(async () => vault.cleanup());

describe('an XLSX export opens as a working spreadsheet', () => {
  it('has numbers for amounts, dates for dates, text for account numbers and formulas, a totals row and a frozen header', async () => {
    await as(manager, async (s) => {
      const march = { clientId, from: '2024-03-01', to: '2024-03-31' };
      const { bytes, rows } = await exportToMemory(s, march, { format: 'xlsx' });
      expect(rows).toBe(3);
      const sheet = await open(bytes);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const inCol = col(sheet, '收入');
      const outCol = col(sheet, '支出');
      const when = col(sheet, '交易时间');

      const first = sheet.getRow(2);
      expect(first.getCell(inCol).value).toBe(1234.56);
      expect(first.getCell(inCol).numFmt).toBe('0.00');
      expect(first.getCell(outCol).value).toBeNull();
      // A date with a time is a date-time; a date alone is a date (no fake 00:00).
      const dt = first.getCell(when).value as Date;
      expect(dt).toBeInstanceOf(Date);
      expect(dt.toISOString()).toBe('2024-03-05T10:30:00.000Z');
      expect(first.getCell(when).numFmt).toBe('yyyy-mm-dd hh:mm');
      const dateOnly = sheet.getRow(3).getCell(when);
      expect((dateOnly.value as Date).toISOString()).toBe('2024-03-06T00:00:00.000Z');
      expect(dateOnly.numFmt).toBe('yyyy-mm-dd');

      // Account numbers and references stay text (a number would lose digits); =1+1 is no formula.
      const account = first.getCell(col(sheet, '对方账号'));
      expect(account.type).toBe(ExcelJS.ValueType.String);
      expect(account.numFmt).toBe('@');
      expect(first.getCell(col(sheet, '交易流水号')).value).toBe('2024030512345678901');
      const sneaky = first.getCell(col(sheet, '交易对方'));
      expect(sneaky.type).toBe(ExcelJS.ValueType.String);
      expect(sneaky.formula).toBeUndefined();
      expect(String(sneaky.value)).toContain('=1+1');
      expect(first.getCell(col(sheet, '状态')).value).toBe('成功');
      expect(first.getCell(col(sheet, '方向')).value).toBe('收入');
      expect(sheet.getColumn(col(sheet, '交易对方')).width).toBeGreaterThan(15);

      // The totals row: numbers equal to the sum of the rows above.
      const totals = sheet.getRow(5);
      expect(totals.getCell(1).value).toBe('合计');
      const sum = (c: number) =>
        [2, 3, 4].reduce((t, r) => t + Math.round(Number(sheet.getRow(r).getCell(c).value ?? 0) * 100), 0);
      expect(totals.getCell(inCol).value).toBe(sum(inCol) / 100);
      expect(totals.getCell(outCol).value).toBe(200.4);
      expect(totals.getCell(outCol).value).toBe(sum(outCol) / 100);
      expect(totals.getCell(outCol).numFmt).toBe('0.00');
    });
  });

  it('speaks English when the export locale is en', async () => {
    await as(manager, async (s) => {
      const { bytes } = await exportToMemory(
        s,
        { clientId, from: '2024-03-01', to: '2024-03-31' },
        { format: 'xlsx', locale: 'en' },
      );
      const sheet = await open(bytes);
      expect(sheet.getRow(2).getCell(col(sheet, 'Status')).value).toBe('Succeeded');
      expect(sheet.getRow(5).getCell(1).value).toBe('Total');
    });
  });

  it('is named after the client and the period', async () => {
    await as(manager, async (s) => {
      const { save, files } = memorySave();
      const saved = await exportRecords(
        s,
        { clientId, from: '2024-03-01', to: '2024-03-31' },
        { format: 'xlsx', save },
      );
      expect(files[0]!.name).toBe('杭州明达-2024年03月-支付记录.xlsx');
      expect(saved!.rows).toBe(3);
      await exportRecords(s, { from: '2024-01-01', to: '2024-12-31' }, { format: 'csv', save });
      expect(files[1]!.name).toBe('全部客户-2024年-支付记录.csv');
    });
    expect(exportBaseName('A/B:C*?"<>|', { from: '2024-03-05', to: '2024-03-20' }, 'zh-CN')).toBe(
      'A_B_C______-20240305-20240320-支付记录',
    );
  });
});
