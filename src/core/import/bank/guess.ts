/**
 * A best guess of a column mapping from a file's header names (issue 14), for a layout nobody
 * has mapped: the header is the first of the opening rows with a date column and an amount
 * column (or in and out columns), named as Chinese banks and common English exports name them.
 * The wizard shows the guess for the user to correct; nothing is imported on a guess alone.
 */
import type { ColumnMappingInput } from './generic';
import { normaliseHeader } from './layout';
import { clean } from './money';
import type { TableRow } from '../types';

/** Names per field, most telling first; compared after normaliseHeader and in lower case. */
const NAMES = {
  // A column named a date comes before one named a time: beside 记账日期, 交易时间 may hold only "09:15:02".
  date: [
    '交易日期',
    '记账日期',
    '入账日期',
    '交易日',
    '记账日',
    '日期',
    '交易时间',
    '时间',
    'date',
    'transactiondate',
    'bookingdate',
    'posteddate',
    'valuedate',
  ],
  time: ['交易时间', '记账时间', '时间', 'time'],
  in: [
    '记账金额(收入)',
    '交易金额(收入)',
    '收入',
    '收入金额',
    '收入(元)',
    '存入',
    '存入金额',
    '贷方金额',
    '贷方发生额',
    '贷方',
    '收款金额',
    'credit',
    'deposit',
    'deposits',
    'moneyin',
    'paidin',
    'creditamount',
  ],
  out: [
    '记账金额(支出)',
    '交易金额(支出)',
    '支出',
    '支出金额',
    '支出(元)',
    '取出',
    '取出金额',
    '借方金额',
    '借方发生额',
    '借方',
    '付款金额',
    'debit',
    'withdrawal',
    'withdrawals',
    'moneyout',
    'paidout',
    'debitamount',
  ],
  amount: [
    '入账币种/金额',
    '交易币种/金额',
    '交易金额',
    '金额',
    '金额(元)',
    '发生额',
    '人民币金额',
    '入账金额',
    '结算金额',
    '记账金额',
    'amount',
    'transactionamount',
  ],
  direction: [
    '借贷',
    '借贷标志',
    '借贷方向',
    '收/支',
    '收支',
    '收支方向',
    '收支类型',
    'dr/cr',
    'debit/credit',
    'd/c',
    'cr/dr',
  ],
  counterparty: [
    '对方户名',
    '对方名称',
    '对方账户名',
    '交易对方',
    '交易对手名称',
    '对手信息',
    '对方单位',
    '收/付款方',
    '收款人',
    '付款人',
    '商户名称',
    'payee',
    'payer',
    'counterparty',
    'name',
    'description',
    '交易描述',
    '交易说明',
    '交易摘要',
    '摘要',
  ],
  counterpartyAccount: [
    '对方账号',
    '对方账户',
    '对方卡号/账号',
    '对方卡号',
    '交易对手账号',
    'counterpartyaccount',
    'iban',
  ],
  reference: [
    '交易流水号',
    '流水号',
    '交易参考号',
    '参考号',
    '交易单号',
    '交易号',
    '日志号',
    '凭证号',
    'reference',
    'transactionid',
    'ref',
  ],
  memo: [
    '摘要',
    '交易摘要',
    '附言',
    '备注',
    '用途',
    '交易描述',
    '交易说明',
    '交易类型',
    'memo',
    'description',
    'narrative',
    'details',
    'remarks',
  ],
  currency: ['币种', '货币', '币别', '记账币种', '入账货币', '结算币种', '交易币种', 'currency'],
} as const;

type Field = keyof typeof NAMES;

function find(names: Map<string, string>, field: Field, taken: Set<string>): string | undefined {
  for (const n of NAMES[field]) {
    const original = names.get(n);
    if (original !== undefined && !taken.has(original)) return original;
  }
  return undefined;
}

