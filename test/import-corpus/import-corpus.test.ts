/**
 * The import acceptance corpus (issue 14, Must show): every file in ../shared/corpus (public
 * sample exports, never committed here) must read as its format with the right number of records
 * and in/out totals, and no rejected row. The figures below were derived by reading each file by
 * hand, row by row, applying the rules written at the top of each reader; the derivation is noted
 * per entry. Some samples were edited by their publishers, so `declared` (the file's own summary
 * lines, kept as the file states them) need not match the rows; `declaredMatches` says when it must.
 *
 * The other readers add their files to CASES: one entry per file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toMinor } from '../../src/core/import/amount';
import { readImport } from '../../src/core/import/detect';
import type { Declared, FormatId } from '../../src/core/import/types';
import { BANK_CN_CASES } from './bank-cn-cases';

const CORPUS = path.resolve(__dirname, '../..', '../shared/corpus');

interface CorpusCase {
  /** Path under ../shared/corpus. */
  file: string;
  format: FormatId;
  /** The encoding detection must find (text files only). */
  encoding?: string;
  records: number;
  inCount: number;
  inMinor: number;
  outCount: number;
  outMinor: number;
  /** Rejected rows; 0 unless a row in the file is genuinely unreadable. */
  rejected?: number;
  /** What the file's summary lines state, as read (a subset is checked). */
  declared?: Declared;
  /** True for a complete, unedited export: the rows' totals must equal `declared`. */
  declaredMatches?: boolean;
  /** The sheet detection must choose, for a workbook. */
  sheet?: string;
}

const CASES: CorpusCase[] = [
  // 10 data rows (lines 26-35). out: 49.74 亲友代付, 20.00 等待确认收货, 9.90, 82.00 = 161.64.
  // in: 16.03 退款-亲情卡 (不计收支, its original is not in the file: money back), 222228.50 转账.
  // Skipped: 99.34 fund sold into 余额宝 (neutral), 82.00 不计收支 交易关闭 (failed), 50.00 一卡通
  // 交易关闭 (failed) and its 50.00 refund ref 2023xxxxx88_… (neutral: the pair nets to nothing).
  // The preamble's totals (66 records, 收入 1笔 28.50, 支出 63笔 16.54) were edited by the publisher.
  {
    file: 'alipay/deb-sig_alipay-2023.csv',
    format: 'alipay',
    encoding: 'gb18030',
    records: 6,
    inCount: 2,
    inMinor: 22224453,
    outCount: 4,
    outMinor: 16164,
    declared: { inCount: 1, inMinor: 2850, outCount: 63, outMinor: 1654, from: '2023-02-10 00:00:00' },
  },
  // 16 data rows (lines 3-18). out: 6.51, 87.90, 79.00, 31.00, 7.50 = 211.91. in: 0.11 余额宝
  // 收益发放, 10.00 and 42.00 收入 = 52.11. Skipped: the 109.90 payment 交易关闭 (failed) and both
  // of its refund rows (其他 and 收入 退款成功: neutral, original closed); 余额宝 转入 2.00 and fund
  // 买入/卖出 50.00, 15.40, 3000.00, 20.00 (neutral). Trailer totals masked ("x笔") and edited.
  {
    file: 'alipay/deb-sig_alipay-app-2021.csv',
    format: 'alipay',
    encoding: 'gb18030',
    records: 8,
    inCount: 3,
    inMinor: 5211,
    outCount: 5,
    outMinor: 21191,
    declared: { inCount: 0, inMinor: 0, outMinor: 123456 },
  },
  // 7 data rows (lines 6-12). out: 27.00, 27.00, 3000.00 = 3054.00. in: 0.01 余额宝 收益, 2725.42
  // partial refund 987654_321 of 987654 (交易成功, 成功退款 2725.42) = 2725.43. Skipped: 83.00
  // 交易关闭 (failed) and its refund 202011_133899 (neutral). Trailer: 已收入 1笔 0.01, 已支出 1笔 27 (edited).
  {
    file: 'alipay/deb-sig_alipay-web-legacy-2021.csv',
    format: 'alipay',
    encoding: 'gb18030',
    records: 5,
    inCount: 2,
    inMinor: 272543,
    outCount: 3,
    outMinor: 305400,
    declared: { inCount: 1, inMinor: 1, outCount: 1, outMinor: 2700 },
  },
  // 27 data rows (lines 18-44). 11 支出: 28.16, 12.00, 500.00, 2243.46 亲属卡, 12.00, 12.00, 36.99,
  // 9.90, 50.0, 0.01, 0.01 = 2904.53. 5 收入: 0.35, 23.00, 0.07, 0.07, 5.00 = 28.49. 11 "/" rows
  // (零钱通, 提现, 理财通, 信用卡还款, 充值) neutral. Preamble totals (1笔 0.35 / 1笔 28.16) edited.
  {
    file: 'wechat/deb-sig_wechat.csv',
    format: 'wechat',
    encoding: 'utf-8',
    records: 16,
    inCount: 5,
    inMinor: 2849,
    outCount: 11,
    outMinor: 290453,
    declared: { inCount: 1, inMinor: 35, outCount: 1, outMinor: 2816 },
  },
  // The same 27 rows on the active sheet "Sheet1" (2025+ layout, numeric amounts: 50 for ¥50.0).
  {
    file: 'wechat/deb-sig_wechat.xlsx',
    format: 'wechat',
    sheet: 'Sheet1',
    records: 16,
    inCount: 5,
    inMinor: 2849,
    outCount: 11,
    outMinor: 290453,
    declared: { inCount: 1, inMinor: 35, outCount: 1, outMinor: 2816 },
  },
  // 7 data rows (lines 18-24), BOM + CRLF. 5 支出: 20.00, 150.58, 21.40, 420.00, 9.90 = 621.88.
  // 2 收入: 670.00 and the 742.00 refund (已退款￥742.00) = 1412.00, exactly the file's 收入 2笔
  // 1412.00: WeChat counts a refund as income. 支出 19笔 3082.56 covers rows the publisher cut.
  {
    file: 'wechat/trim21_wechat_20200830-20200906.csv',
    format: 'wechat',
    encoding: 'utf-8',
    records: 7,
    inCount: 2,
    inMinor: 141200,
    outCount: 5,
    outMinor: 62188,
    declared: { inCount: 2, inMinor: 141200, outCount: 19, outMinor: 308256 },
  },
  ...BANK_CN_CASES,
];

