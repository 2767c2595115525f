/**
 * The import corpus for the international statement formats (issue 14, Must show): camt.053,
 * OFX/QFX, QIF and MT940 files in ../shared/corpus (public samples from genkgo/camt,
 * jseutter/ofxparse, isaacharrisholt/quiffen and wolph/mt940; never committed here), read through
 * format and encoding detection like any import, skipped when the corpus is absent.
 *
 * The figures were derived by reading each file by hand: counting its entries (Ntry, STMTTRN,
 * cash-section QIF items, :61: lines) and adding their amounts by direction with the rules at the
 * top of each reader; the derivation is noted per entry. MT940 balance checks (opening + lines =
 * closing, per statement) are stated per file: several samples were edited by their publishers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImport } from '../../src/core/import/detect';
import { readMt940Statements } from '../../src/core/import/mt940';
import { minorOf } from '../../src/core/import/statement-text';
import type { Declared, FormatId } from '../../src/core/import/types';

const CORPUS = path.resolve(__dirname, '../..', '../shared/corpus');

interface IntlCase {
  file: string;
  format: FormatId;
  records: number;
  inCount: number;
  inMinor: number;
  outCount: number;
  outMinor: number;
  rejected?: number;
  declared?: Declared;
}

const CASES: IntlCase[] = [
  // One Ntry: CRDT EUR 8.85 booked 2014-12-31 (the SEK/CHF/JPY balances are the sample's, not entries).
  {
    file: 'camt053/genkgo_camt053.v2.minimal.xml',
    format: 'camt053',
    records: 1,
    inCount: 1,
    inMinor: 885,
    outCount: 0,
    outMinor: 0,
    declared: { account: 'NL26VAYB8060476890', currency: 'EUR' },
  },
  // Two Stmt of the same account: CRDT 8.85 (statement 253…), DBIT 7.00 (statement 254…). No TxsSummry.
  {
    file: 'camt053/genkgo_camt053.v2.multi.statement.xml',
    format: 'camt053',
    records: 2,
    inCount: 1,
    inMinor: 885,
    outCount: 1,
    outMinor: 700,
    declared: { account: 'NL26VAYB8060476890', currency: 'EUR' },
  },
  // One Ntry CRDT EUR 8.85 (its TxDtls says SEK 0: the entry's amount is the booking); account in Othr/Id.
  {
    file: 'camt053/genkgo_camt053.v4.xml',
    format: 'camt053',
    records: 1,
    inCount: 1,
    inMinor: 885,
    outCount: 0,
    outMinor: 0,
    declared: { account: 'NL26VAYB8060476890' },
  },
  // As v4, with BookgDt/DtTm 13:15+01:00 (20:15 in Beijing) and Sts/Cd.
  {
    file: 'camt053/genkgo_camt053.v8.xml',
    format: 'camt053',
    records: 1,
    inCount: 1,
    inMinor: 885,
    outCount: 0,
    outMinor: 0,
    declared: { account: 'NL26VAYB8060476890' },
  },
  // OFX 2 header, SGML body: one STMTTRN, TRNAMT -5.50 AUD.
  {
    file: 'ofx/ofxparse_anzcc.ofx',
    format: 'ofx',
    records: 1,
    inCount: 0,
    inMinor: 0,
    outCount: 1,
    outMinor: 550,
    declared: { account: '1234123412341234', currency: 'AUD' },
  },
  // Three STMTTRN on single lines: -6.60, -316.67, -22.00 CAD = 345.27 out.
  {
    file: 'ofx/ofxparse_bank_medium.ofx',
    format: 'ofx',
    records: 3,
    inCount: 0,
    inMinor: 0,
    outCount: 3,
    outMinor: 34527,
    declared: { account: '12300 000012345678', currency: 'CAD' },
  },
  // QFX: one STMTTRN -10.00 USD.
  {
    file: 'ofx/ofxparse_chase_cc.qfx',
    format: 'ofx',
    records: 1,
    inCount: 0,
    inMinor: 0,
    outCount: 1,
    outMinor: 1000,
    declared: { account: '0123012301230123', currency: 'USD' },
  },
  // +0.01 dividend; -34.51 and -25.00 = 59.51 out.
  {
    file: 'ofx/ofxparse_checking.ofx',
    format: 'ofx',
    records: 3,
    inCount: 1,
    inMinor: 1,
    outCount: 2,
    outMinor: 5951,
    declared: { account: '1452687~7', currency: 'USD' },
  },
  // Every leaf closed, many empty: one STMTTRN +12.34 (CURRENCY/CURSYM AUD; CURDEF empty).
  {
    file: 'ofx/ofxparse_ofx-v102-empty-tags.ofx',
    format: 'ofx',
    records: 1,
    inCount: 1,
    inMinor: 1234,
    outCount: 0,
    outMinor: 0,
    declared: { account: '12345678' },
  },
  // OFX 2 XML with CDATA: one STMTTRN -16.85 AUD.
  {
    file: 'ofx/ofxparse_suncorp.ofx',
    format: 'ofx',
    records: 1,
    inCount: 0,
    inMinor: 0,
    outCount: 1,
    outMinor: 1685,
    declared: { account: '123456789', currency: 'AUD' },
  },
  // !Type:Bank: Opening Balance 0.00 (summary), +67.50 T-Mobile (split -15.00/+82.50), +32.00,
  // -10.00 Target (split), -25.00 Walmart, -100.00 Amazon (4 splits): in 99.50, out 135.00.
  // Class, Cat and Security lists are header material; the Invst buy is neutral.
  { file: 'qif/quiffen_test.qif', format: 'qif', records: 5, inCount: 2, inMinor: 9950, outCount: 3, outMinor: 13500 },
  // Latin-1, !Option:MDY, dates "10.18.23": Eröffnungssaldo 0.00 (summary) and +200.00 Donor
  // (split 200.00/0.00); the !Type:Memorized copy of it is a list item, not a payment.
  {
    file: 'qif/quiffen_test_FMQifTest2023-10-18.qif',
    format: 'qif',
    records: 1,
    inCount: 1,
    inMinor: 20000,
    outCount: 0,
    outMinor: 0,
    declared: { account: 'KD-Bank Berlin' },
  },
  // One item "D1/ 1'00", T-10.00 split -9.00/-1.00.
  {
    file: 'qif/quiffen_test_split.qif',
    format: 'qif',
    records: 1,
    inCount: 0,
    inMinor: 0,
    outCount: 1,
    outMinor: 1000,
  },
  // 31 statements, 8 :61: lines. in: 1000.00 + 828.72 + 1000.18 = 2828.90;
  // out: 65.00 + 801.55 + 1.65 + 1000.00 + 903.76 = 2771.96. 444.29 + 2828.90 - 2771.96 = 501.23, the last :62F:.
  {
    file: 'mt940/wolph_asnb_mt940.txt',
    format: 'mt940',
    records: 8,
    inCount: 3,
    inMinor: 282890,
    outCount: 5,
    outMinor: 277196,
    declared: { account: 'NL81ASNB9999999999', currency: 'EUR' },
  },
  // Two accounts (:25: …400888 and …600888). The first account's 4 lines are records:
  // CR 50990.05 + 154551.93 + 154551.93 = 360093.91 in, DR 1500.00 out; the second
  // account's 7 lines are rejected as another account's (read them with { account }; see below).
  {
    file: 'mt940/wolph_betterplace_sepa_snippet.sta',
    format: 'mt940',
    records: 4,
    inCount: 3,
    inMinor: 36009391,
    outCount: 1,
    outMinor: 150000,
    rejected: 7,
    declared: { account: '50880050/0194787400888' },
  },
  // Two statements (:60F:/:62F:, :60M:/:62M:), all debits: 321.44 + 24.49 = 345.93.
  {
    file: 'mt940/wolph_jejik_abnamro.sta',
    format: 'mt940',
    records: 10,
    inCount: 0,
    inMinor: 0,
    outCount: 10,
    outMinor: 34593,
    declared: { account: '517852257' },
  },
  // in 3.68 + 1.00; out 25.03 + 3.03 + 1.11 + 20.00 + 1.10 = 50.27. The trailing :86:
  // "D000004C000002D25,24C28,71" declares 4 debits 25.24 and 2 credits 28.71: an edited sample.
  {
    file: 'mt940/wolph_jejik_ing.sta',
    format: 'mt940',
    records: 7,
    inCount: 2,
    inMinor: 468,
    outCount: 5,
    outMinor: 5027,
    declared: { account: '0001234567', inCount: 2, inMinor: 2871, outCount: 4, outMinor: 2524 },
  },
  // SOH/ETX framed; three CN 0,01 lines.
  {
    file: 'mt940/wolph_mbank_mt940.sta',
    format: 'mt940',
    records: 3,
    inCount: 3,
    inMinor: 3,
    outCount: 0,
    outMinor: 0,
    declared: { account: 'PL29114010810000267002001002', currency: 'PLN' },
  },
  // :NS: fields instead of :86:; three DF lines 2402.00 + 3460.00 + 3575.00 = 9437.00 HUF.
  {
    file: 'mt940/wolph_sberbank_171011_01234945.sta',
    format: 'mt940',
    records: 3,
    inCount: 0,
    inMinor: 0,
    outCount: 3,
    outMinor: 943700,
    declared: { account: '1966315302010001', currency: 'HUF' },
  },
];

/** Per MT940 file, each statement's opening + lines = closing, in file order, as checked by hand. */
const BALANCES: Record<string, boolean[]> = {
  'mt940/wolph_asnb_mt940.txt': Array<boolean>(31).fill(true),
  // 766656.49 + 360093.91 - 1500.00 = 1125250.40 ✓; -1970431.87 - 2501917.30 = -4472349.17, not -4472049.09.
  'mt940/wolph_betterplace_sepa_snippet.sta': [true, false],
  // 3236.28 - 321.44 = 2914.84, not 876.84; 2876.84 - 24.49 = 2852.35, not 1849.75 (edited sample).
  'mt940/wolph_jejik_abnamro.sta': [false, false],
  // 0.00 + 4.68 - 50.27 = -45.59, not 3.47 (edited sample).
  'mt940/wolph_jejik_ing.sta': [false],
  'mt940/wolph_mbank_mt940.sta': [true],
  'mt940/wolph_sberbank_171011_01234945.sta': [true],
};

