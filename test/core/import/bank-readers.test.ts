/**
 * The Chinese bank readers on hand-made statements in each bank's real layout (issue 14):
 * test/fixtures/import/bank/*.csv for the banks that export CSV, rows built here for the ones
 * that export .xls (the spreadsheet reader has its own tests), and one .xlsx made with exceljs
 * to go through detection end to end. Each file goes through format detection, never a named reader.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ccbReader, citicReader, spdbReader } from '../../../src/core/import/bank/readers';
import { readImport } from '../../../src/core/import/detect';
import type { ImportedRecord, ReaderResult, TableRow } from '../../../src/core/import/types';

const DIR = path.resolve(__dirname, '../../fixtures/import/bank');

async function importFixture(name: string) {
  return readImport(new Uint8Array(readFileSync(path.join(DIR, name))));
}

function records(result: ReaderResult): ImportedRecord[] {
  return result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
}

/** Records as "date direction amount currency counterparty", to compare a statement at a glance. */
function brief(result: ReaderResult): string[] {
  return records(result).map((r) => `${r.occurredAt} ${r.direction} ${r.amount} ${r.currency} ${r.counterparty}`);
}

function kinds(result: ReaderResult): string[] {
  return result.rows.map((r) => (r.kind === 'record' ? 'record' : r.kind === 'skipped' ? r.reason : 'rejected'));
}

function rows(table: string[][]): TableRow[] {
  return table.map((cells, i) => ({ line: i + 1, cells }));
}

