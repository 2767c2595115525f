/** OFX/QFX, QIF and MT940 readers on hand-made fixtures: the rules, truncation and detection. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mt940Reader, readMt940, readMt940Statements } from '../../../src/core/import/mt940';
import { ofxDate, ofxReader, readOfx } from '../../../src/core/import/ofx';
import { qifReader, readQif } from '../../../src/core/import/qif';
import { decimalText } from '../../../src/core/import/statement-text';
import type { ImportedRow } from '../../../src/core/import/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/intl');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const records = (rows: ImportedRow[]) => rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));

describe('amounts as exact text', () => {
  it.each([
    ['1.234,56', '1234.56', false],
    ['1,234.56', '1234.56', false],
    ['-1 234,5', '1234.50', true],
    ['15000,', '15000.00', false],
    ['(12.30)', '12.30', true],
    ['0.123456789', '0.123456789', false],
    ['1,234', '1234.00', false],
  ])('%s', (raw, amount, negative) => expect(decimalText(raw)).toEqual({ amount, negative }));
  it('refuses what is not one amount', () => {
    for (const raw of ['1.2.3,4,5', 'abc', '', '1,2,3', '--5']) expect(decimalText(raw)).toBeNull();
  });
});

describe('OFX reader', () => {
  it('reads OFX 1.x SGML: unclosed leaves, a raw &, time zones moved to Beijing time, empty NAME', () => {
    const { rows, declared } = readOfx(fixture('ofx-v1-sgml.ofx'));
    expect(declared).toEqual({ account: '00012345', currency: 'USD', from: '2024-01-01', to: '2024-01-31' });
    expect(rows.map((r) => r.kind)).toEqual(['record', 'record', 'skipped', 'record']);
    expect(records(rows)).toEqual([
      // 23:30 New York (-5) is 12:30 the next day in Beijing.
      {
        occurredAt: '2024-01-16 12:30:00',
        direction: 'out',
        amount: '1234.56',
        currency: 'USD',
        channel: 'bank',
        counterparty: 'AT&T Wireless',
        reference: 'F1',
        memo: 'Phone & data',
      },
      {
        occurredAt: '2024-01-16',
        direction: 'in',
        amount: '500.00',
        currency: 'USD',
        channel: 'bank',
        counterparty: 'ACME Payroll',
        reference: 'F2',
        memo: 'Salary',
      },
      // An empty NAME: the memo names it; CURRENCY/CURSYM overrides CURDEF; +8 stays 08:00.
      {
        occurredAt: '2024-01-18 08:00:00',
        direction: 'in',
        amount: '88.80',
        currency: 'CNY',
        channel: 'bank',
        counterparty: 'Refund shop',
        reference: 'F4',
        memo: 'Refund shop',
      },
    ]);
    expect(rows[0]!.source).toMatch(/^<STMTTRN><TRNTYPE>DEBIT.*<\/STMTTRN>$/);
    expect(rows[0]!.line).toBe(11);
  });

  it('reads OFX 2.x XML with a character reference', () => {
    const { rows, declared } = readOfx(fixture('ofx-v2.ofx'));
    expect(declared).toMatchObject({ account: '4111111111111111', currency: 'EUR' });
    expect(records(rows)).toEqual([
      {
        occurredAt: '2024-02-10 18:00:00',
        direction: 'out',
        amount: '42.10',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Café Central',
        reference: 'C1',
      },
    ]);
  });

  it('DTPOSTED forms', () => {
    expect(ofxDate('20240101')).toBe('2024-01-01');
    expect(ofxDate('20240101000000')).toBe('2024-01-01 08:00:00'); // no zone: GMT, as OFX says
    expect(ofxDate('20240101120000.000[+5.30:IST]')).toBe('2024-01-01 14:30:00');
    expect(ofxDate('20240101120000[-3:30]')).toBe('2024-01-01 23:30:00'); // -3:30 as written by some banks
    expect(ofxDate('20240230')).toBeNull();
  });

  it('a truncated file is an error; a DOCTYPE is refused', () => {
    const text = fixture('ofx-v1-sgml.ofx');
    for (const cut of [text.length - 10, text.indexOf('<STMTTRN>', 400) + 30]) {
      expect(() => readOfx(text.slice(0, cut))).toThrow(/ofx: .*truncated\?/);
    }
    expect(() => readOfx('<!DOCTYPE OFX [<!ENTITY a "b">]><OFX></OFX>')).toThrow(/ofx: .*refused/);
    expect(() => readOfx('hello')).toThrow(/not an OFX file/);
  });

  it('detects OFX by its header', () => {
    expect(ofxReader.detect(fixture('ofx-v1-sgml.ofx'))).toBeGreaterThan(0.9);
    expect(ofxReader.detect(fixture('ofx-v2.ofx'))).toBeGreaterThan(0.9);
    expect(ofxReader.detect(':20:X')).toBe(0);
  });
});

describe('QIF reader', () => {
  it('reads day-first dates (inferred from 25/12), decimal-comma amounts with grouping, splits as one record', () => {
    const { rows } = readQif(fixture('qif-dmy.qif'));
    expect(records(rows)).toEqual([
      {
        occurredAt: '2023-12-25',
        direction: 'out',
        amount: '1234.56',
        currency: 'CNY',
        counterparty: 'Bäckerei Schmidt',
        reference: '4711',
        memo: 'Weihnachtsgebäck',
        category: 'Food',
      },
      { occurredAt: '2024-01-02', direction: 'in', amount: '250.00', currency: 'CNY', counterparty: 'Refund Shop' },
      {
        occurredAt: '2024-01-03',
        direction: 'out',
        amount: '30.00',
        currency: 'CNY',
        counterparty: 'Split Shop',
        memo: 'Household -10,00; Garden -20,00 (Plants)',
        category: 'Household; Garden',
      },
    ]);
    expect(rows[1]).toMatchObject({ line: 2, source: expect.stringContaining('D25/12/2023') });
  });

  it('the day order: the file states it, else the caller, else the dates, else month first', () => {
    const one = '!Type:Bank\nD02/01/2024\nT-1.00\nPX\n^\n';
    expect(records(readQif(one).rows)[0]!.occurredAt).toBe('2024-02-01');
    expect(records(readQif(one, { dayOrder: 'DMY' }).rows)[0]!.occurredAt).toBe('2024-01-02');
    expect(records(readQif(`!Option:DMY\n${one}`, { dayOrder: 'MDY' }).rows)[0]!.occurredAt).toBe('2024-01-02');
    expect(records(readQif("!Type:Cash\nD12/31'99\nT5\nPY\n^\n").rows)[0]!.occurredAt).toBe('2099-12-31');
    expect(() => readQif('!Type:Bank\nD13/01/2024\nT1\n^\nD01/13/2024\nT1\n^\n')).toThrow(
      /both day-month and month-day/,
    );
  });

  it('a file cut inside a transaction is an error, not one transaction fewer', () => {
    expect(() => readQif('!Type:Bank\nD1/2/2024\nT-1.00\n^\nD1/3/2024\nT-2.0')).toThrow(
      /qif: the file ends inside an item that began at line 5 .*truncated/,
    );
  });

  it('detects QIF by its header', () => {
    expect(qifReader.detect('!Type:Bank\nD1/1/2024')).toBeGreaterThan(0.8);
    expect(qifReader.detect('<OFX>')).toBe(0);
  });
});

describe('MT940 reader', () => {
  it('reads German structured :86:, booking dates across a year end, RC, and checks the balance', () => {
    const { result, statements } = readMt940Statements(fixture('mt940-de.sta'));
    expect(result.declared).toEqual({
      account: '10020030/1234567890',
      currency: 'EUR',
      from: '2023-12-29',
      to: '2024-01-02',
    });
    expect(records(result.rows)).toEqual([
      {
        occurredAt: '2023-12-29',
        direction: 'in',
        amount: '1500.00',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Mustermann GmbH',
        counterpartyAccount: 'DE02120300000000202051',
        reference: 'BANKREF-A',
        memo: 'GUTSCHRIFT: EREF+INV-2023-99 SVWZ+Rechnung 2023-99 vielen Dank',
      },
      {
        occurredAt: '2024-01-02',
        direction: 'out',
        amount: '250.50',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Vermieter AG',
        reference: 'BANKREF-B',
        memo: 'LASTSCHRIFT: MREF+M-1 SVWZ+Miete Januar (ref KREF77)',
      },
      // RC, a reversed credit, takes money out; Dutch structured :86: names the counterparty.
      {
        occurredAt: '2024-01-02',
        direction: 'out',
        amount: '100.00',
        currency: 'EUR',
        channel: 'bank',
        counterparty: 'Jan de Vries',
        counterpartyAccount: 'NL91ABNA0417164300',
        reference: 'BANKREF-C',
        memo: 'Reversal correction',
      },
    ]);
    // 1000.00 + 1500.00 - 250.50 - 100.00 = 2149.50, the :62F:.
    expect(statements).toMatchObject([{ lines: 3, opening: 100000n, sum: 114950n, closing: 214950n, balanced: true }]);
    expect(result.rows[0]).toMatchObject({ line: 6, source: expect.stringContaining('?33mann GmbH') });
  });

  it('a statement without its closing balance is a truncated file', () => {
    const text = fixture('mt940-de.sta');
    expect(() => readMt940(text.slice(0, text.indexOf(':62F:')))).toThrow(
      /mt940: the statement at line 2 has no closing balance \(:62F:\): the file looks truncated/,
    );
    expect(() => readMt940('hello')).toThrow(/not an MT940 statement/);
  });

  it('reports an unbalanced statement without hiding its lines', () => {
    const { statements, result } = readMt940Statements(
      fixture('mt940-de.sta').replace(':62F:C240102EUR2149,50', ':62F:C240102EUR2149,51'),
    );
    expect(statements[0]!.balanced).toBe(false);
    expect(records(result.rows)).toHaveLength(3);
  });

  it('detects MT940 by its fields', () => {
    expect(mt940Reader.detect(fixture('mt940-de.sta'))).toBeGreaterThan(0.9);
    expect(mt940Reader.detect('!Type:Bank')).toBe(0);
  });
});