describe.skipIf(!existsSync(CORPUS))('import corpus: camt.053, OFX, QIF, MT940 (../shared/corpus)', () => {
  it.each(CASES)('$file reads as $format with $records records', async (c) => {
    const result = await readImport(readFileSync(path.join(CORPUS, c.file)));
    expect(result.format).toBe(c.format);
    const records = result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
    const of = (d: string) => records.filter((r) => r.direction === d);
    const sum = (d: string) => Number(of(d).reduce((s, r) => s + minorOf(r.amount, r.currency), 0n));
    expect(result.rows.filter((r) => r.kind === 'rejected')).toHaveLength(c.rejected ?? 0);
    expect({
      records: records.length,
      inCount: of('in').length,
      inMinor: sum('in'),
      outCount: of('out').length,
      outMinor: sum('out'),
    }).toEqual({
      records: c.records,
      inCount: c.inCount,
      inMinor: c.inMinor,
      outCount: c.outCount,
      outMinor: c.outMinor,
    });
    if (c.declared) expect(result.declared).toMatchObject(c.declared);
    for (const r of result.rows) {
      if (r.kind !== 'record') continue;
      expect(r.record.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/);
      expect(r.record.amount).toMatch(/^\d+\.\d{2,}$/);
      expect(r.record.counterparty).not.toBe('');
      expect(r.source.length).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(BALANCES))('%s: opening + lines = closing per statement', (file, expected) => {
    const { statements } = readMt940Statements(readFileSync(path.join(CORPUS, file), 'utf8'));
    expect(statements.map((s) => s.balanced)).toEqual(expected);
  });

  it("betterplace's second account reads on its own: 5 in 1070651.81, 2 out 3572569.11", () => {
    const text = readFileSync(path.join(CORPUS, 'mt940/wolph_betterplace_sepa_snippet.sta'), 'utf8');
    const { result } = readMt940Statements(text, { account: '50880050/0194791600888' });
    const records = result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
    const total = (d: string) =>
      records.filter((r) => r.direction === d).reduce((s, r) => s + minorOf(r.amount, 'EUR'), 0n);
    expect([records.length, total('in'), total('out')]).toEqual([7, 107065181n, 357256911n]);
    expect(result.rows.filter((r) => r.kind === 'rejected')).toHaveLength(4);
  });
});
