/**
 * The import pipeline (issue 14), as the wizard's two IPC calls and the CLI use it:
 * `previewImport` reads and classifies every row and writes nothing; `commitImport` does the same
 * inside ONE write transaction (so nothing slips in between check and insert) and inserts the
 * rows to import through records/insert-records.ts, with one import batch row and one audit
 * event. Any failure rolls the whole file back: nothing is ever half-imported.
 *
 * Both stream (issue 14, Safety): rows are read, classified and (at commit) inserted a batch at a
 * time, so a 200 MB file is never held whole. The preview keeps its counts, totals, a compact
 * status per row and the first `keepRows` rows whole; `onRow` sees every row once, in order (the
 * CLI keeps the ones to report, the wizard's paging re-reads the rows of a page). The commit reads
 * the file again and refuses it (E_CONFLICT) when its SHA-256 is not the one the preview read.
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clientNames, requireClientKey } from '../access/client-names';
import { clients, paymentAccounts } from '../db/schema';
import { inputError, LedgerVaultError } from '../errors';
import { insertRecords, recordLimits } from '../records';
import { nextRowId } from '../vault/row-ids';
import { sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import { isImported, RowClassifier, type ClassifiedRow, type ImportCounts, type RowProblem } from './classify';
import {
  asInputError,
  parseImportInput,
  readFile,
  type ImportInput,
  type ParsedImportInput,
  type ReadFile,
} from './import-input';
import { fileChanged } from './import-source';
import type { Declared, FormatId, ImportedRow, SkipReason } from './types';

export { IMPORT_FORMATS, IMPORT_MAX_BYTES, type ImportInput } from './import-input';
export type { ImportCounts, RowProblem, RowStatus } from './classify';

export interface ImportOptions {
  /** The clock (tests): one "now" for the whole file, as the date rule reads it. */
  now?: number;
  /** Every row as classified, once, in file order, with its index among the file's rows. */
  onRow?: (row: PreviewRow, index: number) => void;
  /** How many rows (from the first) the result keeps whole in `rows`; PREVIEW_ROWS_KEPT unless said. */
  keepRows?: number;
}

/** Rows a preview keeps whole: all of an ordinary export; a bigger file's rest is re-read per page. */
export const PREVIEW_ROWS_KEPT = 10_000;
/** Rows read, classified and inserted together. */
const BATCH_ROWS = 2_000;

/** Per status (index = code), plus ACCEPTED for a possible duplicate the user chose to import. */
export const STATUS_CODES = [
  'new',
  'duplicate',
  'duplicateInFile',
  'possibleDuplicate',
  'rejected',
  'skipped',
] as const;
export const ACCEPTED = 8;

/** Every row's status, one byte each: what paging through a big file's preview needs. */
export interface RowStatuses {
  count: number;
  codes: Uint8Array;
}

/** In and out totals of the rows read as records (new or duplicate), per currency. */
export interface ImportTotals {
  currency: string;
  inCount: number;
  inMinor: number;
  outCount: number;
  outMinor: number;
}

/** One row as the wizard's preview table shows it: text, never anything to evaluate. */
export interface PreviewRow {
  line: number;
  status: ClassifiedRow['status'];
  accepted?: boolean;
  record?: {
    occurredAtMs: number;
    hasTime: boolean;
    direction: string;
    amountMinor: number;
    currency: string;
    counterparty: string;
    reference: string | null;
    memo: string | null;
  };
  skipReason?: SkipReason;
  problems?: RowProblem[];
  existingIds?: number[];
  sameAsLine?: number;
}

export interface ImportPreview {
  format: FormatId;
  encoding: string | null;
  encodingConfident: boolean;
  /** Other formats that recognised the file, most confident first (the wizard offers them). */
  candidates: { format: FormatId; confidence: number }[];
  sha256: string;
  /** What the file says of itself (summary lines), to hold the import to. */
  declared: Declared;
  counts: ImportCounts;
  totals: ImportTotals[];
  /** The first `keepRows` rows (every row of an ordinary export): `statuses.count` says how many there are. */
  rows: PreviewRow[];
  statuses: RowStatuses;
}

export interface ImportResult extends ImportPreview {
  batchId: number;
  /** The new records' ids, in file order. */
  ids: number[];
}

interface Prepared {
  input: ParsedImportInput;
  file: ReadFile;
  limits: ReturnType<typeof recordLimits>;
}

