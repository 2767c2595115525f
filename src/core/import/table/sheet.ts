/**
 * Spreadsheet statements (issue 14): .xlsx through exceljs (already a dependency) and legacy .xls
 * through our BIFF8 reader (xls.ts), each sheet's rows as TableRows of text (sheet-cells.ts), so
 * the tabular readers read a bank's XLSX like its CSV. A cell's formula is never evaluated: its
 * cached result is the text.
 *
 * exceljs's streaming WorkbookReader is not used: when worksheets precede the shared strings in
 * the zip it spools them to temporary files, and it does not give sheet names. Instead the whole
 * workbook is loaded, after the zip's central directory is checked so that a zip bomb is refused
 * before it is inflated (MAX_UNZIPPED). Payment exports as .xlsx are small; a 200 MB statement
 * comes as CSV, which streams.
 */
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { LedgerVaultError } from '../../errors';
import { isCompoundFile } from './cfb';
import { trimCell } from './csv';
import { dateText, numberText, type Sheet } from './sheet-cells';
import { readXls } from './xls';

export type { Sheet } from './sheet-cells';

/** What the zip may inflate to in all: far above any real statement, far below a bomb. */
export const MAX_UNZIPPED = 256 * 1024 * 1024;

export type SheetKind = 'xlsx' | 'xls';

/** The spreadsheet kind from the first bytes (a zip or an OLE compound file), else undefined. */
export function sheetKind(bytes: Uint8Array): SheetKind | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (isCompoundFile(bytes)) return 'xls';
  return undefined;
}

/** Every worksheet of a spreadsheet file, as rows of text. */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheet[]> {
  const kind = sheetKind(bytes);
  if (kind === 'xls') return readXls(bytes);
  if (kind !== 'xlsx') throw new LedgerVaultError('E_INPUT', 'Not a spreadsheet file (.xlsx or .xls).');
  checkZip(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (cause) {
    throw new LedgerVaultError('E_INPUT', 'Not a readable .xlsx file.', { cause });
  }
  const activeTab = workbook.views?.[0]?.activeTab ?? 0;
  const sheets: Sheet[] = [];
  workbook.worksheets.forEach((ws, index) => {
    const rows: Sheet['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        if (col > 1000) throw new LedgerVaultError('E_INPUT', `Row ${rowNumber} has more than 1000 columns.`);
        // A merged range is read once, in its top-left cell, as a person sees it.
        cells[col - 1] = cell.isMerged && cell.master !== cell ? '' : trimCell(cellText(cell.value));
      });
      rows.push({ line: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
    });
    sheets.push({ name: ws.name, rows, active: index === activeTab, hidden: ws.state !== 'visible' });
  });
  return sheets;
}

/** A cell's value as the text Excel shows for it. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || typeof result === 'object') {
      return result instanceof Date ? dateText(result) : '';
    }
    return cellText(result as ExcelJS.CellValue);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}

/**
 * Refuses a zip whose central directory declares more than MAX_UNZIPPED bytes in all, or that has
 * no readable directory, before exceljs inflates anything; and a zip that lies: each entry is
 * inflated here with its declared size as the limit (the unzipper behind exceljs trusts no
 * declared size and inflates all there is: a 300 KB file with a small declared size held 300 MB).
 */
function checkZip(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new LedgerVaultError('E_INPUT', 'Not a readable .xlsx file: no zip directory.');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new LedgerVaultError('E_INPUT', 'Not a readable .xlsx file: a broken zip directory.');
    }
    const declared = view.getUint32(at + 24, true);
    total += declared;
    if (total > MAX_UNZIPPED) {
      throw new LedgerVaultError('E_INPUT', 'The spreadsheet unpacks to more than 256 MB: refused as a zip bomb.');
    }
    checkEntrySize(bytes, view, at, declared);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

/** Inflates one entry no further than one byte past its declared size: more is a lie, refused as a bomb. */
function checkEntrySize(bytes: Uint8Array, view: DataView, dirAt: number, declared: number): void {
  const method = view.getUint16(dirAt + 10, true);
  const packed = view.getUint32(dirAt + 20, true);
  const local = view.getUint32(dirAt + 42, true);
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
    throw new LedgerVaultError('E_INPUT', 'Not a readable .xlsx file: a broken zip entry.');
  }
  const from = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(from, from + packed);
  let size = data.length;
  if (method === 8) {
    try {
      size = inflateRawSync(data, { maxOutputLength: declared + 1 }).length;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') return; // damaged data: exceljs says so
      size = declared + 1;
    }
  }
  if (size > declared) {
    throw new LedgerVaultError(
      'E_INPUT',
      'The spreadsheet unpacks to more than its zip directory says: refused as a zip bomb.',
    );
  }
}
