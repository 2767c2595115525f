/**
 * The import pipeline (issue 14), as the wizard's two IPC calls and the CLI use it:
 * `previewImport` reads and classifies every row and writes nothing; `commitImport` does the same
 * inside ONE write transaction (so nothing slips in between check and insert) and inserts the
 * rows to import through records/insert-records.ts, with one import batch row and one audit
 * event. Any failure rolls the whole file back: nothing is ever half-imported.
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clientNames, requireClientKey } from '../access/client-names';
import { clients, paymentAccounts } from '../db/schema';
import { inputError } from '../errors';
import { insertRecords, recordLimits } from '../records';
import { nextRowId } from '../vault/row-ids';
import { sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import {
  classifyRows,
  countRows,
  isImported,
  type ClassifiedRow,
  type ImportCounts,
  type RowProblem,
} from './classify';
import { parseImportInput, readFile, type ImportInput, type ParsedImportInput, type ReadFile } from './import-input';
import type { Declared, FormatId, SkipReason } from './types';

export { IMPORT_FORMATS, IMPORT_MAX_BYTES, type ImportInput } from './import-input';
export type { ImportCounts, RowProblem, RowStatus } from './classify';

export interface ImportOptions {
  /** The clock (tests): one "now" for the whole file, as the date rule reads it. */
  now?: number;
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
  rows: PreviewRow[];
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

function previewOf(file: ReadFile, rows: ClassifiedRow[]): ImportPreview {
  return {
    format: file.format,
    encoding: file.encoding,
    encodingConfident: file.encodingConfident,
    candidates: file.detection.candidates.map((c) => ({ format: c.format, confidence: c.confidence })),
    sha256: file.sha256,
    declared: file.result.declared,
    counts: countRows(rows),
    rows: rows.map(previewRow),
  };
}

/** Reads and classifies a file for the wizard's preview (or the CLI's --dry-run); writes nothing. */
export async function previewImport(
  session: VaultSession,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportPreview> {
  const { input: q, file, limits } = await prepare(session, input, options.now ?? Date.now());
  const rows = classifyRows(session, session.db, file.result, q, limits, new Set(q.acceptDuplicates));
  return previewOf(file, rows);
}

/**
 * Imports a file: classified again inside the write transaction (the vault may have changed since
 * the preview), the new rows and the accepted possible duplicates inserted as source
 * 'import:<format>' with their source rows sealed, one import batch, one audit event.
 */
export async function commitImport(
  session: VaultSession,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const { input: q, file, limits } = await prepare(session, input, now);
  const stamp = new Date(now).toISOString();
  return session.write((ctx) => {
    const rows = classifyRows(session, ctx.db, file.result, q, limits, new Set(q.acceptDuplicates));
    const chosen = rows.filter(isImported);
    const counts = countRows(rows);
    const batchId = nextRowId(ctx.db, 'import_batches');
    const ids = insertRecords(
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
        file.sha256,
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
        fileSha256: file.sha256,
        ...counts,
        acceptedDuplicates: chosen.filter((r) => r.status === 'possibleDuplicate').length,
      },
    });
    return { ...previewOf(file, rows), batchId, ids };
  });
}