describe.skipIf(!existsSync(CORPUS))('import corpus (../shared/corpus)', () => {
  it.each(CASES)('$file reads as $format with $records records', async (c) => {
    const result = await readImport(readFileSync(path.join(CORPUS, c.file)));
    expect(result.format).toBe(c.format);
    if (c.encoding) expect(result.detection.encoding?.id).toBe(c.encoding);
    if (c.sheet) expect(result.detection.best?.sheet).toBe(c.sheet);
    const records = result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
    const of = (d: string) => records.filter((r) => r.direction === d);
    const sum = (d: string) => of(d).reduce((s, r) => s + toMinor(r.amount), 0);
    const rejected = result.rows.filter((r) => r.kind === 'rejected');
    expect(rejected.map((r) => `${r.line}: ${r.kind === 'rejected' ? r.reason : ''}`)).toHaveLength(c.rejected ?? 0);
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
    if (c.declaredMatches) {
      expect(result.declared).toMatchObject({
        inCount: c.inCount,
        inMinor: c.inMinor,
        outCount: c.outCount,
        outMinor: c.outMinor,
      });
    }
    // Every record carries what the importer needs: a date-time, an exact amount, its source row.
    for (const r of result.rows) {
      if (r.kind !== 'record') continue;
      expect(r.record.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/);
      expect(r.record.amount).toMatch(/^\d+\.\d{2,}$/);
      expect(r.source.length).toBeGreaterThan(0);
    }
  });
});

if (!existsSync(CORPUS)) {
  console.log(`import corpus: skipped, ${CORPUS} does not exist`);
}
