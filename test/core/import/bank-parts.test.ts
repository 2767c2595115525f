/**
 * The pieces under the bank readers (issue 14): amounts as exact decimal text, dates with and
 * without a year, the preamble, and the generic reader's mapping and its guess from header names.
 */
import { describe, expect, it } from 'vitest';
import { parseDateTime, periodOf, statementMonth } from '../../../src/core/import/bank/dates';
import { describedDirection, markerDirection } from '../../../src/core/import/bank/direction';
import { columnMappingSchema, csvReader, genericReader, readMapped } from '../../../src/core/import/bank/generic';
import { guessMapping } from '../../../src/core/import/bank/guess';
import { currencyCode, parseMoney, toMinor } from '../../../src/core/import/bank/money';
import { readPreamble } from '../../../src/core/import/bank/preamble';
import type { ImportedRecord, ReaderResult, TableRow } from '../../../src/core/import/types';

function money(text: string, decimalComma = false): string {
  const r = parseMoney(text, decimalComma);
  if (!r.ok) return r.empty ? 'empty' : 'not a figure';
  return `${r.money.negative ? '-' : ''}${r.money.amount}${r.money.currency ? ` ${r.money.currency}` : ''}`;
}

function rows(table: string[][]): TableRow[] {
  return table.map((cells, i) => ({ line: i + 1, cells }));
}

function records(result: ReaderResult): ImportedRecord[] {
  return result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
}

