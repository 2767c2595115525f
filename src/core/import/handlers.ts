/**
 * The import wizard's channels (issue 14). The shell's open dialog names the file and the core
 * reads it (at most 200 MB); the renderer gets a random handle for those bytes, never a path.
 * The bytes and the last preview's rows are held here, for this session only: a new pick
 * replaces them and every lock or sign-in clears them. Authorization, checks and the audit
 * happen in the pipeline (import-file.ts, import-batches.ts), not here.
 */
import { randomBytes } from 'node:crypto';
import { authorizeRole } from '../access/authorize';
import { inputError } from '../errors';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import type {
  ImportEncoding,
  ImportFormat,
  ImportOptionsInput,
  ImportPreviewView,
  ImportRowView,
  ImportTotalsView,
} from '../../shared/import/contract';
import { openSource } from './detect';
import type { EncodingId } from './encoding';
import { readCsv } from './table/csv';
import { commitImport, IMPORT_MAX_BYTES, previewImport, type ImportInput } from './import-file';
import { listImports, undoImport } from './import-batches';
import type { FormatId } from './types';

// The shared lists must name exactly the core's formats and encodings (a mismatch fails to compile).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const formatsAgree: Same<FormatId, ImportFormat> = true;
const encodingsAgree: Same<EncodingId, ImportEncoding> = true;
void formatsAgree;
void encodingsAgree;

interface Held {
  fileName: string;
  bytes: Uint8Array;
  /** The last preview's rows, for paging. */
  rows: ImportRowView[] | null;
}

const FIRST_PAGE = 100;

/** In and out totals of every row read as a record (new or duplicate), per currency. */
function totalsOf(rows: ImportRowView[]): ImportTotalsView[] {
  const by = new Map<string, ImportTotalsView>();
  for (const r of rows) {
    const rec = r.record;
    if (!rec || r.status === 'rejected' || r.status === 'skipped') continue;
    const t = by.get(rec.currency) ?? { currency: rec.currency, inCount: 0, inMinor: 0, outCount: 0, outMinor: 0 };
    if (rec.direction === 'in') {
      t.inCount += 1;
      t.inMinor += rec.amountMinor;
    } else if (rec.direction === 'out') {
      t.outCount += 1;
      t.outMinor += rec.amountMinor;
    }
    by.set(rec.currency, t);
  }
  return [...by.values()];
}

const HEAD = { rows: 40, cells: 60, chars: 200, textChars: 64 * 1024 };

/** The first rows of a table (a CSV's, or a spreadsheet's active sheet), cut to size for the screen. */
async function headRows(bytes: Uint8Array, encoding?: EncodingId): Promise<{ line: number; cells: string[] }[]> {
  const source = await openSource(bytes, encoding);
  const rows: { line: number; cells: string[] }[] = [];
  const take = (line: number, cells: string[]) =>
    rows.push({ line, cells: cells.slice(0, HEAD.cells).map((c) => c.slice(0, HEAD.chars)) });
  if (source.kind === 'sheet') {
    const sheet = source.sheets.find((x) => x.active) ?? source.sheets[0];
    for (const r of (sheet?.rows ?? []).slice(0, HEAD.rows)) take(r.line, r.cells);
    return rows;
  }
  try {
    for (const r of readCsv(source.decoded.text.slice(0, HEAD.textChars))) {
      if (rows.length >= HEAD.rows) break;
      take(r.line, r.cells);
    }
  } catch {
    // Not a table at all (a cut-off quote, a 2 MB line): the rows read so far.
  }
  return rows;
}

export function registerImportHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const held = new Map<string, Held>();
  service.onSessionChange(() => held.clear());
  const s = () => service.requireSession();

  const take = (handle: string): Held => {
    const file = held.get(handle);
    if (!file) throw inputError('import.pickAgain');
    return file;
  };
  const inputOf = (file: Held, q: Omit<ImportOptionsInput, 'handle'>): ImportInput => ({
    clientId: q.clientId,
    accountId: q.accountId,
    bytes: file.bytes,
    fileName: file.fileName,
    format: q.format,
    encoding: q.encoding,
    mapping: q.mapping,
  });

  registry.register('import:pick', async () => {
    // Refused before the dialog opens, not after the user picked a file.
    authorizeRole(s(), 'records.import');
    const file = await service.openFile('payment-export', IMPORT_MAX_BYTES);
    if (!file) return null;
    const handle = randomBytes(16).toString('hex');
    // One file at a time: a new pick lets go of the previous one (up to 200 MB each).
    held.clear();
    held.set(handle, { fileName: file.name, bytes: file.bytes, rows: null });
    return { handle, fileName: file.name, bytes: file.bytes.byteLength };
  });

  registry.register('import:preview', async ({ handle, limit, ...q }): Promise<ImportPreviewView> => {
    const file = take(handle);
    const preview = await previewImport(s(), inputOf(file, q));
    file.rows = preview.rows;
    return {
      handle,
      fileName: file.fileName,
      format: preview.format,
      runnerUp: preview.candidates.find((c) => c.format !== preview.format)?.format ?? null,
      candidates: preview.candidates,
      encoding: preview.encoding,
      encodingConfident: preview.encodingConfident,
      sha256: preview.sha256,
      declared: preview.declared,
      totals: totalsOf(preview.rows),
      counts: preview.counts,
      rows: preview.rows.slice(0, limit ?? FIRST_PAGE),
      total: preview.rows.length,
    };
  });

  registry.register('import:head', async ({ handle, encoding }) => {
    authorizeRole(s(), 'records.import');
    return { rows: await headRows(take(handle).bytes, encoding) };
  });

  registry.register('import:rows', ({ handle, offset, limit, status }) => {
    s();
    const rows = take(handle).rows;
    if (!rows) throw inputError('import.pickAgain');
    const chosen = !status
      ? rows
      : status === 'records'
        ? rows.filter((r) => r.status !== 'skipped')
        : rows.filter((r) => r.status === status);
    return { rows: chosen.slice(offset, offset + limit), total: chosen.length };
  });

  registry.register('import:commit', async ({ handle, acceptDuplicates, ...q }) => {
    const file = take(handle);
    const done = await commitImport(s(), { ...inputOf(file, q), acceptDuplicates });
    // The rows as imported: a preview asked for now would show them all as duplicates.
    file.rows = null;
    return { batchId: done.batchId, counts: done.counts };
  });

  registry.register('import:batches', (q) => listImports(s(), q));
  registry.register('import:undo', ({ batchId, reason }) => undoImport(s(), batchId, reason));
}
