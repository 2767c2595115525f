/**
 * What an import call takes (issue 14), checked once for the preview and the commit alike, and
 * the reading of the file: size limit, SHA-256, encoding, format detection and the reader. The
 * IPC handler passes the bytes the main process read from the path its open dialog returned; the
 * CLI passes the bytes of the user's own path. Nothing here touches the vault.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { id } from '../../shared/schema-kit';
import { csvReader, genericReader } from './bank/generic';
import { readImport, type Detection, type Registry } from './detect';
import { ENCODINGS, type EncodingId } from './encoding';
import { TABLE_READERS, TEXT_READERS } from './readers';
import type { FormatId, ReaderResult } from './types';
import { IMPORT_FORMAT_IDS } from '../../shared/import/contract';

/** Every format a user may name (the CLI's --format, the wizard's choice); 'auto' detects. One list, in the contract. */
export const IMPORT_FORMATS = IMPORT_FORMAT_IDS satisfies readonly FormatId[];

// A FormatId missing from the list above fails to compile here, so the CLI cannot lag the readers.
type Missing = Exclude<FormatId, (typeof IMPORT_FORMATS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

/** The largest file an import reads (issue 14, Safety): beyond it, E_INPUT before any parsing. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** Line numbers are the file's own (CSV line, sheet row); a file has far fewer than this. */
const line = z.number().int().positive().max(100_000_000);

export const importInput = z.strictObject({
  clientId: id,
  accountId: id.optional(),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "the file's bytes" }),
  /** Only kept (sealed) in the batch row and shown in the list; never opened by the core. */
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(['auto', ...IMPORT_FORMATS]).optional(),
  encoding: z.enum(ENCODINGS as [EncodingId, ...EncodingId[]]).optional(),
  /** The generic reader's column mapping (bank/generic.ts checks its shape); implies format 'csv'. */
  mapping: z.unknown().optional(),
  /** Lines of possible duplicates the user chose to import anyway (the commit; the preview shows them accepted). */
  acceptDuplicates: z.array(line).max(1_000_000).optional(),
});
export type ImportInput = z.input<typeof importInput>;
export type ParsedImportInput = z.output<typeof importInput>;

export function parseImportInput(input: unknown): ParsedImportInput {
  // The size first: a 2 GB buffer is refused by its length, not by anything reading it.
  const bytes = (input as { bytes?: unknown } | null)?.bytes;
  if (bytes instanceof Uint8Array && bytes.byteLength > IMPORT_MAX_BYTES)
    throw inputError('import.tooLarge', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
  return parseInput(importInput, input);
}

export interface ReadFile {
  format: FormatId;
  /** The text encoding read with; null for a spreadsheet. */
  encoding: EncodingId | null;
  /** False when the encoding was a guess the user should confirm (the wizard shows it). */
  encodingConfident: boolean;
  sha256: string;
  result: ReaderResult;
  detection: Pick<Detection, 'best' | 'runnerUp' | 'candidates'>;
}

/** Decodes, detects and reads the file; E_INPUT when no reader recognises it or the mapping is wrong. */
export async function readFile(input: ParsedImportInput): Promise<ReadFile> {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  // A mapping belongs to the generic reader: it replaces the mapping-less one for this file only.
  const registry: Registry | undefined =
    input.mapping === undefined
      ? undefined
      : {
          table: TABLE_READERS.map((r) => (r === csvReader ? genericReader(input.mapping as never) : r)),
          text: TEXT_READERS,
        };
  const format: FormatId | undefined =
    input.format && input.format !== 'auto' ? input.format : input.mapping !== undefined ? 'csv' : undefined;
  let read: Awaited<ReturnType<typeof readImport>>;
  try {
    read = await readImport(input.bytes, { format, encoding: input.encoding, registry });
  } catch (e) {
    if (e instanceof LedgerVaultError) throw e;
    // A reader's own failure on a malformed file is the file's problem, said as such, never a crash.
    throw inputError('import.unreadable', { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) });
  }
  const { detection } = read;
  return {
    format: read.format,
    encoding: detection.encoding?.id ?? null,
    encodingConfident: detection.encoding?.confident ?? true,
    sha256,
    result: { format: read.format, rows: read.rows, declared: read.declared },
    detection: { best: detection.best, runnerUp: detection.runnerUp, candidates: detection.candidates },
  };
}