describe('amounts', () => {
  it('reads the figures banks write, exactly', () => {
    expect(money('"1,234.56"'.replace(/"/g, ''))).toBe('1234.56');
    expect(money('1,234.56          \t')).toBe('1234.56');
    expect(money('+10000.00')).toBe('10000.00');
    expect(money('-3.90')).toBe('-3.90');
    expect(money('CNY 123.18')).toBe('123.18 CNY');
    expect(money('CNY13.50')).toBe('13.50 CNY');
    expect(money('JPY 1000.00')).toBe('1000.00 JPY');
    expect(money('RMB 5.00')).toBe('5.00 CNY');
    expect(money('¥28.16')).toBe('28.16 CNY');
    expect(money('-¥5.00')).toBe('-5.00 CNY');
    expect(money('"8,000.00(CN)"'.replace(/"/g, ''))).toBe('8000.00');
    expect(money('-3.90(CN)')).toBe('-3.90');
    expect(money('(500.00)')).toBe('-500.00');
    expect(money('12.00 CNY')).toBe('12.00 CNY');
    expect(money('50.0')).toBe('50.00');
    expect(money('0.2')).toBe('0.20');
    expect(money('007.10')).toBe('7.10');
    expect(money('1.234,56', true)).toBe('1234.56');
    expect(money('9999999999999999.99')).toBe('9999999999999999.99');
  });

  it('tells a placeholder (empty on purpose) from a figure it cannot read', () => {
    for (const t of ['', '  ', '-', '--', '-------------------', '\t']) expect(money(t)).toBe('empty');
    // A masked balance, a malformed grouping, an E-notation number: a person must look.
    for (const t of ['xx,yyyy.zz', '1,23.45', '1.5E+3', '12a', '1.2.3']) expect(money(t)).toBe('not a figure');
  });

  it('counts minor units with integers, never floats', () => {
    expect(toMinor('0.01')).toBe(1);
    expect(toMinor('1234.56')).toBe(123456);
    expect(toMinor('8500')).toBe(850000);
    expect(toMinor('0.20')).toBe(20);
    expect(toMinor('1000', 0)).toBe(1000);
    expect(toMinor('1.005')).toBeUndefined();
    expect(toMinor('99999999999999999999')).toBeUndefined();
  });

  it('names currencies as ISO codes', () => {
    expect(currencyCode('人民币')).toBe('CNY');
    expect(currencyCode('人民币元')).toBe('CNY');
    expect(currencyCode('RMB')).toBe('CNY');
    expect(currencyCode('美元')).toBe('USD');
    expect(currencyCode('usd')).toBe('USD');
    expect(currencyCode('港币')).toBe('HKD');
    expect(currencyCode('火星币')).toBeUndefined();
  });
});

describe('directions', () => {
  it('reads 借/贷 marks in Chinese and English', () => {
    expect(markerDirection('借 Dr')).toBe('out');
    expect(markerDirection('贷 Cr')).toBe('in');
    expect(markerDirection('借')).toBe('out');
    expect(markerDirection('D')).toBe('out');
    expect(markerDirection('CR')).toBe('in');
    expect(markerDirection('收入')).toBe('in');
    expect(markerDirection('支出')).toBe('out');
    expect(markerDirection('平')).toBeUndefined();
    expect(markerDirection('收', ['收'], ['付'])).toBe('in');
    expect(markerDirection('借', ['收'], ['付'])).toBeUndefined();
  });

  it('a card description word that brings money back is in; any other spends', () => {
    expect(describedDirection('退货 美团')).toBe('in');
    expect(describedDirection('信用卡还款 转账还款')).toBe('in');
    expect(describedDirection('（还款）云闪付')).toBe('in');
    expect(describedDirection('消费 美团')).toBe('out');
    expect(describedDirection('取现 ATM')).toBe('out');
  });
});

describe('dates', () => {
  it('reads every layout into the core form', () => {
    expect(parseDateTime('2023-05-02')).toBe('2023-05-02');
    expect(parseDateTime('2025/01/05')).toBe('2025-01-05');
    expect(parseDateTime('20250101')).toBe('2025-01-01');
    expect(parseDateTime('2024年1月3日')).toBe('2024-01-03');
    expect(parseDateTime('2025/12/03  14:06:51')).toBe('2025-12-03 14:06:51');
    expect(parseDateTime('2024-01-01T08:05')).toBe('2024-01-01 08:05');
    expect(parseDateTime('45658')).toBe('2025-01-01'); // a date cell as Excel's day count
    expect(parseDateTime('2025-02-30')).toBeUndefined();
    expect(parseDateTime('2025-01-01 25:00:00')).toBeUndefined();
    expect(parseDateTime('以上数据仅供参考')).toBeUndefined();
  });

  it('places a yearless MM/DD in the statement month or the year before', () => {
    const jan = { year: 2024, month: 1 };
    expect(parseDateTime('12/29', jan)).toBe('2023-12-29');
    expect(parseDateTime('01/07', jan)).toBe('2024-01-07');
    expect(parseDateTime('12/29')).toBeUndefined(); // no statement month: no guess
    expect(parseDateTime('02/29', { year: 2025, month: 3 })).toBeUndefined();
  });

  it('day-first and month-first only when the mapping says so', () => {
    expect(parseDateTime('03/05/2024')).toBeUndefined();
    expect(parseDateTime('03/05/2024', undefined, 'dmy')).toBe('2024-05-03');
    expect(parseDateTime('03/05/2024', undefined, 'mdy')).toBe('2024-03-05');
    expect(parseDateTime('31.12.24', undefined, 'dmy')).toBe('2024-12-31');
  });

  it('finds the statement month and period in preamble text', () => {
    expect(statementMonth('招商银行信用卡对账单（个人消费卡账户 2024年01月）（补）')).toEqual({ year: 2024, month: 1 });
    expect(statementMonth('中国银行信用卡账单(2025年01月)')).toEqual({ year: 2025, month: 1 });
    expect(periodOf('20251201-20251231')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodOf('[2024-01-01 00:00:00, 2024-03-31 23:59:59]')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  });

  it('reads the account, currency and period of a preamble, the account masked as given', () => {
    expect(readPreamble([['卡号: 1234****9876', '卡别名: 这是卡别名']]).declared).toEqual({ account: '1234****9876' });
    expect(
      readPreamble([
        ['账\u3000\u3000号：', 'xxxxx****xxxx'],
        ['币\u3000\u3000种：', '人民币'],
      ]).declared,
    ).toEqual({
      account: 'xxxxx****xxxx',
      currency: 'CNY',
    });
    expect(
      readPreamble([
        ['起始日期', '2024-01-01'],
        ['截止日期', '2024-12-31'],
      ]).declared,
    ).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });
});

describe('the generic reader', () => {
  const table = rows([
    ['Statement of account 0001'],
    ['Date', 'Details', 'Amount', 'D/C', 'Ref'],
    ['31.12.2024', 'Coffee shop', '4,50', 'D', 'R1'],
    ['02.01.2025', 'Client Ltd', '1.200,00', 'C', 'R2'],
    ['03.01.2025', 'Bad row', 'n/a', 'D', 'R3'],
  ]);
  const mapping = {
    headerRow: 2,
    date: 'Date',
    amount: 'Amount',
    direction: { column: 'D/C', in: ['C'], out: ['D'] },
    counterparty: 'Details',
    reference: 'Ref',
    dateFormat: 'DD-MM-YYYY' as const,
    decimalComma: true,
    defaultCurrency: 'EUR',
  };

  it('reads by a saved mapping: decimal comma, day-first dates, its own D/C words', () => {
    const r = readMapped(mapping, table);
    expect(r.format).toBe('csv');
    expect(records(r)).toEqual([
      {
        occurredAt: '2024-12-31',
        direction: 'out',
        amount: '4.50',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Coffee shop',
        reference: 'R1',
      },
      {
        occurredAt: '2025-01-02',
        direction: 'in',
        amount: '1200.00',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Client Ltd',
        reference: 'R2',
      },
    ]);
    expect(r.rows.at(-1)).toMatchObject({
      kind: 'rejected',
      line: 5,
      why: { key: 'importRow.notAmount', params: { value: 'n/a' } },
    });
  });

  it('columns by position work as well as by name', () => {
    const r = readMapped(
      {
        ...mapping,
        date: 0,
        amount: 2,
        direction: { column: 3, in: ['C'], out: ['D'] },
        counterparty: 1,
        reference: 4,
      },
      table,
    );
    expect(records(r).map((x) => x.amount)).toEqual(['4.50', '1200.00']);
  });

  it('a mapping saved for another layout refuses every row instead of misreading them', () => {
    const r = readMapped({ ...mapping, counterparty: 'Payee' }, table);
    expect(records(r)).toEqual([]);
    expect(r.rows.filter((x) => x.kind === 'rejected')).toHaveLength(3);
    expect(r.rows[2]).toMatchObject({
      why: { key: 'importRow.mappingColumnsMissing', params: { columns: '“Payee”' } },
    });
  });

  it('the schema refuses a mapping with neither one amount nor in and out', () => {
    expect(columnMappingSchema.safeParse({ headerRow: 1, date: 'Date', counterparty: 'Payee' }).success).toBe(false);
    expect(columnMappingSchema.safeParse({ headerRow: 1, date: 'Date', in: 'In', counterparty: 'Payee' }).success).toBe(
      false,
    );
    expect(
      columnMappingSchema.safeParse({
        headerRow: 1,
        date: 'Date',
        amount: 'A',
        in: 'In',
        out: 'Out',
        counterparty: 'P',
      }).success,
    ).toBe(false);
    const ok = columnMappingSchema.parse({ headerRow: 1, date: 'Date', in: 'In', out: 'Out', counterparty: 'Payee' });
    expect(ok).toMatchObject({ positive: 'in', defaultCurrency: 'CNY', dateFormat: 'YYYY-MM-DD', decimalComma: false });
  });

  it('guesses a mapping from Chinese header names, a credit card from its title', () => {
    const head = rows([
      ['某某银行信用卡账单'],
      ['交易日', '记账日', '交易描述', '金额', '币种', '流水号'],
      ['2025-01-02', '2025-01-03', '某某商店', '12.00', '人民币', 'A1'],
      ['', '2025-01-05', '还款', '-100.00', '人民币', 'A2'],
    ]);
    expect(guessMapping(head)).toEqual({
      headerRow: 2,
      date: ['交易日', '记账日'],
      amount: '金额',
      counterparty: '交易描述',
      currency: '币种',
      reference: '流水号',
      dateFormat: 'YYYY-MM-DD',
      positive: 'out',
      channel: 'card',
    });
    const r = csvReader.read(head);
    expect(records(r).map((x) => `${x.occurredAt} ${x.direction} ${x.amount} ${x.reference}`)).toEqual([
      '2025-01-02 out 12.00 A1',
      '2025-01-05 in 100.00 A2',
    ]);
    expect(csvReader.detect(head)).toBe(0.3);
    expect(() => readMapped({ headerRow: 0, date: 'x', amount: 'y', counterparty: 'z' }, head)).toThrow(
      /column mapping is not valid: headerRow/,
    );
  });

  it('guesses separate in/out columns in English and a day-first date order from the data', () => {
    const head = rows([
      ['Date', 'Description', 'Money In', 'Money Out'],
      ['25/12/2024', 'Salary', '100.00', ''],
    ]);
    expect(guessMapping(head)).toMatchObject({
      headerRow: 1,
      date: 'Date',
      in: 'Money In',
      out: 'Money Out',
      counterparty: 'Description',
      dateFormat: 'DD-MM-YYYY',
    });
  });

  it('no header it recognises: detection says no, reading refuses every row', () => {
    const head = rows([
      ['hello', 'world'],
      ['1', '2'],
    ]);
    expect(guessMapping(head)).toBeUndefined();
    expect(genericReader().detect(head)).toBe(0);
    expect(
      genericReader()
        .read(head)
        .rows.every((r) => r.kind === 'rejected'),
    ).toBe(true);
  });
});
