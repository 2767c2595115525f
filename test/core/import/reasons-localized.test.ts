/**
 * A reader's refusal reaches a Chinese-speaking accountant in Chinese (issue 14): every rejected
 * row carries a message key with the file's own text, and a file refused whole carries one too,
 * so neither the wizard nor the CLI falls back to the reader's English.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCamt053 } from '../../../src/core/import/camt053';
import { readImport } from '../../../src/core/import/detect';
import { readOfx } from '../../../src/core/import/ofx';
import { readQif } from '../../../src/core/import/qif';
import { LedgerVaultError } from '../../../src/core/errors';
import type { ImportedRow } from '../../../src/core/import/types';
import { inputMessage } from '../../../src/shared/messages';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/intl');
const small = readFileSync(path.join(FIXTURES, 'camt053-small.xml'), 'utf8');

function zhOf(row: ImportedRow | undefined): string {
  if (row?.kind !== 'rejected') throw new Error(`not a rejected row: ${JSON.stringify(row)}`);
  return inputMessage(row.why.key, 'zh-CN', row.why.params);
}

function refusal(run: () => unknown): LedgerVaultError {
  try {
    run();
  } catch (e) {
    if (e instanceof LedgerVaultError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('reasons in the user language', () => {
  it('words every rejected row in Chinese with the file text in it, and never leaves a placeholder', async () => {
    const bank = [
      '交易日期,摘要,借贷标志,交易金额,对方户名',
      '2024-03-01,货款,贷,100.00,甲公司',
      '2024-03-02,货款,平,5.00,乙公司',
      '2024-03-0x,货款,借,5.00,丙公司',
    ].join('\n');
    const read = await readImport(new TextEncoder().encode(bank), { format: 'csv' });
    const rejected = read.rows.filter((r) => r.kind === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      const zh = zhOf(r);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(zh).not.toMatch(/\{\w+\}/);
    }

    const wechat = [
      '微信支付账单明细',
      '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注',
      '2024-01-02 10:00:00,商户消费,某店,咖啡,其他,¥12.00,零钱,支付成功,42000001,M1,/',
    ].join('\n');
    const w = await readImport(new TextEncoder().encode(wechat));
    expect(zhOf(w.rows.find((r) => r.kind === 'rejected'))).toBe('收/支“其他”不是 收入、支出、/ 中的任何一个。');
  });

  it('names the other account in Chinese when a statement file holds two', () => {
    const two = small.replace(
      /(<c:Stmt>\s*<c:Id>S2[\s\S]*?<c:IBAN>)DE89370400440532013000/,
      '$1GB33BUKB20201555555555',
    );
    const row = readCamt053(two).rows.find((r) => r.kind === 'rejected');
    expect(zhOf(row)).toBe(
      '这是另一个账户（GB33BUKB20201555555555）的对账单，本次读取的是 DE89370400440532013000：请在“读取哪个账户”中选择它，另行导入。',
    );
  });

  it('refuses an XML bomb, a broken OFX and a QIF of mixed date orders with a Chinese sentence', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>`;
    const e1 = refusal(() => readCamt053(bomb));
    expect(e1.code).toBe('E_INPUT');
    expect(e1.localized('zh-CN')).toContain('出于安全原因拒绝读取');
    expect(e1.localized('en')).toContain('refused for safety');

    const e2 = refusal(() => readOfx('OFXHEADER:100\n<OFX><SIGNONMSGSRSV1></BANKMSGSRSV1>'));
    expect(e2.localized('zh-CN')).toMatch(/^该文件不是可读取的 OFX 文件，未导入任何记录（.+）。$/);

    const e3 = refusal(() => readQif('!Type:Bank\nD13/01/2024\nT-1.00\n^\nD01/13/2024\nT-2.00\n^\n'));
    expect(e3.localized('zh-CN')).toContain('不是可读取的 QIF 文件');
  });
});
