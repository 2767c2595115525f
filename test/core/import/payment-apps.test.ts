import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toMinor } from '../../../src/core/import/amount';
import { alipayReader } from '../../../src/core/import/alipay';
import { readImport } from '../../../src/core/import/detect';
import { wechatReader } from '../../../src/core/import/wechat';
import type { ImportedRow, ReaderResult } from '../../../src/core/import/types';
import { encodeGbk } from '../../helpers/gbk';
import { inputMessage } from '../../../src/shared/messages';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

function summary(result: ReaderResult) {
  const records = result.rows.flatMap((r) => (r.kind === 'record' ? [r.record] : []));
  const total = (d: string) => records.filter((r) => r.direction === d).reduce((s, r) => s + toMinor(r.amount), 0);
  return {
    records: records.length,
    inMinor: total('in'),
    outMinor: total('out'),
    rejected: result.rows.filter((r) => r.kind === 'rejected').length,
  };
}
const kindAt = (rows: ImportedRow[], line: number) => {
  const r = rows.find((x) => x.line === line)!;
  return r.kind === 'skipped'
    ? `skipped:${r.reason}`
    : r.kind === 'record'
      ? `${r.record.direction}:${r.record.amount}`
      : 'rejected';
};

describe('Alipay reader', () => {
  it('reads the 2023+ layout in GBK: refunds by their original, closed trades, 余额宝 earnings, the declared totals', async () => {
    const result = await readImport(encodeGbk(fixture('alipay-2023.csv').toString('utf8')));
    expect(result.detection.encoding).toEqual({ id: 'gb18030', confident: true });
    expect(result.format).toBe('alipay');
    expect(summary(result)).toEqual({ records: 5, inMinor: 153000, outMinor: 13850, rejected: 0 });
    expect([18, 19, 20, 21, 22, 23, 24].map((l) => kindAt(result.rows, l))).toEqual([
      'out:38.50',
      'in:20.00', // a partial refund of a payment that stands: money back
      'out:100.00',
      'skipped:neutral', // a fund sold into 余额宝: the client's own money
      'in:1500.00',
      'skipped:failed',
      'in:10.00', // 余额宝 earnings are income
    ]);
    expect(result.declared).toMatchObject({
      inCount: 2,
      inMinor: 151000,
      outCount: 2,
      outMinor: 13850,
      from: '2024-03-01 00:00:00',
    });
    const first = result.rows.find((r) => r.line === 18);
    expect(first).toMatchObject({
      kind: 'record',
      record: {
        occurredAt: '2024-03-20 10:00:00',
        counterparty: '某某餐厅',
        counterpartyAccount: 'ab***@example.com',
        reference: '2024032022001400000001',
        merchantOrderRef: 'M0001',
        memo: '午餐',
        category: '餐饮美食',
        currency: 'CNY',
      },
    });
    expect(first?.source).toContain('2024032022001400000001');
  });

  it('reads the old web layout (trailer totals, refunds with a blank 收/支) and the 2021 app layout (metadata after the data)', async () => {
    const web = [
      '支付宝交易记录明细查询',
      '账号:[a@b.com]',
      '---------------交易记录明细列表----------------',
      '交易号 ,商家订单号 ,交易创建时间 ,付款时间 ,最近修改时间 ,交易来源地 ,类型 ,交易对方 ,商品名称 ,金额（元） ,收/支 ,交易状态 ,服务费（元） ,成功退款（元） ,备注 ,资金状态 ,',
      '9001_1\t,S1\t,2021-02-06 14:53:31 , ,2021-02-06 14:53:31 ,其他 ,即时到账交易 ,医院 ,退款-预交金 ,25.42 , ,退款成功 ,0.00 ,0.00 , ,已收入 ,',
      '9001\t,S1\t,2021-02-06 10:01:39 ,2021-02-06 10:01:43 ,2021-02-06 14:53:30 ,其他 ,即时到账交易 ,医院 ,预交金 ,300.00 ,支出 ,交易成功 ,0.00 ,25.42 , ,已支出 ,',
      '9002_1\t,T2\t,2020-11-01 20:33:07 , ,2020-11-01 20:33:07 ,淘宝 ,支付宝担保交易 ,某店 ,退款-兑换券 ,83.00 , ,退款成功 ,0.00 ,0.00 , ,已收入 ,',
      '9002\t,T2\t,2020-11-01 19:04:41 ,2020-11-01 19:04:45 ,2020-11-01 20:33:06 ,淘宝 ,支付宝担保交易 ,某店 ,兑换券 ,83.00 ,支出 ,交易关闭 ,0.00 ,83.00 , ,已支出 ,',
      '------------------------------------',
      '共4笔记录',
      '已收入:1笔,25.42元',
      '待收入:0笔,0.00元',
      '已支出:1笔,300.00元',
      '待支出:0笔,0.00元',
    ].join('\n');
    const w = await readImport(encodeGbk(web));
    expect(w.format).toBe('alipay');
    expect(summary(w)).toEqual({ records: 2, inMinor: 2542, outMinor: 30000, rejected: 0 });
    expect([5, 6, 7, 8, 10].map((l) => kindAt(w.rows, l))).toEqual([
      'in:25.42',
      'out:300.00',
      'skipped:neutral', // the refund of a closed trade: the pair moved nothing
      'skipped:failed',
      'skipped:summary',
    ]);
    expect(w.declared).toMatchObject({ inCount: 1, inMinor: 2542, outCount: 1, outMinor: 30000, account: 'a@b.com' });

    const app = [
      '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
      '收/支 ,交易对方 ,对方账号 ,商品说明 ,收/付款方式 ,金额 ,交易状态 ,交易分类 ,交易订单号 ,商家订单号 ,交易时间 ,',
      '支出 ,某公司 , ,会员费 ,招商银行(9876) ,6.51 ,交易成功 ,互助保障 ,111\t,A1\t,2021-06-14 14:00:38 ,',
      '其他 ,某基金 , ,余额宝-单次转入 ,余额 ,2.00 ,交易成功 ,投资理财 ,222\t, \t,2021-05-30 23:43:37 ,',
      '收入 ,*三 ,111******11 ,转账 ,余额 ,42.00 ,交易成功 ,转账红包 ,333\t, \t,2021-06-25 00:00:00 ,',
      '------------------------------------------------------------------------------------',
      '导出信息：',
      '共3笔记录',
      '收入：1笔,42.00元',
      '支出：1笔,6.51元',
    ].join('\n');
    const a = await readImport(new TextEncoder().encode(app));
    expect(a.format).toBe('alipay');
    expect(summary(a)).toEqual({ records: 2, inMinor: 4200, outMinor: 651, rejected: 0 });
    expect(a.rows.filter((r) => r.kind === 'skipped' && r.reason === 'summary').map((r) => r.line)).toEqual([
      6, 7, 8, 9, 10,
    ]);
    expect(a.declared).toMatchObject({ inCount: 1, inMinor: 4200, outCount: 1, outMinor: 651 });
  });

  it('rejects a data row whose amount or time cannot be read, with the reason in both languages', async () => {
    const text = [
      '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注',
      '2024-01-01 10:00:00,x,支付宝商户,/,m,支出,abc,,交易成功,1,2,',
      'yesterday,x,y,/,m,支出,1.00,,交易成功,3,4,',
    ].join('\n');
    const r = await readImport(new TextEncoder().encode(text));
    const why = r.rows.slice(1).map((x) => (x.kind === 'rejected' ? x.why : x.kind));
    expect(why.map((w) => (typeof w === 'string' ? w : inputMessage(w.key, 'zh-CN', w.params)))).toEqual([
      '金额“abc”不是有效金额。',
      '交易时间“yesterday”不是有效的日期时间。',
    ]);
    expect(r.rows.slice(1).map((x) => (x.kind === 'rejected' ? x.reason : x.kind))).toEqual([
      '金额 "abc" is not an amount.',
      '交易时间 "yesterday" is not a date and time.',
    ]);
  });
});