/** The date order the first data rows show: year first, or day first when a first part exceeds 12. */
function dateFormatOf(samples: string[]): 'YYYY-MM-DD' | 'DD-MM-YYYY' | 'MM-DD-YYYY' | 'MM-DD' {
  if (samples.some((s) => /^\d{4}/.test(s))) return 'YYYY-MM-DD';
  const parts = samples.map((s) => /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?/.exec(s)).filter((m) => m !== null);
  if (parts.length > 0 && parts.every((m) => m[3] === undefined)) return 'MM-DD';
  if (parts.some((m) => Number(m[1]) > 12)) return 'DD-MM-YYYY';
  if (parts.some((m) => Number(m[2]) > 12)) return 'MM-DD-YYYY';
  return 'DD-MM-YYYY';
}

/** A mapping guessed from the head of a file, or undefined when no row looks like a header. */
export function guessMapping(head: TableRow[]): ColumnMappingInput | undefined {
  for (let r = 0; r < head.length; r += 1) {
    const row = head[r]!;
    // normalised lower-case name -> the header text as written (the mapping keeps the file's own names)
    const names = new Map<string, string>();
    for (const cell of row.cells) {
      const text = clean(cell);
      if (text.length > 60) continue; // a header name is short; a long cell is data or a note
      const n = normaliseHeader(text).toLowerCase();
      if (n !== '' && !names.has(n)) names.set(n, text);
    }
    const taken = new Set<string>();
    const take = (field: Field): string | undefined => {
      const c = find(names, field, taken);
      if (c !== undefined) taken.add(c);
      return c;
    };
    const date = take('date');
    if (date === undefined) continue;
    // A second date column fills a row whose first is empty (a card's repayment has no 交易日).
    const spare = find(names, 'date', taken);
    const dates =
      spare !== undefined && !(NAMES.time as readonly string[]).includes(normaliseHeader(spare).toLowerCase())
        ? [date, spare]
        : [date];
    dates.forEach((d) => taken.add(d));
    const inCol = take('in');
    const outCol = inCol === undefined ? undefined : take('out');
    const amount = inCol !== undefined && outCol !== undefined ? undefined : take('amount');
    if (amount === undefined && (inCol === undefined || outCol === undefined)) continue;
    if (amount !== undefined && inCol !== undefined) taken.delete(inCol);
    const time = take('time');
    const direction = amount === undefined ? undefined : take('direction');
    const counterpartyAccount = take('counterpartyAccount');
    const reference = take('reference');
    const currency = take('currency');
    const counterparty = find(names, 'counterparty', taken);
    if (counterparty !== undefined) taken.add(counterparty);
    const memo = find(names, 'memo', taken);
    // No name column: the first column no other field took, which the wizard shows for a check.
    const who = counterparty ?? memo ?? [...names.values()].find((n) => !taken.has(n) && n !== date);
    if (who === undefined) continue;
    const di = row.cells.findIndex((c) => clean(c) === date);
    const samples = head
      .slice(r + 1, r + 6)
      .map((x) => clean(x.cells[di]))
      .filter((s) => s !== '');
    const mapping: ColumnMappingInput = {
      headerRow: row.line,
      date: dates.length === 1 ? date : dates,
      counterparty: who,
      dateFormat: dateFormatOf(samples),
    };
    // A credit card statement lists a purchase as a positive figure: money out.
    const above = head
      .slice(0, r)
      .flatMap((x) => x.cells)
      .join(' ');
    if (/信用卡|credit\s*card/i.test(above)) {
      mapping.positive = 'out';
      mapping.channel = 'card';
    }
    if (amount !== undefined) mapping.amount = amount;
    else {
      mapping.in = inCol;
      mapping.out = outCol;
    }
    if (time !== undefined) mapping.time = time;
    if (direction !== undefined) mapping.direction = { column: direction };
    if (counterpartyAccount !== undefined) mapping.counterpartyAccount = counterpartyAccount;
    if (reference !== undefined) mapping.reference = reference;
    if (currency !== undefined) mapping.currency = currency;
    if (memo !== undefined) mapping.memo = memo;
    return mapping;
  }
  return undefined;
}
