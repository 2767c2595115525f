import ExcelJS from 'exceljs';
import { authorize } from '../access/authorize';
import { neutralizeCell, toCsv } from '../export/csv';
import { exportFileName, saveThenAudit, type SaveExport, type SavedExport } from '../export/save';
import { refuseProblem } from '../errors';
import { reasonProblem } from '../../shared/records/rules';
import { formatAmount } from '../../shared/money';
import type { VaultSession } from '../vault/session';
import { queryRecords, visibleClientIds, type RecordQuery, type RecordView } from './index';
import { prepareReveal } from './reveal';

const HEADER = {
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
const DIRECTION = {
  'zh-CN': { in: '收入', out: '支出', neutral: '其他' },
  en: { in: 'in', out: 'out', neutral: 'neutral' },
};

function row(r: RecordView, locale: 'zh-CN' | 'en'): (string | number)[] {
  return [
    r.id,
    r.clientName,
    r.occurredAt,
    DIRECTION[locale][r.direction],
    formatAmount(r.amountMinor, r.currency),
    r.currency,
    r.channel ?? '',
    r.counterparty ?? '',
    r.counterpartyAccount ?? '',
    r.reference ?? '',
    r.merchantOrderRef ?? '',
    r.memo ?? '',
    r.category ?? '',
    r.status,
  ];
}

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  locale?: 'zh-CN' | 'en';
  /** Full account numbers instead of masked ones: needs records.reveal and a reason, both audited. */
  reveal?: { reason: string };
  /** Writes the file (dialog, --out, ...) and says where, or null when the user cancelled. */
  save: SaveExport;
}

/**
 * The filtered list as CSV (UTF-8 with BOM) or XLSX, every cell formula-safe, account numbers
 * masked unless revealed with a reason. Handed to `save`; audited with the filter, row count and
 * path only once saved (a cancelled dialog or failed write leaves no export or reveal event).
 */
export async function exportRecords(
  session: VaultSession,
  query: RecordQuery,
  opts: ExportOptions,
): Promise<SavedExport | null> {
  const locale = opts.locale ?? 'zh-CN';
  if (query.clientId !== undefined) authorize(session, 'records.export', query.clientId);
  else authorize(session, 'client.list');
  if (query.clientId === undefined) {
    // Across clients: the permission to export is checked for each one the export reaches.
    for (const id of visibleClientIds(session) ?? []) authorize(session, 'records.export', id);
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
  const rows = all.map((r) => row(r, locale));
  let bytes: Buffer;
  if (opts.format === 'csv') {
    bytes = toCsv(HEADER[locale], rows);
  } else {
    const book = new ExcelJS.Workbook();
    book.creator = 'LedgerVault';
    const sheet = book.addWorksheet(locale === 'zh-CN' ? '支付记录' : 'Payment records');
    sheet.addRow(HEADER[locale]);
    // Every cell is written as text (neutralised like the CSV): a spreadsheet never evaluates it.
    for (const r of rows) sheet.addRow(r.map((c) => neutralizeCell(c)));
    sheet.getRow(1).font = { bold: true };
    bytes = Buffer.from(await book.xlsx.writeBuffer());
  }
  const name = exportFileName('records', opts.format);
  return saveThenAudit(session, opts.save, { name, bytes, rows: all.length }, (ctx, path) => {
    reveal?.audit(ctx);
    ctx.audit({
      action: 'records.export',
      clientId: query.clientId ?? null,
      details: {
        format: opts.format,
        filter: { ...query },
        rows: all.length,
        revealed: opts.reveal ? true : false,
        reason: opts.reveal?.reason.trim(),
        path,
      },
    });
  });
}