/** Authorizes, checks the client and account, and reads the file: everything before the vault's rows. */
async function prepare(session: VaultSession, raw: unknown, now: number): Promise<Prepared> {
  const input = parseImportInput(raw);
  authorize(session, 'records.import', input.clientId);
  requireClientKey(session, 'records.import', input.clientId);
  const client = session.orm
    .select({ status: clients.status })
    .from(clients)
    .where(eq(clients.id, input.clientId))
    .get();
  if (!client) throw inputError('client.notFound', { id: input.clientId });
  // An archived client's books are closed (as addRecord says): nothing is imported into them.
  if (client.status === 'archived')
    throw inputError('client.archived', {
      name: clientNames(session, [input.clientId]).get(input.clientId) ?? `#${input.clientId}`,
    });
  if (input.accountId !== undefined) {
    const account = session.orm
      .select({ clientId: paymentAccounts.clientId })
      .from(paymentAccounts)
      .where(eq(paymentAccounts.id, input.accountId))
      .get();
    // One message for "no such account" and "another client's account": ids cannot be probed.
    if (!account || account.clientId !== input.clientId) throw inputError('record.account');
  }
  const file = await readFile(input);
  return { input, file, limits: recordLimits(session, now, true) };
}

function previewRow(row: ClassifiedRow): PreviewRow {
  const r = row.record;
  return {
    line: row.line,
    status: row.status,
    accepted: row.accepted,
    record: r && {
      occurredAtMs: r.occurredAtMs,
      hasTime: r.hasTime,
      direction: r.direction,
      amountMinor: r.amountMinor,
      currency: r.currency,
      counterparty: r.counterparty,
      reference: r.reference ?? null,
      memo: r.memo ?? null,
    },
    skipReason: row.skipReason,
    problems: row.problems,
    existingIds: row.existingIds,
    sameAsLine: row.sameAsLine,
  };
}

interface Tally {
  counts: ImportCounts;
  totals: Map<string, ImportTotals>;
  statuses: RowStatuses;
  rows: PreviewRow[];
  seen: number;
}

const newTally = (): Tally => ({
  counts: { rows: 0, imported: 0, duplicates: 0, possibleDuplicates: 0, rejected: 0, skipped: 0 },
  totals: new Map(),
  statuses: { count: 0, codes: new Uint8Array(1024) },
  rows: [],
  seen: 0,
});

function note(t: Tally, r: ClassifiedRow, options: ImportOptions): void {
  const c = t.counts;
  c.rows += 1;
  if (isImported(r)) c.imported += 1;
  else if (r.status === 'rejected') c.rejected += 1;
  else if (r.status === 'skipped') c.skipped += 1;
  else {
    c.duplicates += 1;
    if (r.status === 'possibleDuplicate') c.possibleDuplicates += 1;
  }
  const rec = r.record;
  if (rec && r.status !== 'rejected' && r.status !== 'skipped' && rec.direction !== 'neutral') {
    const tot = t.totals.get(rec.currency) ?? {
      currency: rec.currency,
      inCount: 0,
      inMinor: 0,
      outCount: 0,
      outMinor: 0,
    };
    if (rec.direction === 'in') {
      tot.inCount += 1;
      tot.inMinor += rec.amountMinor;
    } else {
      tot.outCount += 1;
      tot.outMinor += rec.amountMinor;
    }
    t.totals.set(rec.currency, tot);
  }
  const s = t.statuses;
  if (s.count === s.codes.length) {
    const grown = new Uint8Array(s.codes.length * 2);
    grown.set(s.codes);
    s.codes = grown;
  }
  s.codes[s.count] = STATUS_CODES.indexOf(r.status) + (r.accepted ? ACCEPTED : 0);
  s.count += 1;
  const keep = t.seen < (options.keepRows ?? PREVIEW_ROWS_KEPT);
  if (keep || options.onRow) {
    const view = previewRow(r);
    if (keep) t.rows.push(view);
    options.onRow?.(view, t.seen);
  }
  t.seen += 1;
}

