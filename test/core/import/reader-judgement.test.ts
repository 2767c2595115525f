/**
 * Judgement calls the fuzz campaign surfaced (issue 14): a 0.00 trade moves no money and is
 * skipped as neutral, never a record with a zero amount; and the generic reader's guess takes a
 * column named a date over one named a time, so a bank export with 记账日期 and a 交易时间 of
 * bare times is read without a mapping.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImport } from '../../../src/core/import/detect';

const encode = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));

describe('reader judgement', () => {
  it('skips an Alipay or WeChat Pay row of 0.00 as moving no money', async () => {
    const alipay = await readImport(
      encode([
        '交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注',
        '2024-01-01 10:00:00,x,支付宝商户,/,免单,支出,0.00,,交易成功,1,2,',
        '2024-01-01 11:00:00,x,支付宝商户,/,咖啡,支出,12.00,,交易成功,3,4,',
      ]),
    );
    expect(alipay.format).toBe('alipay');
    expect(alipay.rows.slice(1).map((r) => (r.kind === 'skipped' ? r.reason : r.kind))).toEqual(['neutral', 'record']);

    const wechat = await readImport(
      encode([
        '微信支付账单明细',
        '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注',
        '2024-01-02 10:00:00,商户消费,某店,赠品,支出,¥0.00,零钱,支付成功,42000001,M1,/',
      ]),
    );
    expect(wechat.rows.at(-1)).toMatchObject({ kind: 'skipped', reason: 'neutral' });
  });

  it('guesses the date from 记账日期, not from a 交易时间 of bare times', async () => {
    const bytes = new Uint8Array(readFileSync(path.resolve(__dirname, '../../fixtures/fuzz/generic.csv')));
    const read = await readImport(bytes, { format: 'csv' });
    const records = read.rows.filter((r) => r.kind === 'record');
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(read.rows.filter((r) => r.kind === 'rejected')).toEqual([]);
    expect(records[0]).toMatchObject({
      record: { occurredAt: '2024-03-01 09:15:02', direction: 'in', amount: '12500.00' },
    });
  });
});
