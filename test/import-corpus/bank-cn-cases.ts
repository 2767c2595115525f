/**
 * The corpus entries for ../shared/corpus/bank-cn (issue 14), one per file, for the table in
 * import-corpus.test.ts. Each figure was derived by reading the file row by row (the .xls/.xlsx
 * through a spreadsheet viewer), applying the bank readers' rules (src/core/import/bank): the
 * derivation is in each comment. Sums add the figures as written; a row in another currency is
 * named where it is added in. None of these files has a summary whose totals match its rows: the
 * two ICBC files carry placeholder totals (1234.56, 9876.54, 6543.21) that the publisher typed
 * over the real ones, and the others state no totals at all.
 */
import type { Declared, FormatId } from '../../src/core/import/types';

export interface BankCorpusCase {
  file: string;
  format: FormatId;
  encoding?: string;
  records: number;
  inCount: number;
  inMinor: number;
  outCount: number;
  outMinor: number;
  declared?: Declared;
}

export const BANK_CN_CASES: BankCorpusCase[] = [
  // ICBC debit v2, 11 rows (lines 8-18), amounts in 记账金额(收入)/(支出), 交易金额 all "-".
  // in: 1,234.56 他行汇入, 1,234.56 工资, 341.58, 30.00, 1.04 = 2841.74. out: 13.40, 1,234.56
  // 自动还款, 1,234.56 银联消费, 500.00, 1,234.56 跨行汇款, 24.00 = 4241.08. Balances masked
  // "xx,yyyy.zz" (not read). Line 20 人民币合计 states 1,234.56 / 9,876.54: placeholders, not the sums.
  {
    file: 'bank-cn/deb-sig_icbc-debit-v2.csv',
    format: 'icbc',
    encoding: 'utf-8',
    records: 11,
    inCount: 5,
    inMinor: 284174,
    outCount: 6,
    outMinor: 424108,
    declared: { account: '1234****9876', inMinor: 123456, outMinor: 987654 },
  },
  // ICBC credit card, 9 rows (lines 8-16). in: 4,621.01 人民币自动转帐还款. out: 0.01, 18.00, 26.00,
  // 12.35, 17.32, 238.00, 22.00, 29.45 (摘要 masked "****") = 363.13. Line 18 合计金额 states
  // 1234.56 / 6543.21: placeholders (the running balance -16,064.73 … -6,086.11 fits the rows, not them).
  {
    file: 'bank-cn/deb-sig_icbc-credit.csv',
    format: 'icbc',
    encoding: 'utf-8',
    records: 9,
    inCount: 1,
    inMinor: 462101,
    outCount: 8,
    outMinor: 36313,
    declared: { account: '1234****5678', inMinor: 123456, outMinor: 654321 },
  },
  // CCB .xls, 6 rows (sheet rows 7-12), all 支出 with 收入 0: 67, 16.78, 20, 515.02, 18.06, 66.4
  // = 703.26. Row 13 以上数据仅供参考… is the disclaimer. 账号 and 币种 from the preamble.
  {
    file: 'bank-cn/deb-sig_ccb-debit.xls',
    format: 'ccb',
    records: 6,
    inCount: 0,
    inMinor: 0,
    outCount: 6,
    outMinor: 70326,
    declared: { account: 'xxxxx*********xxxx', currency: 'CNY' },
  },
  // CMB debit, 5 rows (lines 2-6), signed 交易金额. in: 1,234.00 代发住房公积金. out: 1,000.00,
  // 3.00, 1,000.00 ATM, 10.14 = 2013.14.
  {
    file: 'bank-cn/deb-sig_cmb-debit.csv',
    format: 'cmb',
    encoding: 'utf-8',
    records: 5,
    inCount: 1,
    inMinor: 123400,
    outCount: 4,
    outMinor: 201314,
  },
  // CMB credit card, statement 2024年01月, 6 rows (lines 3-8), positive = spent. in (negative):
  // 1.23 (12/29 → 2023-12-29), 345.67 (12/30 → 2023), 30.00, 3.90 = 380.80. out: 56.78, 8,000.00 = 8056.78.
  {
    file: 'bank-cn/deb-sig_cmb-credit.csv',
    format: 'cmb',
    encoding: 'utf-8',
    records: 6,
    inCount: 4,
    inMinor: 38080,
    outCount: 2,
    outMinor: 805678,
  },
  // BOC credit card, 14 rows (lines 3-16). 存入: 0.01, 361.19, 70.48, 397.84, 70.48, 89.84 = 989.84.
  // 支出: 50.00, 0.59, 68.19, 468.32, 448.32, 131.77, 60.90 = 1228.09 CNY, plus 3.72 USD (the last
  // row, MICROSOFT*XBOX, read as USD): 1231.81 as the figures add.
  {
    file: 'bank-cn/deb-sig_boc-credit.csv',
    format: 'boc',
    encoding: 'utf-8',
    records: 14,
    inCount: 6,
    inMinor: 98984,
    outCount: 8,
    outMinor: 123181,
  },
  // ABC debit, 5 rows (lines 2-6). in: +10000.00, +0.01 结息 = 10000.01. out: -10.00, -12345.89 =
  // 12355.89. The +0.00 利息税 row moves no money: skipped as neutral, not a record.
  {
    file: 'bank-cn/deb-sig_abc-debit.csv',
    format: 'abc',
    encoding: 'utf-8',
    records: 4,
    inCount: 2,
    inMinor: 1000001,
    outCount: 2,
    outMinor: 1235589,
  },
  // BOCOM debit, 6 rows (lines 2-7). 贷 Cr: 1.23, 0.02, 10.00 = 11.25. 借 Dr: 3.21, 10.00, 100.79 = 114.00.
  {
    file: 'bank-cn/deb-sig_bocom-debit.csv',
    format: 'bocom',
    encoding: 'utf-8',
    records: 6,
    inCount: 3,
    inMinor: 1125,
    outCount: 3,
    outMinor: 11400,
  },
  // BOCOM credit card, 8 rows (lines 2-9), 入账币种/金额. in (退货, 信用卡还款): 123.18, 1.99,
  // 666.60, 13.50 = 805.27. out (消费): 2.99, 10.00, 10.74, 49.85 (booked CNY of JPY 1000.00) = 73.58.
  {
    file: 'bank-cn/deb-sig_bocom-credit.csv',
    format: 'bocom',
    encoding: 'utf-8',
    records: 8,
    inCount: 4,
    inMinor: 80527,
    outCount: 4,
    outMinor: 7358,
  },
  // CGB credit card, 4 rows (lines 2-5), 入账金额 positive = spent. out: 15.90 （消费）, 387.42
  // （分期） = 403.32. in: 97.20 （退款）, 1130.68 （还款） = 1227.88.
  {
    file: 'bank-cn/deb-sig_cgb-credit.csv',
    format: 'cgb',
    encoding: 'utf-8',
    records: 4,
    inCount: 2,
    inMinor: 122788,
    outCount: 2,
    outMinor: 40332,
  },
  // CITIC credit card .xls, 13 rows (sheet rows 3-15), 结算金额 text. in (negative): 0.20 现金奖励,
  // 1.21 财付通还款 = 1.41. out: 5.90, 807.89, 88.00, 25.00, 4.00, 20.47, 76.80, 39.24, 10.34, 1.00,
  // 20.16 = 1098.80. Rows 16-25 are empty.
  {
    file: 'bank-cn/deb-sig_citic-credit.xls',
    format: 'citic',
    records: 13,
    inCount: 2,
    inMinor: 141,
    outCount: 11,
    outMinor: 109880,
    declared: { currency: 'CNY' },
  },
  // SPDB .xls, 4 rows (sheet rows 3-6). 存入: 10.00. 取出: 3.88 × 3 = 11.64. Row 1: 账号, 日期范围.
  {
    file: 'bank-cn/deb-sig_spdb-debit.xls',
    format: 'spdb',
    records: 4,
    inCount: 1,
    inMinor: 1000,
    outCount: 3,
    outMinor: 1164,
    declared: { account: '6200000000001230', from: '2025-12-01', to: '2025-12-31' },
  },
  // CIB .xlsx (a mock), 7 rows (sheet rows 12-18). 收入: 10.00, 0.01 = 10.01. 支出: 20.00, 5.00,
  // 6.00, 30.00, 40.00 = 101.00. Its 账户余额 does not follow the rows (10.00 in then 20.00 out
  // leaves "80.00"), so the mock's balances prove nothing; it states no totals. Row 19 说明 is the trailer.
  {
    file: 'bank-cn/deb-sig_cib-debit-cny.xlsx',
    format: 'cib',
    records: 7,
    inCount: 2,
    inMinor: 1001,
    outCount: 5,
    outMinor: 10100,
    declared: { account: 'CARD-MOCK-001', currency: 'CNY', from: '2024-01-01', to: '2024-12-31' },
  },
];