describe('WeChat Pay reader', () => {
  it('reads the CSV (BOM, CRLF, ¥ amounts, "/" neutral rows, a refund as income, a quoted newline)', async () => {
    const result = await readImport(fixture('wechat.csv'));
    expect(result.format).toBe('wechat');
    expect(result.detection.encoding).toEqual({ id: 'utf-8', confident: true });
    expect(summary(result)).toEqual({ records: 4, inMinor: 84200, outMinor: 102058, rejected: 0 });
    expect([18, 19, 20, 21, 22, 24].map((l) => kindAt(result.rows, l))).toEqual([
      'out:20.58',
      'in:100.00',
      'in:742.00',
      'skipped:neutral',
      'out:1000.00',
      'skipped:failed',
    ]);
    expect(result.declared).toMatchObject({ inCount: 2, inMinor: 84200, outCount: 2, outMinor: 102058 });
    expect(result.rows.find((r) => r.line === 18)).toMatchObject({
      record: {
        counterparty: '某某"小店"',
        reference: '4200000001',
        merchantOrderRef: 'M001',
        category: '商户消费',
        channel: 'wechat',
      },
    });
    expect(result.rows.find((r) => r.line === 22)).toMatchObject({ record: { memo: '转账备注:五月\r\n房租' } });
  });

  it('reads the XLSX export with numeric amounts, on the active sheet, the same as the CSV', async () => {
    const csvRows = (await readImport(fixture('wechat.csv'))).rows;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('decoy').addRow(['nothing here']);
    const sheet = workbook.addWorksheet('Sheet1');
    for (const r of csvRows) {
      const cells = r.source.split(',');
      if (r.line === 17 || (r.kind === 'skipped' && r.line < 17))
        sheet.addRow(r.line < 17 ? [r.source.split(',')[0] ?? ''] : cells);
    }
    sheet.addRow([
      '2024-05-20 12:00:00',
      '商户消费',
      '小店',
      '午餐',
      '支出',
      20.58,
      '零钱',
      '支付成功',
      '4200000001\t',
      'M001',
      '/',
    ]);
    sheet.addRow([
      '2024-05-19 08:00:00',
      '二维码收款',
      '客户A',
      '/',
      '收入',
      100,
      '/',
      '已收钱',
      '10000000002',
      '/',
      '/',
    ]);
    sheet.addRow([
      '2024-05-15 16:00:00',
      '零钱提现',
      '招商银行(1234)',
      '/',
      '/',
      100.1,
      '零钱',
      '提现已到账',
      '20700000004',
      '/',
      '/',
    ]);
    workbook.views = [{ activeTab: 1, firstSheet: 0, x: 0, y: 0, width: 100, height: 100, visibility: 'visible' }];
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await readImport(bytes);
    expect(result.format).toBe('wechat');
    expect(result.detection.best?.sheet).toBe('Sheet1');
    expect(summary(result)).toEqual({ records: 2, inMinor: 10000, outMinor: 2058, rejected: 0 });
    expect(result.declared).toMatchObject({ inCount: 2, inMinor: 84200 });
  });
});

describe('format detection', () => {
  it('tells Alipay from WeChat by content and reports nothing for a file neither reads', async () => {
    const registry = { table: [alipayReader, wechatReader], text: [] };
    const wechat = await readImport(fixture('wechat.csv'), { registry });
    expect(wechat.detection.candidates.map((c) => c.format)).toEqual(['wechat']);
    const alipay = await readImport(encodeGbk(fixture('alipay-2023.csv').toString('utf8')), { registry });
    expect(alipay.detection.best?.format).toBe('alipay');
    expect(alipay.detection.runnerUp).toBeUndefined();
    await expect(readImport(new TextEncoder().encode('just,some,text\n1,2,3\n'), { registry })).rejects.toThrow(
      /E_INPUT/,
    );
  });
});