/** A reader's rows, its own failures (a malformed file) said as E_INPUT, never a crash. */
function* readerRows(rows: Iterable<ImportedRow>): Generator<ImportedRow[]> {
  const it = rows[Symbol.iterator]();
  let batch: ImportedRow[] = [];
  for (;;) {
    let next: IteratorResult<ImportedRow>;
    try {
      next = it.next();
    } catch (e) {
      throw asInputError(e);
    }
    if (next.done) break;
    batch.push(next.value);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Reads and classifies every row, batch by batch; `each` gets every batch (the commit inserts it). */
function classifyFile(
  session: VaultSession,
  db: VaultSession['db'],
  p: Prepared,
  options: ImportOptions,
  each?: (rows: ClassifiedRow[]) => void,
): { tally: Tally; declared: Declared; sha256: string } {
  const { input: q, file, limits } = p;
  const stream = file.rows();
  const classifier = new RowClassifier(session, db, q, limits, new Set(q.acceptDuplicates));
  const tally = newTally();
  for (const batch of readerRows(stream.rows)) {
    const rows = classifier.classify(batch);
    for (const r of rows) note(tally, r, options);
    each?.(rows);
  }
  // A reader that stopped before the end of the file: its hash still covers every byte.
  if (file.file.sha256 === undefined) for (const _ of file.file.chunks());
  const sha256 = file.file.sha256;
  if (sha256 === undefined) throw new LedgerVaultError('E_INTERNAL', 'The file was read without its hash.');
  return { tally, declared: stream.declared, sha256 };
}

function previewOf(file: ReadFile, read: ReturnType<typeof classifyFile>): ImportPreview {
  return {
    format: file.format,
    encoding: file.encoding,
    encodingConfident: file.encodingConfident,
    candidates: file.detection.candidates.map((c) => ({ format: c.format, confidence: c.confidence })),
    sha256: read.sha256,
    declared: read.declared,
    counts: read.tally.counts,
    totals: [...read.tally.totals.values()],
    rows: read.tally.rows,
    statuses: read.tally.statuses,
  };
}

/** Reads and classifies a file for the wizard's preview (or the CLI's --dry-run); writes nothing. */
export async function previewImport(
  session: VaultSession,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportPreview> {
  const p = await prepare(session, input, options.now ?? Date.now());
  const read = classifyFile(session, session.db, p, options);
  if (p.input.sha256 !== undefined && p.input.sha256 !== read.sha256) throw fileChanged();
  return previewOf(p.file, read);
}

/**
 * Imports a file: read and classified again inside the write transaction (the vault may have
 * changed since the preview, and so may the file: a SHA-256 other than `sha256` is E_CONFLICT),
 * the new rows and the accepted possible duplicates inserted batch by batch as source
 * 'import:<format>' with their source rows sealed, one import batch, one audit event.
 */
export async function commitImport(
  session: VaultSession,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const p = await prepare(session, input, now);
  const { input: q, file } = p;
  const stamp = new Date(now).toISOString();
  return session.write((ctx) => {
    const batchId = nextRowId(ctx.db, 'import_batches');
    const ids: number[] = [];
    let acceptedDuplicates = 0;
    const read = classifyFile(session, ctx.db, p, options, (rows) => {
      const chosen = rows.filter(isImported);
      acceptedDuplicates += chosen.filter((r) => r.status === 'possibleDuplicate').length;
      const added = insertRecords(
        session,
        ctx,
        chosen.map((r) => r.record!),
        {
          stamp,
          source: `import:${file.format}`,
          sourceRows: chosen.map((r) => r.source),
          importBatchId: batchId,
          hashes: chosen.map((r) => r.hashes),
        },
      );
      for (const id of added) ids.push(id);
    });
    // Thrown inside the transaction: every row inserted above is rolled back.
    if (q.sha256 !== undefined && q.sha256 !== read.sha256) throw fileChanged();
    const counts = read.tally.counts;
    ctx.db
      .prepare(
        `INSERT INTO import_batches (id, client_id, account_id, format, encoding, file_name_enc, file_sha256,
           rows, imported, duplicates, rejected, skipped, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        batchId,
        q.clientId,
        q.accountId ?? null,
        file.format,
        file.encoding,
        // A file name often names the client or the account holder: sealed like the rest of its text.
        sealText(
          session,
          { clientId: q.clientId, table: 'import_batches', rowId: batchId, field: 'file_name' },
          q.fileName,
        ),
        read.sha256,
        counts.rows,
        counts.imported,
        counts.duplicates,
        counts.rejected,
        counts.skipped,
        stamp,
        session.user.id,
      );
    ctx.audit({
      action: 'records.import',
      targetType: 'import_batch',
      targetId: String(batchId),
      clientId: q.clientId,
      // Counts and the file's hash only: no record text, no file name (the audit log is not sealed per client).
      details: {
        batchId,
        format: file.format,
        encoding: file.encoding,
        accountId: q.accountId ?? null,
        fileSha256: read.sha256,
        ...counts,
        acceptedDuplicates,
      },
    });
    return { ...previewOf(file, read), batchId, ids };
  });
}
