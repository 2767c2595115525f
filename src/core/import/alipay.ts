/**
 * Alipay (支付宝) transaction exports, every layout we have seen (issue 14):
 *  - the old web export "支付宝交易记录明细查询": 4 preamble lines, 交易号 … 资金状态, a totals trailer;
 *  - the 2021 app export "电子客户回单": header on line 2 starting with 收/支, metadata after the data;
 *  - the 2023+ export (支付宝交易明细): a long preamble with the totals, header 交易时间 … 备注.
 * Columns are found by their header text, so their order does not matter.
 *
 * Which rows are the client's money moving (each rule below, in `classify`):
 *  1. 交易状态 交易关闭 / 交易失败 / 支付失败 / 等待付款: nothing was paid, or it was paid and then
 *     refunded in full (Alipay closes a fully refunded trade) -> skipped 'failed'. Alipay's own
 *     支出 total leaves these out as well.
 *  2. A refund (交易分类 退款, 商品说明 "退款-…", or 交易状态 退款成功): decided by its original
 *     payment, found by the refund's 交易号 before "_" or by the same 交易对方 and 商品说明
 *     without "退款-". If the original is in this file and closed (rule 1), the pair nets to
 *     nothing and the refund is skipped 'neutral'. Otherwise (a partial refund of a payment that
 *     stands, or a payment from an earlier export, already imported as out) the money really came
 *     back -> 'in', even when Alipay files it under 不计收支.
 *  3. 余额宝 earnings (商品说明 "…收益发放") are income -> 'in', even under 其他/不计收支.
 *  4. Other 不计收支 / 其他 / blank 收/支 rows move money between the client's own pockets
 *     (余额 to 余额宝, buying or selling a fund) -> skipped 'neutral'. In the old web export a
 *     blank 收/支 with 资金状态 已收入/已支出 is read from 资金状态 instead (its refunds, rule 2).
 *  5. 收入 -> 'in', 支出 -> 'out' (等待确认收货 included: the buyer's money has left).
 */
import { decimalAmount } from './amount';
import { because, rejectedRow } from './rejection';
import { columnsOf, dateTimeText, findHeader, isBlank, readSummaryLine, rowSource } from './payment-app';
import type { Declared, ImportedRow, ReaderResult, RowStream, TableReader, TableRow } from './types';

const COLUMNS = {
  time: ['交易时间', '交易创建时间', '付款时间'],
  category: ['交易分类', '类型'],
  counterparty: ['交易对方'],
  counterpartyAccount: ['对方账号'],
  memo: ['商品说明', '商品名称'],
  direction: ['收/支'],
  amount: ['金额', '金额（元）', '金额(元)'],
  method: ['收/付款方式'],
  status: ['交易状态'],
  reference: ['交易订单号', '交易号'],
  merchantOrderRef: ['商家订单号', '商户订单号'],
  fundStatus: ['资金状态'],
  note: ['备注'],
};
type Col = keyof typeof COLUMNS;

const HEADER_NEEDS = ['收/支', '交易对方', '交易状态'];
const FAILED = /交易关闭|交易失败|支付失败|等待付款|已关闭/;

function headerIndex(rows: TableRow[], limit?: number): number {
  return findHeader(rows, HEADER_NEEDS, limit);
}

export const alipayReader: TableReader = {
  format: 'alipay',

  detect(head: TableRow[]): number {
    const h = headerIndex(head);
    if (h < 0) return 0;
    const cols = columnsOf(head[h]!.cells, COLUMNS);
    if (cols.amount < 0 || cols.reference < 0) return 0;
    // WeChat Pay's header has 收/支 too, but 交易单号 (not 交易号/交易订单号) and its own title.
    const text = head.map((r) => r.cells.join('')).join('\n');
    return /支付宝/.test(text) ? 0.95 : 0.6;
  },

  read(input: Iterable<TableRow>): ReaderResult {
    const stream = streamAlipay(input);
    return { format: 'alipay', rows: [...stream.rows], declared: stream.declared };
  },

  stream: (input: Iterable<TableRow>) => streamAlipay(input),
};

/**
 * The reading, row by row (issue 14, Safety: a 200 MB export is never held whole). `input` is read
 * up to three times: once to find the header, the end of the data and the refunds; once more, only
 * when there are refunds, for their originals (rule 2; a refund is often listed before its
 * payment); and once to yield every row. Between passes only those few rows are kept.
 */