describe('bank statements in CSV', () => {
  it('ICBC debit: padded TAB-ended cells, 记账金额 over a "-" 交易金额, the 人民币合计 row as declared totals', async () => {
    const r = await importFixture('icbc-debit.csv');
    expect(r.format).toBe('icbc');
    expect(brief(r)).toEqual([
      '2024-12-30 in 8500.00 CNY 上海某某科技有限公司',
      '2024-12-31 out 36.50 CNY 深圳市财付通支付科技有限公司',
      '2025-01-02 out 1200.00 CNY 王小明',
      '2025-01-03 in 12.30 CNY 支付宝（中国）网络技术有限公司',
    ]);
    const first = records(r)[0]!;
    expect(first).toMatchObject({ channel: 'bank', counterpartyAccount: '6222****1111', memo: '工资' });
    expect(records(r)[1]!.memo).toBe('消费 | 财付通-美团平台商户');
    expect(r.declared).toEqual({ account: '6222****0001', inMinor: 851230, outMinor: 123650 });
    expect(kinds(r)).toEqual([
      'header',
      'blank',
      'header',
      'blank',
      'header',
      'blank',
      'header',
      'record',
      'record',
      'record',
      'record',
      'blank',
      'summary',
    ]);
  });

  it('ICBC credit card: the booked CNY figure of a USD purchase, the merchant from 交易场所, 合计金额', async () => {
    const r = await importFixture('icbc-credit.csv');
    expect(r.format).toBe('icbc');
    expect(brief(r)).toEqual([
      '2025-02-01 out 88.00 CNY 支付宝-某某餐厅',
      '2025-02-03 out 108.90 CNY AMAZON.COM',
      '2025-02-10 in 1196.90 CNY XX分行银行卡中心',
    ]);
    expect(records(r).every((x) => x.channel === 'card')).toBe(true);
    expect(r.declared).toEqual({ account: '4367****0002', inMinor: 119690, outMinor: 19690 });
  });

  it('CMB debit: a signed column with grouping, the account split off 对手信息', async () => {
    const r = await importFixture('cmb-debit.csv');
    expect(r.format).toBe('cmb');
    expect(brief(r)).toEqual([
      '2025-03-01 in 12000.00 CNY 上海某某科技有限公司',
      '2025-03-02 out 2500.00 CNY 李四',
      '2025-03-05 out 88.20 CNY 某某外卖商家',
      '2025-03-06 out 300.00 CNY 银联ATM取款',
    ]);
    expect(records(r).map((x) => x.counterpartyAccount)).toEqual([
      '31000000000000001',
      '6214000000000002',
      '123456789',
      undefined,
    ]);
    expect(records(r)[0]!.memo).toBe('代发工资 | 三月工资');
  });

  it('CMB credit card: MM/DD across the year end from the title month; a repayment dated by 记账日', async () => {
    const r = await importFixture('cmb-credit.csv');
    expect(r.format).toBe('cmb');
    expect(brief(r)).toEqual([
      '2024-12-28 in 1500.00 CNY 掌上生活还款',
      '2024-12-30 out 45.60 CNY 某某超市',
      '2025-01-02 in 5.00 CNY 星巴克',
      '2025-01-04 out 1020.33 CNY TOKYO STATION',
    ]);
  });

  it('BOC credit card: 存入/支出 columns and a USD row in its own currency', async () => {
    const r = await importFixture('boc-credit.csv');
    expect(r.format).toBe('boc');
    expect(brief(r)).toEqual([
      '2025-02-10 out 1280.00 CNY 上海某某餐饮有限公司CHN',
      '2025-02-15 in 1000.00 CNY 还款',
      '2025-02-20 out 9.99 USD APPLE.COM/BILLUSA',
    ]);
  });

  it('BOC debit: "-------------------" cells are empty, 人民币 is CNY, the time joins the date', async () => {
    const r = await importFixture('boc-debit.csv');
    expect(r.format).toBe('boc');
    expect(brief(r)).toEqual([
      '2025-04-01 09:15:02 out 2600.00 CNY 王五',
      '2025-04-02 14:00:00 in 5000.00 CNY 某某公司',
      '2025-04-03 10:20:30 out 15.00 CNY 网上快捷支付',
    ]);
    expect(records(r).map((x) => x.counterpartyAccount)).toEqual(['6217000000000003', undefined, undefined]);
    expect(records(r)[2]!.memo).toBe('网上快捷支付 | 财付通');
  });

  it('ABC: "+"/"-" amounts, HHMMSS times, short rows, a zero row skipped, "0000000000" is no reference', async () => {
    const r = await importFixture('abc-debit.csv');
    expect(r.format).toBe('abc');
    expect(brief(r)).toEqual([
      '2025-01-05 08:30:15 in 2000.00 CNY 赵六',
      '2025-01-06 out 45.50 CNY 某某燃气公司',
      '2025-01-20 in 0.62 CNY 结息',
    ]);
    expect(records(r).map((x) => x.reference)).toEqual(['550001234', '550001235', undefined]);
    expect(kinds(r)).toEqual(['header', 'record', 'record', 'record', 'neutral']);
  });

  it('BOCOM debit: 借 Dr / 贷 Cr; a mark that is neither is rejected with the reason', async () => {
    const r = await importFixture('bocom-debit.csv');
    expect(r.format).toBe('bocom');
    expect(brief(r)).toEqual([
      '2024-12-31 23:59:10 out 1050.00 CNY 某某商城',
      '2025-01-01 00:00:00 in 0.35 CNY 应付个人活期储蓄存款利息',
      '2025-01-02 10:00:00 in 500.00 CNY 孙七',
    ]);
    const rejected = r.rows.find((x) => x.kind === 'rejected');
    expect(rejected).toMatchObject({
      line: 5,
      why: { key: 'importRow.unknownMark', params: { value: '平', allowed: '借、贷' } },
    });
  });

  it('BOCOM credit card: "CNY 48.12" booked for a JPY purchase, direction from 消费/退货/信用卡还款', async () => {
    const r = await importFixture('bocom-credit.csv');
    expect(r.format).toBe('bocom');
    expect(brief(r)).toEqual([
      '2025-02-01 out 32.00 CNY 某某咖啡',
      '2025-02-03 out 48.12 CNY Tokyo Metro',
      '2025-02-05 in 32.00 CNY 某某咖啡',
      '2025-02-25 in 1000.00 CNY 转账还款-张三',
    ]);
    expect(records(r)[3]!.memo).toBe('信用卡还款 转账还款-张三');
  });

  it('CGB credit card: 人民币, YYYY/MM/DD, negative refunds and repayments, the （类型） prefix off the name', async () => {
    const r = await importFixture('cgb-credit.csv');
    expect(r.format).toBe('cgb');
    expect(brief(r)).toEqual([
      '2025-03-01 out 59.00 CNY 某某书店',
      '2025-03-03 in 19.00 CNY 某某书店',
      '2025-03-10 in 40.00 CNY 银联入账-张三',
    ]);
  });
});

