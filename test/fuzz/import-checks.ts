/**
 * The properties every fuzz case of the importer must keep (issue 14 Must show, issue 16 item 3),
 * run in the campaign's child process (child.ts) so that a hang can be stopped from outside.
 *
 * Readers: detection and reading either give a well-formed ReaderResult (every row has a line,
 * a kind and, for a record, the shape types.ts promises: a positive decimal amount, a date the
 * core's rule reads, an ISO currency) or throw LedgerVaultError E_INPUT. A TypeError, a
 * RangeError (stack overflow), any other code, is a failure; so is a tabular reader that loses or
 * invents a row of its input.
 *
 * Pipeline: previewImport then commitImport into a real vault. Either the commit imports exactly
 * the rows the preview called new (records, one batch, one audit event), or it refuses with
 * E_INPUT and the vault's records, import batches and audit log are as they were.
 */
import { z } from 'zod';
import { LedgerVaultError } from '../../src/core/errors';
import { csvReader, genericReader } from '../../src/core/import/bank/generic';
import { detectFormat, readSource, type Registry } from '../../src/core/import/detect';
import { commitImport, previewImport, type ImportInput } from '../../src/core/import/import-file';
import { TABLE_READERS, TEXT_READERS } from '../../src/core/import/readers';
import { readCsv } from '../../src/core/import/table/csv';
import type { FormatId, ReaderResult, TableRow } from '../../src/core/import/types';
import { describeError, PropertyError } from './property';

export interface CaseMeta {
  /** The format the seed is in: the case is read as it, and as whatever detection picks. */
  format: FormatId;
  /** A saved column mapping for the generic reader (its JSON), when the seed needs one. */
  mapping?: unknown;
  /** Run this case through previewImport + commitImport too. */
  pipeline?: boolean;
}

export { describeError, PropertyError };

/** The one refusal a malformed file may get; anything else thrown is a failure of `where`. */
function refusedOrFail(e: unknown, where: string): void {
  if (e instanceof PropertyError) throw e;
  if (e instanceof LedgerVaultError && e.code === 'E_INPUT') return;
  throw new PropertyError(`${where}: ${describeError(e)}`);
}

const text = z.string();
const record = z.strictObject({
  occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/),
  direction: z.enum(['in', 'out', 'neutral']),
  // Positive decimal text, never a float's (a 0.00 row is skipped as moving no money).
  amount: z.string().regex(/^(?!0+(\.0+)?$)\d+(\.\d+)?$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  channel: text.optional(),
  counterparty: text,
  counterpartyAccount: text.optional(),
  reference: text.optional(),
  merchantOrderRef: text.optional(),
  memo: text.optional(),
  category: text.optional(),
});
const line = z.number().int().min(1);
const row = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('record'), line, source: text, record }),
  z.object({
    kind: z.literal('skipped'),
    line,
    source: text,
    reason: z.enum(['header', 'summary', 'neutral', 'failed', 'blank']),
  }),
  z.object({ kind: z.literal('rejected'), line, source: text, reason: z.string().min(1) }),
]);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const declared = z.object({
  inCount: count,
  inMinor: count,
  outCount: count,
  outMinor: count,
  account: text.optional(),
  currency: text.optional(),
  from: text.optional(),
  to: text.optional(),
});

/** Checks one reader's result; `input` is the rows a tabular reader was given (each must come back once). */
export function checkResult(result: ReaderResult, format: FormatId, input?: TableRow[]): void {
  if (result.format !== format) throw new PropertyError(`read as ${format}, the result says ${result.format}`);
  const rows = z.array(row).safeParse(result.rows);
  if (!rows.success) {
    const issue = rows.error.issues[0]!;
    const at = result.rows[issue.path[0] as number];
    throw new PropertyError(
      `${format}: malformed row ${JSON.stringify(at)?.slice(0, 300)}: ${issue.path.join('.')} ${issue.message}`,
    );
  }
  const d = declared.safeParse(result.declared);
  if (!d.success) throw new PropertyError(`${format}: malformed declared ${JSON.stringify(result.declared)}`);
  if (input) {
    const got = result.rows.map((r) => r.line);
    let i = 0;
    while (i < input.length && input[i]!.line === got[i]) i += 1;
    if (i < input.length || got.length !== input.length) {
      throw new PropertyError(
        `${format}: rows lost or added: ${input.length} rows in, ${got.length} out, first difference at ` +
          `row ${i + 1} (line ${input[i]?.line ?? 'none'} in, ${got[i] ?? 'none'} out)`,
      );
    }
  }
}

