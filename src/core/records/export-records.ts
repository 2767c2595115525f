import { authorize } from '../access/authorize';
import { clientNames } from '../access/client-names';
import { toCsv } from '../export/csv';
import { saveThenAudit, type SaveExport, type SavedExport } from '../export/save';
import { buildXlsx, safeFileName, type XlsxCell, type XlsxColumn } from '../export/xlsx';
import { refuseProblem } from '../errors';
import { reasonProblem } from '../../shared/records/rules';
import { formatAmount } from '../../shared/money';
import { formatShanghai, parseShanghai, shanghaiDate } from '../../shared/time';
import type { VaultSession } from '../vault/session';
import { queryRecords, visibleClientIds, type RecordQuery, type RecordView } from './index';
import { auditedFilter, readableClientIds } from './query-records';
import { requireClientKey } from './sealed-record';
import { prepareReveal } from './reveal';
import { exportBaseName } from './export-names';

type Locale = 'zh-CN' | 'en';

const WORDS = {
  'zh-CN': {
    sheet: '支付记录',
    total: '合计',
    direction: { in: '收入', out: '支出', neutral: '其他' },
    status: { succeeded: '成功', refunded: '已退款', closed: '已关闭', pending: '处理中' },
  },
  en: {
    sheet: 'Payment records',
    total: 'Total',
    direction: { in: 'In', out: 'Out', neutral: 'Other' },
    status: { succeeded: 'Succeeded', refunded: 'Refunded', closed: 'Closed', pending: 'Pending' },
  },
} as const;

/** The CSV keeps one amount column (its rows are what the list shows); headings per locale. */
const CSV_HEADER = {
  'zh-CN': [
    '编号',
    '客户',
    '交易时间',
    '方向',
    '金额',
    '币种',
    '渠道',
    '交易对方',
    '对方账号',
    '交易流水号',
    '商户订单号',
    '摘要',
    '分类',
    '状态',
  ],
  en: [
    'ID',
    'Client',
    'Time',
    'Direction',
    'Amount',
    'Currency',
    'Channel',
    'Counterparty',
    'Counterparty account',
    'Reference',
    'Merchant order',
    'Memo',
    'Category',
    'Status',
  ],
};

function csvRow(r: RecordView, locale: Locale): (string | number)[] {
  return [
    r.id,
    r.clientName,
    // Beijing wall-clock time; a record entered without a time shows its date alone, no made-up 00:00.
    r.hasTime ? formatShanghai(r.occurredAt, 'second') : shanghaiDate(r.occurredAt),
    WORDS[locale].direction[r.direction],
    formatAmount(r.amountMinor, r.currency),
    r.currency,
    r.channel ?? '',
    r.counterparty ?? '',
    r.counterpartyAccount ?? '',
    r.reference ?? '',
    r.merchantOrderRef ?? '',
    r.memo ?? '',
    r.category ?? '',
    WORDS[locale].status[r.status],
  ];
}

/**
 * XLSX columns. Amounts go in separate 收入 and 支出 columns, as in a 银行日记账 (用友/金蝶 print the
 * journal with 借方/贷方 columns): each column sums on its own, no minus signs to misread, and
 * 净额 is one subtraction. A record with neither direction gets its own column only when the
 * export has one, so the usual sheet stays as narrow as the journal.
 */
function xlsxColumns(locale: Locale, withOther: boolean): XlsxColumn[] {
  const zh = locale === 'zh-CN';
  const cols: XlsxColumn[] = [
    { header: zh ? '编号' : 'ID', width: 8 },
    { header: zh ? '客户' : 'Client', width: 22 },
    { header: zh ? '交易时间' : 'Time', width: 18 },
    { header: zh ? '方向' : 'Direction', width: 8 },
    { header: zh ? '收入' : 'In', width: 14, sum: true },
    { header: zh ? '支出' : 'Out', width: 14, sum: true },
  ];
  if (withOther) cols.push({ header: zh ? '其他金额' : 'Other amount', width: 14, sum: true });
  return cols.concat([
    { header: zh ? '币种' : 'Currency', width: 8 },
    { header: zh ? '渠道' : 'Channel', width: 10 },
    { header: zh ? '交易对方' : 'Counterparty', width: 24 },
    { header: zh ? '对方账号' : 'Counterparty account', width: 24 },
    { header: zh ? '交易流水号' : 'Reference', width: 26 },
    { header: zh ? '商户订单号' : 'Merchant order', width: 26 },
    { header: zh ? '摘要' : 'Memo', width: 30 },
    { header: zh ? '分类' : 'Category', width: 12 },
    { header: zh ? '状态' : 'Status', width: 10 },
  ]);
}

