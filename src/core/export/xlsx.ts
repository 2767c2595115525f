/**
 * A worksheet a bookkeeper can work with as soon as it opens: amounts are numbers (so SUM and
 * pivot tables work) shown with two decimals, dates are Excel dates (so filters group by month),
 * and only what must stay literal is text: account numbers and references (a 19-digit card number
 * as a number loses its last digits and turns into 6.22E+18) and anything that starts like a
 * formula. A string cell is never evaluated; a leading apostrophe is kept on formula-like text as
 * in the CSV, so re-entering the cell in Excel does not turn it into a live formula either.
 */
import ExcelJS from 'exceljs';
import { minorDigits } from '../../shared/money';
import { shanghaiParts } from '../../shared/time';
import { neutralizeCell } from './csv';

export type XlsxCell =
  | { kind: 'text'; value: string | null }
  | { kind: 'number'; value: number }
  | { kind: 'money'; minor: number | null; currency: string }
  | { kind: 'date'; at: number; withTime: boolean };

export interface XlsxColumn {
  header: string;
  /** Width in characters (a CJK character counts about two). */
  width: number;
  /** Money columns get a sum in the totals row. */
  sum?: boolean;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: XlsxCell[][];
  /** The first cell of the totals row (合计); no totals row when absent. */
  totalsLabel?: string;
}

function moneyFormat(currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
}

/** Integer minor units to the number a spreadsheet shows: 1234 fen -> 12.34 (exact to the cent). */
export function minorToNumber(minor: number, currency: string): number {
  const digits = minorDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

/**
 * An instant as the Excel date Beijing staff expect: Excel dates have no zone, so the cell holds
 * the Beijing wall-clock time (read as UTC by the writer), whatever zone this computer is in.
 */
function excelDate(at: number, withTime: boolean): Date {
  const p = shanghaiParts(at);
  return withTime
    ? new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second))
    : new Date(Date.UTC(p.year, p.month - 1, p.day));
}

function setCell(cell: ExcelJS.Cell, value: XlsxCell): void {
  if (value.kind === 'text') {
    cell.value = value.value === null ? null : neutralizeCell(value.value);
    cell.numFmt = '@';
  } else if (value.kind === 'number') {
    cell.value = value.value;
  } else if (value.kind === 'money') {
    cell.value = value.minor === null ? null : minorToNumber(value.minor, value.currency);
    cell.numFmt = moneyFormat(value.currency);
  } else {
    cell.value = excelDate(value.at, value.withTime);
    cell.numFmt = value.withTime ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
  }
}

/** The workbook's bytes: a bold, frozen header, set column widths and, if asked, a totals row. */
export async function buildXlsx(sheetSpec: XlsxSheet): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'LedgerVault';
  const sheet = book.addWorksheet(sheetSpec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetSpec.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const sums = sheetSpec.columns.map(() => new Map<string, number>());
  sheetSpec.rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 2);
    cells.forEach((value, c) => {
      setCell(row.getCell(c + 1), value);
      if (value.kind === 'money' && value.minor !== null && sheetSpec.columns[c]?.sum) {
        sums[c]!.set(value.currency, (sums[c]!.get(value.currency) ?? 0) + value.minor);
      }
    });
  });
  if (sheetSpec.totalsLabel !== undefined) {
    const row = sheet.getRow(sheetSpec.rows.length + 2);
    row.getCell(1).value = sheetSpec.totalsLabel;
    sheetSpec.columns.forEach((c, i) => {
      if (!c.sum) return;
      // Summed in integer minor units, so the total is exactly the sum of the rows shown. With
      // several currencies in one column no single sum is honest: the cell stays empty.
      const [entry, ...more] = [...sums[i]!.entries()];
      const [currency, minor] = entry ?? ['CNY', 0];
      if (more.length === 0) setCell(row.getCell(i + 1), { kind: 'money', minor, currency });
    });
    row.font = { bold: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Characters Windows refuses in a file name (and control characters) become "_". */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '')
    .trim();
  return cleaned.length > 0 ? cleaned.slice(0, 180) : 'export';
}
