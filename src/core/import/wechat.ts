/**
 * WeChat Pay (微信支付) bill exports, CSV and XLSX alike (issue 14): a preamble of 16 or 17 lines
 * ("微信支付账单明细", the period, 共N笔记录, 收入/支出/中性交易 totals, notes), then the header
 * 交易时间, 交易类型, 交易对方, 商品, 收/支, 金额(元), 支付方式, 当前状态, 交易单号, 商户单号, 备注.
 * The CSV writes amounts as "¥28.16" (U+00A5); the 2025+ XLSX as numbers. An Excel Power Query
 * copy may put an artificial Column1…Column11 row on top: the header is found by its text.
 *
 * Which rows are the client's money moving (as WeChat counts them in its own 收入/支出 totals):
 *  1. 收/支 "/" (中性交易): recharge, withdrawal, 零钱通 and 理财通 moves, credit card repayment:
 *     money between the client's own accounts -> skipped 'neutral'. (A withdrawal's 服务费 is in
 *     备注 only; WeChat counts the row as neutral and so do we, the fee stays visible in the
 *     source text.)
 *  2. 当前状态 支付失败 / 已关闭 / 交易关闭 / 对方已退还 (a transfer sent back) -> skipped 'failed':
 *     no money moved.
 *  3. 收入 -> 'in', refunds included: a refund row (交易类型 "…-退款", 当前状态 "已退款￥742.00" or
 *     "已全额退款") is money back, and WeChat's 收入 total counts it (the trim21 sample: 收入
 *     2笔 1412.00 = 670.00 + the 742.00 refund). The original payment stays 'out' as WeChat counts it.
 *  4. 支出 -> 'out'.
 */
import { decimalAmount } from './amount';
import { because, rejectedRow } from './rejection';
import { columnsOf, dateTimeText, findHeader, isBlank, readSummaryLine, rowSource } from './payment-app';
import type { Declared, ImportedRow, ReaderResult, RowStream, TableReader, TableRow } from './types';

const COLUMNS = {
  time: ['交易时间'],
  type: ['交易类型'],
  counterparty: ['交易对方'],
  memo: ['商品'],
  direction: ['收/支'],
  amount: ['金额(元)', '金额（元）', '金额'],
  method: ['支付方式'],
  status: ['当前状态'],
  reference: ['交易单号'],
  merchantOrderRef: ['商户单号'],
  note: ['备注'],
};
type Col = keyof typeof COLUMNS;

const HEADER_NEEDS = ['交易时间', '收/支', '交易单号'];
const FAILED = /支付失败|已关闭|交易关闭|对方已退还|已退还/;

export const wechatReader: TableReader = {
  format: 'wechat',

  detect(head: TableRow[]): number {
    const h = findHeader(head, HEADER_NEEDS);
    if (h < 0) return 0;
    const cols = columnsOf(head[h]!.cells, COLUMNS);
    if (cols.amount < 0 || cols.status < 0) return 0;
    const text = head.map((r) => r.cells.join('')).join('\n');
    return /微信支付/.test(text) ? 0.95 : 0.7;
  },

  read(input: Iterable<TableRow>): ReaderResult {
    const stream = streamWechat(input);
    return { format: 'wechat', rows: [...stream.rows], declared: stream.declared };
  },

  stream: (input: Iterable<TableRow>) => streamWechat(input),
};

/**
 * The reading row by row (issue 14, Safety): the rows above the header (the bill's 16-line
 * preamble) are held until the header is found, then every row is yielded as it is read.
 */
function streamWechat(input: Iterable<TableRow>): RowStream {
  const declared: Declared = { currency: 'CNY' };
  function* read(): Generator<ImportedRow> {
    const above: TableRow[] = [];
    let cell: ((r: TableRow, k: Col) => string) | undefined;
    for (const r of input) {
      if (cell) {
        yield isBlank(r)
          ? { kind: 'skipped', line: r.line, source: rowSource(r.cells), reason: 'blank' }
          : classify(r, rowSource(r.cells), cell);
        continue;
      }
      if (!HEADER_NEEDS.every((n) => r.cells.includes(n))) {
        above.push(r);
        continue;
      }
      const c = columnsOf(r.cells, COLUMNS);
      cell = (row, k) => (c[k] >= 0 ? (row.cells[c[k]] ?? '').trim() : '');
      for (const p of above.splice(0)) {
        const source = rowSource(p.cells);
        yield isBlank(p)
          ? { kind: 'skipped', line: p.line, source, reason: 'blank' }
          : { kind: 'skipped', line: p.line, source, reason: readSummaryLine(p, declared) ? 'summary' : 'header' };
      }
      yield { kind: 'skipped', line: r.line, source: rowSource(r.cells), reason: 'header' };
    }
    if (!cell)
      for (const p of above)
        yield rejectedRow(
          p.line,
          rowSource(p.cells),
          because('importRow.noHeader', { columns: '交易时间、收/支、交易单号' }),
        );
  }
  return { format: 'wechat', rows: read(), declared };
}

function classify(r: TableRow, source: string, cell: (r: TableRow, k: Col) => string): ImportedRow {
  const line = r.line;
  const stated = cell(r, 'direction');
  if (FAILED.test(cell(r, 'status'))) return { kind: 'skipped', line, source, reason: 'failed' }; // rule 2
  let direction: 'in' | 'out';
  if (stated === '收入')
    direction = 'in'; // rule 3
  else if (stated === '支出')
    direction = 'out'; // rule 4
  else if (stated === '/' || stated === '')
    return { kind: 'skipped', line, source, reason: 'neutral' }; // rule 1
  else
    return rejectedRow(
      line,
      source,
      because('importRow.unknownMark', { field: '收/支', value: stated, allowed: '收入、支出、/' }),
    );

  const occurredAt = dateTimeText(cell(r, 'time'));
  if (!occurredAt)
    return rejectedRow(line, source, because('importRow.notDateTime', { field: '交易时间', value: cell(r, 'time') }));
  const amount = decimalAmount(cell(r, 'amount'));
  if (amount === undefined)
    return rejectedRow(line, source, because('importRow.notAmount', { field: '金额(元)', value: cell(r, 'amount') }));
  // A ¥0.00 payment moved no money, as a bank's zero row.
  if (/^0+(\.0+)?$/.test(amount)) return { kind: 'skipped', line, source, reason: 'neutral' };

  const optional = (k: Col) => {
    const v = cell(r, k);
    return v === '' || v === '/' ? undefined : v;
  };
  const note = optional('note');
  const memo = optional('memo');
  return {
    kind: 'record',
    line,
    source,
    record: {
      occurredAt,
      direction,
      amount,
      currency: 'CNY',
      channel: 'wechat',
      counterparty: optional('counterparty') ?? '',
      reference: optional('reference'),
      merchantOrderRef: optional('merchantOrderRef'),
      memo: memo && note ? `${memo} ${note}` : (memo ?? note),
      category: optional('type'),
    },
  };
}
