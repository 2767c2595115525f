/**
 * The import wizard's channels (issue 14). The shell's open dialog names the file and the core
 * reads it itself, chunk by chunk (at most 200 MB, never whole: import-source.ts); the renderer
 * gets a random handle for it, never a path. The path, the last preview's first rows, its compact
 * status per row and the SHA-256 it read are held here, for this session only: a new pick
 * replaces them and every lock or sign-in clears them. A page beyond the rows held is read again
 * from the file; a file changed since the preview is refused (E_CONFLICT) there and at the commit.
 * Authorization, checks and the audit happen in the pipeline (import-file.ts, import-batches.ts).
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
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
} from '../../shared/import/contract';
import { openSource } from './detect';
import type { EncodingId } from './encoding';
import { readCsv } from './table/csv';
import {
  ACCEPTED,
  commitImport,
  previewImport,
  STATUS_CODES,
  type ImportInput,
  type PreviewRow,
  type RowStatuses,
} from './import-file';
import { pathFile } from './import-source';
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
  path: string;
  /** The last preview: its options, the SHA-256 it read, its first rows and every row's status. */
  preview: {
    query: Omit<ImportOptionsInput, 'handle'>;
    sha256: string;
    rows: ImportRowView[];
    statuses: RowStatuses;
  } | null;
}

const FIRST_PAGE = 100;

/** Which row indexes a page shows: `status` 'records' is every row but the skipped ones. */
function pageOf(statuses: RowStatuses, status: string | undefined, offset: number, limit: number) {
  const skipped = STATUS_CODES.indexOf('skipped');
  const wanted = status === undefined ? -1 : STATUS_CODES.indexOf(status as (typeof STATUS_CODES)[number]);
  const indexes: number[] = [];
  let total = 0;
  for (let i = 0; i < statuses.count; i += 1) {
    const code = statuses.codes[i]! & (ACCEPTED - 1);
    const match = !status || (status === 'records' ? code !== skipped : code === wanted);
    if (!match) continue;
    if (total >= offset && indexes.length < limit) indexes.push(i);
    total += 1;
  }
  return { indexes, total };
}

const HEAD = { rows: 40, cells: 60, chars: 200, textChars: 64 * 1024 };

/** The first rows of a table (a CSV's, or a spreadsheet's active sheet), cut to size for the screen. */
async function headRows(path: string, encoding?: EncodingId): Promise<{ line: number; cells: string[] }[]> {
  const source = await openSource(pathFile(path), encoding);
  const rows: { line: number; cells: string[] }[] = [];
  const take = (line: number, cells: string[]) =>
    rows.push({ line, cells: cells.slice(0, HEAD.cells).map((c) => c.slice(0, HEAD.chars)) });
  if (source.kind === 'sheet') {
    const sheet = source.sheets.find((x) => x.active) ?? source.sheets[0];
    for (const r of (sheet?.rows ?? []).slice(0, HEAD.rows)) take(r.line, r.cells);
    return rows;
  }
  try {
    for (const r of readCsv(source.head.slice(0, HEAD.textChars))) {
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
    path: file.path,
    fileName: file.fileName,
    format: q.format,
    encoding: q.encoding,
    mapping: q.mapping,
    statementAccount: q.statementAccount,
  });

  registry.register('import:pick', async ({ dropped }) => {
    // Refused before the dialog opens, not after the user picked a file.
    authorizeRole(s(), 'records.import');
    // A drop: the shell answers the file its drop channel checked (never a dialog, never the renderer's word).
    const chosen = await service.chooseOpenPath(dropped ? 'dropped-payment-export' : 'payment-export');
    if (chosen === null) return null;
    // Opened now: not a file, unreadable or over 200 MB is said at the pick, not at the preview.
    const size = pathFile(chosen).size;
    const handle = randomBytes(16).toString('hex');
    // One file at a time: a new pick lets go of the previous one.
    held.clear();
    const fileName = basename(chosen);
    held.set(handle, { fileName, path: chosen, preview: null });
    return { handle, fileName, bytes: size };
  });

  registry.register('import:preview', async ({ handle, limit, ...q }): Promise<ImportPreviewView> => {
    const file = take(handle);
    const preview = await previewImport(s(), inputOf(file, q));
    file.preview = { query: q, sha256: preview.sha256, rows: preview.rows, statuses: preview.statuses };
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
      totals: preview.totals,
      counts: preview.counts,
      rows: preview.rows.slice(0, limit ?? FIRST_PAGE),
      total: preview.statuses.count,
    };
  });

  registry.register('import:head', async ({ handle, encoding }) => {
    authorizeRole(s(), 'records.import');
    return { rows: await headRows(take(handle).path, encoding) };
  });

  registry.register('import:rows', async ({ handle, offset, limit, status }) => {
    const session = s();
    const file = take(handle);
    const preview = file.preview;
    if (!preview) throw inputError('import.pickAgain');
    const { indexes, total } = pageOf(preview.statuses, status, offset, limit);
    if (indexes.every((i) => i < preview.rows.length)) return { rows: indexes.map((i) => preview.rows[i]!), total };
    // Beyond the rows held: the file read again for this page's rows only (same options, same bytes).
    const wanted = new Set(indexes);
    const rows: PreviewRow[] = [];
    await previewImport(
      session,
      { ...inputOf(file, preview.query), sha256: preview.sha256 },
      { keepRows: 0, onRow: (row, i) => void (wanted.has(i) && rows.push(row)) },
    );
    return { rows, total };
  });

  registry.register('import:commit', async ({ handle, acceptDuplicates, ...q }) => {
    const file = take(handle);
    // The bytes the preview showed, or nothing: a file changed since is E_CONFLICT, nothing imported.
    const sha256 = file.preview?.sha256;
    const done = await commitImport(s(), { ...inputOf(file, q), acceptDuplicates, sha256 });
    // The rows as imported: a preview asked for now would show them all as duplicates.
    file.preview = null;
    return { batchId: done.batchId, counts: done.counts };
  });

  registry.register('import:batches', (q) => listImports(s(), q));
  registry.register('import:undo', ({ batchId, reason }) => undoImport(s(), batchId, reason));
}