/** The readers, with the generic one on this mapping when the seed has one (as import-input.ts does). */
export function registryFor(meta: CaseMeta, base?: Registry): Registry {
  const table = base?.table ?? TABLE_READERS;
  const textReaders = base?.text ?? TEXT_READERS;
  if (meta.mapping === undefined) return { table, text: textReaders };
  return { table: table.map((r) => (r === csvReader ? genericReader(meta.mapping as never) : r)), text: textReaders };
}

/** Detection, then a reading as the seed's format and as the detected one; see the file comment. */
export async function checkReaders(bytes: Uint8Array, meta: CaseMeta, base?: Registry): Promise<void> {
  let registry: Registry;
  try {
    registry = registryFor(meta, base);
  } catch (e) {
    return refusedOrFail(e, 'mapping');
  }
  let detection: Awaited<ReturnType<typeof detectFormat>>;
  try {
    detection = await detectFormat(bytes, { registry });
  } catch (e) {
    return refusedOrFail(e, 'detect');
  }
  const { source } = detection;
  const formats = new Set<FormatId>([meta.format]);
  if (detection.best) formats.add(detection.best.format);
  for (const format of formats) {
    const sheet = detection.candidates.find((c) => c.format === format)?.sheet;
    const isTable = registry.table.some((r) => r.format === format);
    let input: TableRow[] | undefined;
    if (isTable && source.kind === 'sheet') {
      input = (source.sheets.find((s) => s.name === sheet) ?? source.sheets.find((s) => s.active))?.rows;
    } else if (isTable && source.kind === 'text' && !registry.text.some((r) => r.format === format)) {
      try {
        input = [...readCsv(source.decoded.text)];
      } catch {
        input = undefined; // the tokenizer refuses the file (E_INPUT): so must the reading, checked below
      }
    }
    let result: ReaderResult;
    try {
      result = readSource(source, format, { sheet, registry });
    } catch (e) {
      refusedOrFail(e, `read as ${format}`);
      continue;
    }
    checkResult(result, format, input);
  }
}

/** The vault a pipeline case runs in, made by the child once (pipeline-vault.ts). */
export interface PipelineVault {
  session: import('../../src/core/index').VaultSession;
  clientId: number;
}

interface Snapshot {
  records: number;
  batches: number;
  audit: number;
}

function snapshot(v: PipelineVault): Snapshot {
  const one = (sql: string, ...args: unknown[]) => (v.session.db.prepare(sql).get(...args) as { n: number }).n;
  return {
    records: one('SELECT count(*) AS n FROM payment_records WHERE client_id = ?', v.clientId),
    batches: one('SELECT count(*) AS n FROM import_batches'),
    audit: one('SELECT count(*) AS n FROM audit_events'),
  };
}

const same = (a: Snapshot, b: Snapshot) => a.records === b.records && a.batches === b.batches && a.audit === b.audit;

export type Commit = typeof commitImport;

/** previewImport + commitImport of one case; `commit` is the real one except in the self-test. */
export async function checkPipeline(
  v: PipelineVault,
  bytes: Uint8Array,
  meta: CaseMeta,
  commit: Commit = commitImport,
): Promise<void> {
  const input: ImportInput = {
    clientId: v.clientId,
    bytes,
    fileName: `fuzz.${meta.format}`,
    format: meta.mapping === undefined ? meta.format : 'csv',
    mapping: meta.mapping,
  };
  const before = snapshot(v);
  let preview: Awaited<ReturnType<typeof previewImport>>;
  try {
    preview = await previewImport(v.session, input);
  } catch (e) {
    refusedOrFail(e, 'preview');
    if (!same(before, snapshot(v))) throw new PropertyError('a refused preview changed the vault');
    return;
  }
  if (!same(before, snapshot(v))) throw new PropertyError('the preview wrote to the vault');
  let result: Awaited<ReturnType<Commit>>;
  try {
    result = await commit(v.session, input);
  } catch (e) {
    refusedOrFail(e, 'commit');
    const after = snapshot(v);
    if (!same(before, after)) {
      throw new PropertyError(
        `partial import: the commit refused (${describeError(e)}) but records ${before.records}->${after.records}, ` +
          `batches ${before.batches}->${after.batches}, audit events ${before.audit}->${after.audit}`,
      );
    }
    return;
  }
  const after = snapshot(v);
  const added = after.records - before.records;
  const expected = preview.counts.imported;
  if (added !== expected || result.ids.length !== expected || result.counts.imported !== expected) {
    throw new PropertyError(
      `the preview said ${expected} new, the commit added ${added} records (ids ${result.ids.length}, counted ${result.counts.imported})`,
    );
  }
  if (after.batches !== before.batches + 1 || after.audit !== before.audit + 1) {
    throw new PropertyError(
      `a commit must add one batch and one audit event: batches +${after.batches - before.batches}, audit +${after.audit - before.audit}`,
    );
  }
}