describe('bank statements exported as spreadsheets (rows as the sheet reader gives them)', () => {
  it('CCB: numeric cells with 0 on the unused side, the 账号 and 币种 of the preamble, the disclaimer', () => {
    const r = ccbReader.read(
      rows([
        ['China Construction Bank', '', ''],
        ['开户机构：', '某某支行'],
        ['币\u3000\u3000种：', '人民币'],
        ['账\u3000\u3000号：', '6217*********0009'],
        [''],
        [
          '记账日    ',
          '交易日期  ',
          '交易时间  ',
          '支出  ',
          '收入  ',
          '账户余额',
          '币种',
          '摘要',
          '对方账号',
          '对方户名',
          '交易地点',
        ],
        [
          '20250301',
          '20250301',
          '08:01:02',
          '0',
          '3000',
          '3500',
          '人民币',
          '转账存入',
          '6222000000000010',
          '周八',
          '手机银行',
        ],
        [
          '20250302',
          '20250302',
          '12:30:00',
          '25.5',
          '0',
          '3474.5',
          '人民币',
          '消费',
          '2088****0011',
          '**便利店',
          '支付宝-便利店',
        ],
        ['以上数据仅供参考|具体内容请以柜台为准'],
      ]),
    );
    expect(brief(r)).toEqual(['2025-03-01 08:01:02 in 3000.00 CNY 周八', '2025-03-02 12:30:00 out 25.50 CNY **便利店']);
    expect(r.declared).toEqual({ account: '6217*********0009', currency: 'CNY' });
    expect(kinds(r).slice(-1)).toEqual(['summary']);
  });

  it('CITIC credit card: text amounts, a numeric 卡末四位, the title currency', () => {
    const r = citicReader.read(
      rows([
        ['本期账单明细(人民币)'],
        ['交易日期', '入账日期', '交易描述', '卡末四位', '交易币种', '结算币种', '交易金额', '结算金额'],
        ['2025-01-09', '2025-01-09', '支付宝－某某出行', '6688', '人民币', '人民币', '25.90', '25.90'],
        ['2025-01-10', '2025-01-10', '财付通还款', '6688', '人民币', '人民币', '-100.00', '-100.00'],
        ['', '', '', '', '', '', '', ''],
      ]),
    );
    expect(brief(r)).toEqual(['2025-01-09 out 25.90 CNY 支付宝－某某出行', '2025-01-10 in 100.00 CNY 财付通还款']);
    expect(r.declared).toEqual({ currency: 'CNY' });
  });

  it('SPDB: key/value preamble on row 1, "2025/12/03  14:06:51" with two spaces', () => {
    const r = spdbReader.read(
      rows([
        ['账号', '6200000000009999', '账户类型', '借记卡', '日期范围', '20250101-20250131'],
        ['顺序号', '交易日期', '交易类型', '存入金额', '取出金额', '余额', '交易对手名称', '交易对手账号', '附言'],
        ['1', '2025/01/03  14:06:51', '网上支付-支付宝', '', '3.88', '96.12', '某某基金', '12345678901236500', ''],
        ['2', '2025/01/05  07:22:32', '汇入', '10.00', '', '106.12', '某某基金', '12345678901236500', '赎回'],
      ]),
    );
    expect(brief(r)).toEqual([
      '2025-01-03 14:06:51 out 3.88 CNY 某某基金',
      '2025-01-05 07:22:32 in 10.00 CNY 某某基金',
    ]);
    expect(records(r)[1]!.memo).toBe('汇入 | 赎回');
    expect(r.declared).toEqual({ account: '6200000000009999', from: '2025-01-01', to: '2025-01-31' });
  });

  it('CIB .xlsx through detection: key/value rows, 交易时间 with seconds, the 说明 trailer', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRows([
      ['兴业银行交易明细'],
      [],
      ['账户户名', '某某公司'],
      ['账户账号', '622909******1234'],
      ['卡内账户', '001 活期储蓄存款 人民币'],
      ['起始日期', '2025-01-01'],
      ['截止日期', '2025-03-31'],
      [],
      [
        '交易时间',
        '记账日',
        '支出',
        '收入',
        '账户余额',
        '摘要',
        '对方户名',
        '对方银行',
        '对方账号',
        '用途',
        '交易渠道',
        '备注',
      ],
      [
        '2025-01-08 10:11:12',
        '2025-01-08',
        '',
        '2,000.00',
        '2,000.00',
        '汇款汇入',
        '某某客户',
        '某某银行',
        '6222000000000012',
        '货款',
        '网银',
        '',
      ],
      [
        '2025-02-01 09:00:00',
        '2025-02-01',
        '150.00',
        '',
        '1,850.00',
        '跨行消费',
        '',
        '某某清算机构',
        '',
        '',
        '其他',
        '',
      ],
      ['说明', '交易明细涉及您的个人隐私，请妥善处理。'],
    ]);
    const r = await readImport(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.format).toBe('cib');
    expect(brief(r)).toEqual([
      '2025-01-08 10:11:12 in 2000.00 CNY 某某客户',
      '2025-02-01 09:00:00 out 150.00 CNY 某某清算机构',
    ]);
    expect(records(r)[0]!.memo).toBe('汇款汇入 | 货款');
    expect(r.declared).toEqual({ account: '622909******1234', currency: 'CNY', from: '2025-01-01', to: '2025-03-31' });
    expect(kinds(r).slice(-1)).toEqual(['summary']);
  });
});
