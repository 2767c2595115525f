/**
 * What the Alipay and WeChat Pay readers share: finding the header row under a preamble, naming
 * columns by their header text, the file's own summary lines (收入：N笔 X元), and the row's source
 * text kept for traceability.
 */
import { decimalAmount, toMinor } from './amount';
import type { Declared, TableRow } from './types';

/** The index of the first row that has every one of `names` among its cells, or -1. */
export function findHeader(rows: TableRow[], names: string[], limit = rows.length): number {
  for (let i = 0; i < Math.min(rows.length, limit); i += 1) {
    const cells = rows[i]!.cells;
    if (names.every((n) => cells.includes(n))) return i;
  }
  return -1;
}

/** Column positions by header text: the first alias found wins. */
export function columnsOf<K extends string>(header: string[], aliases: Record<K, string[]>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(aliases) as K[]) {
    out[key] = aliases[key].map((a) => header.indexOf(a)).find((i) => i >= 0) ?? -1;
  }
  return out;
}

/** The row as CSV text (cells quoted when they need it), stored with the record for traceability. */
export function rowSource(cells: string[]): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return cells
    .slice(0, end)
    .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(',');
}

export const isBlank = (row: TableRow) => row.cells.every((c) => c.trim() === '');

/** "2023-02-12 21:32:14" (or a date alone); exports pad it, spreadsheets may drop the seconds. */
export function dateTimeText(cell: string): string | undefined {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(cell.trim());
  if (!m) return undefined;
  const p = (s: string) => s.padStart(2, '0');
  const day = `${m[1]}-${p(m[2]!)}-${p(m[3]!)}`;
  if (m[4] === undefined) return day;
  return `${day} ${p(m[4])}:${m[5]}:${m[6] ?? '00'}`;
}

/**
 * Reads the summary lines both platforms write (in the preamble or after the data) into
 * `declared`: "收入：1笔 28.50元", "支出：x笔,1234.56元" (a count the publisher masked is left out),
 * Alipay web's "已收入:1笔,0.01元" (待收入, money not yet moved, is not what the rows hold), the
 * period "起始时间：[…] 终止时间：[…]" and the account "支付宝账户：…" / "账号:[…]".
 */
export function readSummaryLine(row: TableRow, declared: Declared): boolean {
  const text = row.cells.filter((c) => c !== '').join(' ');
  const money = /^(已)?(收入|支出)\s*[:：]\s*([^\s,笔]*)笔[\s,]*([\d,.]+)\s*元/.exec(text);
  if (money) {
    const count = /^\d+$/.test(money[3]!) ? Number(money[3]) : undefined;
    const amount = decimalAmount(money[4]!);
    const minor = amount === undefined ? undefined : toMinor(amount);
    if (money[2] === '收入') {
      declared.inCount = count;
      declared.inMinor = minor;
    } else {
      declared.outCount = count;
      declared.outMinor = minor;
    }
    return true;
  }
  const period = /起始(?:时间|日期)\s*[:：]\s*\[([^\]]*)\]\s*终止(?:时间|日期)\s*[:：]\s*\[([^\]]*)\]/.exec(text);
  if (period) {
    declared.from = period[1]!.trim();
    declared.to = period[2]!.trim();
    return true;
  }
  const account = /^(?:支付宝账户|账号)\s*[:：]\s*\[?([^\]]*)\]?$/.exec(text);
  if (account) {
    declared.account = account[1]!.trim();
    return true;
  }
  return /^(共\s*\d+\s*笔记录|[待]?(收入|支出)|不计收支|其他|中性交易)/.test(text);
}