function streamAlipay(input: Iterable<TableRow>): RowStream {
  const declared: Declared = { currency: 'CNY' };
  let h = -1;
  let header: string[] = [];
  let end = Infinity;
  let c: Record<Col, number> | undefined;
  const cell = (r: TableRow, k: Col) => (c && c[k] >= 0 ? (r.cells[c[k]] ?? '').trim() : '');
  const wanted = { refs: new Set<string>(), memos: new Set<string>() };
  let i = 0;
  for (const r of input) {
    if (h < 0 && HEADER_NEEDS.every((n) => r.cells.includes(n))) {
      h = i;
      header = r.cells;
      c = columnsOf(header, COLUMNS);
    } else if (h >= 0 && end === Infinity) {
      // The data runs from the header to the first blank or "----" rule line; what follows is the trailer.
      if (isBlank(r) || /^-{5,}/.test(r.cells[0] ?? '')) end = i;
      else if (isRefund(r, cell)) {
        const ref = cell(r, 'reference');
        if (ref.indexOf('_') > 0) wanted.refs.add(ref.slice(0, ref.indexOf('_')));
        wanted.memos.add(memoKey(r, cell));
      }
    }
    i += 1;
  }
  const data = function* (): Generator<TableRow> {
    let k = 0;
    for (const r of input) {
      if (k > h && k < end) yield r;
      else if (k >= end) return;
      k += 1;
    }
  };
  const originals =
    wanted.memos.size > 0
      ? indexOriginals(data(), cell, wanted)
      : { byReference: new Map(), byCounterpartyMemo: new Map() };
  const rows = function* (): Generator<ImportedRow> {
    let k = 0;
    for (const r of input) {
      const source = rowSource(r.cells);
      if (h < 0)
        yield rejectedRow(r.line, source, because('importRow.noHeader', { columns: '收/支、交易对方、交易状态' }));
      else if (k < h || k >= end) {
        if (isBlank(r)) yield { kind: 'skipped', line: r.line, source, reason: 'blank' };
        else {
          const summary = readSummaryLine(r, declared);
          yield { kind: 'skipped', line: r.line, source, reason: summary || k >= end ? 'summary' : 'header' };
        }
      } else if (k === h) yield { kind: 'skipped', line: r.line, source, reason: 'header' };
      else yield classify(r, source, cell, originals);
      k += 1;
    }
  };
  return { format: 'alipay', rows: rows(), declared };
}

type CellOf = (r: TableRow, k: Col) => string;

interface Originals {
  byReference: Map<string, TableRow>;
  byCounterpartyMemo: Map<string, TableRow>;
}

const memoKey = (r: TableRow, cell: CellOf) =>
  `${cell(r, 'counterparty')}\u0000${cell(r, 'memo').replace(/^退款-/, '')}`;

/** Payments (not refunds) by 交易号 and by 交易对方 + 商品说明, for rule 2: only those a refund names. */
function indexOriginals(
  data: Iterable<TableRow>,
  cell: CellOf,
  wanted: { refs: Set<string>; memos: Set<string> },
): Originals {
  const byReference = new Map<string, TableRow>();
  const byCounterpartyMemo = new Map<string, TableRow>();
  for (const r of data) {
    if (isRefund(r, cell)) continue;
    const ref = cell(r, 'reference');
    if (ref && wanted.refs.has(ref) && !byReference.has(ref)) byReference.set(ref, r);
    const key = `${cell(r, 'counterparty')}\u0000${cell(r, 'memo')}`;
    if (wanted.memos.has(key) && !byCounterpartyMemo.has(key)) byCounterpartyMemo.set(key, r);
  }
  return { byReference, byCounterpartyMemo };
}

function isRefund(r: TableRow, cell: CellOf): boolean {
  return cell(r, 'category') === '退款' || cell(r, 'memo').startsWith('退款-') || cell(r, 'status') === '退款成功';
}

function originalOf(r: TableRow, cell: CellOf, originals: Originals): TableRow | undefined {
  const ref = cell(r, 'reference');
  const cut = ref.indexOf('_');
  const byRef = cut > 0 ? originals.byReference.get(ref.slice(0, cut)) : undefined;
  if (byRef) return byRef;
  return originals.byCounterpartyMemo.get(memoKey(r, cell));
}

function classify(r: TableRow, source: string, cell: CellOf, originals: Originals): ImportedRow {
  const line = r.line;
  if (isBlank(r)) return { kind: 'skipped', line, source, reason: 'blank' };
  const status = cell(r, 'status');
  if (FAILED.test(status)) return { kind: 'skipped', line, source, reason: 'failed' }; // rule 1

  let direction: 'in' | 'out' | 'neutral';
  const stated = cell(r, 'direction');
  const memo = cell(r, 'memo');
  if (isRefund(r, cell)) {
    const original = originalOf(r, cell, originals);
    direction = original && FAILED.test(cell(original, 'status')) ? 'neutral' : 'in'; // rule 2
  } else if (/收益发放/.test(memo)) {
    direction = 'in'; // rule 3
  } else if (stated === '收入') {
    direction = 'in';
  } else if (stated === '支出') {
    direction = 'out'; // rule 5
  } else if (stated === '' && /^已(收入|支出)$/.test(cell(r, 'fundStatus'))) {
    direction = cell(r, 'fundStatus') === '已收入' ? 'in' : 'out'; // rule 4, the old web export
  } else {
    direction = 'neutral'; // rule 4
  }
  if (direction === 'neutral') return { kind: 'skipped', line, source, reason: 'neutral' };

  const occurredAt = dateTimeText(cell(r, 'time'));
  if (!occurredAt)
    return rejectedRow(line, source, because('importRow.notDateTime', { field: '交易时间', value: cell(r, 'time') }));
  const amount = decimalAmount(cell(r, 'amount'));
  if (amount === undefined)
    return rejectedRow(line, source, because('importRow.notAmount', { field: '金额', value: cell(r, 'amount') }));
  // A 0.00 trade moved no money (a free order, a fully discounted one), as a bank's zero row.
  if (/^0+(\.0+)?$/.test(amount)) return { kind: 'skipped', line, source, reason: 'neutral' };

  const optional = (k: Col) => {
    const v = cell(r, k);
    return v === '' || v === '/' ? undefined : v;
  };
  return {
    kind: 'record',
    line,
    source,
    record: {
      occurredAt,
      direction,
      amount,
      currency: 'CNY',
      channel: 'alipay',
      counterparty: optional('counterparty') ?? '',
      counterpartyAccount: optional('counterpartyAccount'),
      reference: optional('reference'),
      merchantOrderRef: optional('merchantOrderRef'),
      memo: optional('memo'),
      category: optional('category'),
    },
  };
}