function xlsxRow(r: RecordView, locale: Locale, withOther: boolean): XlsxCell[] {
  const text = (value: string | number | null): XlsxCell => ({
    kind: 'text',
    value: value === null ? null : String(value),
  });
  const money = (dir: RecordView['direction']): XlsxCell => ({
    kind: 'money',
    minor: r.direction === dir ? r.amountMinor : null,
    currency: r.currency,
  });
  const cells: XlsxCell[] = [
    // The id is a plain number: it sorts and filters as one.
    { kind: 'number', value: r.id },
    text(r.clientName),
    { kind: 'date', at: parseShanghai(r.occurredAt) ?? Date.parse(r.occurredAt), withTime: r.hasTime },
    text(WORDS[locale].direction[r.direction]),
    money('in'),
    money('out'),
  ];
  if (withOther) cells.push(money('neutral'));
  return cells.concat([
    text(r.currency),
    text(r.channel),
    text(r.counterparty),
    text(r.counterpartyAccount),
    text(r.reference),
    text(r.merchantOrderRef),
    text(r.memo),
    text(r.category),
    text(WORDS[locale].status[r.status]),
  ]);
}

/**
 * Where the file went, for the audit log, which holds no client's name (names are under the
 * client's key, the log only under the vault key): the suggested file name carries the name, so
 * it is replaced by the client's number.
 */
function withoutClientName(path: string, name: string | null, clientId: number | undefined): string {
  if (!name || clientId === undefined) return path;
  return [name, safeFileName(name)].reduce((p, n) => p.split(n).join(`#${clientId}`), path);
}

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  locale?: Locale;
  /** Full account numbers instead of masked ones: needs records.reveal and a reason, both audited. */
  reveal?: { reason: string };
  /** Writes the file (dialog, --out, ...) and says where, or null when the user cancelled. */
  save: SaveExport;
}

/**
 * The filtered list as CSV (UTF-8 with BOM) or XLSX (typed cells, src/core/export/xlsx.ts), every
 * text cell formula-safe, account numbers masked unless revealed with a reason. Handed to `save`
 * under a name with the client and period; audited with the filter, row count and path only once
 * saved (a cancelled dialog or failed write leaves no export or reveal event).
 */
export async function exportRecords(
  session: VaultSession,
  query: RecordQuery,
  opts: ExportOptions,
): Promise<SavedExport | null> {
  const locale = opts.locale ?? 'zh-CN';
  if (query.clientId !== undefined) {
    authorize(session, 'records.export', query.clientId);
    requireClientKey(session, 'records.export', query.clientId);
  } else authorize(session, 'client.list');
  if (query.clientId === undefined && visibleClientIds(session) !== null) {
    // Across clients: the permission to export is checked for each one the export reaches.
    for (const id of readableClientIds(session)) authorize(session, 'records.export', id);
  }
  if (opts.reveal) refuseProblem(reasonProblem(opts.reveal.reason));
  const all: RecordView[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = queryRecords(session, {
      ...query,
      limit: 1000,
      offset,
      sort: query.sort ?? 'occurredAt',
      order: query.order ?? 'asc',
    });
    all.push(...page.rows);
    if (page.rows.length < 1000) break;
  }
  const reveal = opts.reveal ? prepareReveal(session, all, opts.reveal.reason, 'export') : undefined;
  if (reveal) for (const r of all) r.counterpartyAccount = reveal.full.get(r.id) ?? null;
  let bytes: Buffer;
  if (opts.format === 'csv') {
    bytes = toCsv(
      CSV_HEADER[locale],
      all.map((r) => csvRow(r, locale)),
    );
  } else {
    const withOther = all.some((r) => r.direction === 'neutral');
    bytes = await buildXlsx({
      name: WORDS[locale].sheet,
      columns: xlsxColumns(locale, withOther),
      rows: all.map((r) => xlsxRow(r, locale, withOther)),
      totalsLabel: WORDS[locale].total,
    });
  }
  const clientName =
    query.clientId === undefined ? null : (clientNames(session, [query.clientId]).get(query.clientId) ?? null);
  const name = `${exportBaseName(clientName, query, locale)}.${opts.format}`;
  return saveThenAudit(session, opts.save, { name, bytes, rows: all.length }, (ctx, path) => {
    reveal?.audit(ctx);
    ctx.audit({
      action: 'records.export',
      clientId: query.clientId ?? null,
      details: {
        format: opts.format,
        filter: auditedFilter(query),
        rows: all.length,
        revealed: opts.reveal ? true : false,
        reason: opts.reveal?.reason.trim(),
        path: withoutClientName(path, clientName, query.clientId),
      },
    });
  });
}
