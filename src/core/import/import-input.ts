/**
 * What an import call takes (issue 14), checked once for the preview and the commit alike, and
 * the opening of the file: size limit, encoding, format detection and the reader, which yields its
 * rows as it reads (the SHA-256 is computed as the rows are read: import-source.ts). The IPC
 * handler passes the path its open dialog returned and the CLI the user's own path, both read here
 * chunk by chunk; tests may pass bytes. Nothing here touches the vault.
 */
import path from 'node:path';
import { z } from 'zod';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { id } from '../../shared/schema-kit';
import { csvReader, genericReader } from './bank/generic';
import { detectFormat, streamSource, type Detection, type Registry, type RowStream } from './detect';
import { ENCODINGS, type EncodingId } from './encoding';
import { TABLE_READERS, TEXT_READERS } from './readers';
import { bytesFile, IMPORT_MAX_BYTES, pathFile, type ImportFile } from './import-source';
import type { FormatId } from './types';
import { IMPORT_FORMAT_IDS } from '../../shared/import/contract';

/** Every format a user may name (the CLI's --format, the wizard's choice); 'auto' detects. One list, in the contract. */
export const IMPORT_FORMATS = IMPORT_FORMAT_IDS satisfies readonly FormatId[];

// A FormatId missing from the list above fails to compile here, so the CLI cannot lag the readers.
type Missing = Exclude<FormatId, (typeof IMPORT_FORMATS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

export { IMPORT_MAX_BYTES, SHEET_MAX_BYTES } from './import-source';

/** Line numbers are the file's own (CSV line, sheet row); a file has far fewer than this. */
const line = z.number().int().positive().max(100_000_000);

export const importInput = z.strictObject({
  clientId: id,
  accountId: id.optional(),
  /** The file: its bytes, or (the handlers, the CLI: never the renderer) an absolute path read in chunks. */
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "the file's bytes" }).optional(),
  path: z
    .string()
    .max(4096)
    .refine((p) => path.isAbsolute(p), 'an absolute path')
    .optional(),
  /** The SHA-256 the preview read (the commit): a file changed since is E_CONFLICT, nothing imported. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Only kept (sealed) in the batch row and shown in the list; never opened by the core. */
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(['auto', ...IMPORT_FORMATS]).optional(),
  encoding: z.enum(ENCODINGS as [EncodingId, ...EncodingId[]]).optional(),
  /** The generic reader's column mapping (bank/generic.ts checks its shape); implies format 'csv'. */
  mapping: z.unknown().optional(),
  /** Of a statement file with several accounts (camt.053, OFX, QIF, MT940), the one to read; default the first. */
  statementAccount: z.string().trim().min(1).max(64).optional(),
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
  const parsed = parseInput(importInput, input);
  if ((parsed.bytes === undefined) === (parsed.path === undefined))
    throw new LedgerVaultError('E_INPUT', 'An import takes either the bytes of a file or its path.');
  return parsed;
}

export interface ReadFile {
  format: FormatId;
  /** The text encoding read with; null for a spreadsheet. */
  encoding: EncodingId | null;
  /** False when the encoding was a guess the user should confirm (the wizard shows it). */
  encodingConfident: boolean;
  /** The file, read again by each pass; its sha256 is known once `rows()` has been read to its end. */
  file: ImportFile;
  /** The reading, row by row: call it once per pass over the rows. */
  rows(): RowStream;
  detection: Pick<Detection, 'best' | 'runnerUp' | 'candidates'>;
}

/** A reader's own failure on a malformed file is the file's problem, said as such, never a crash. */
export function asInputError(e: unknown): LedgerVaultError {
  // A refusal with no words of its own for the user's language gets the importer's, its English inside.
  if (e instanceof LedgerVaultError)
    return e.messageKey || e.code !== 'E_INPUT'
      ? e
      : inputError('import.unreadable', { reason: e.detail.slice(0, 200) });
  return inputError('import.unreadable', { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) });
}

/** Opens, decodes the head and detects the format; E_INPUT when no reader recognises it or the mapping is wrong. */
export async function readFile(input: ParsedImportInput): Promise<ReadFile> {
  const file = input.bytes ? bytesFile(input.bytes) : pathFile(input.path!);
  // A mapping belongs to the generic reader: it replaces the mapping-less one for this file only.
  // A statement account binds the statement readers to it, for this file only.
  const account = input.statementAccount;
  const registry: Registry | undefined =
    input.mapping === undefined && account === undefined
      ? undefined
      : {
          table:
            input.mapping === undefined
              ? TABLE_READERS
              : TABLE_READERS.map((r) => (r === csvReader ? genericReader(input.mapping as never) : r)),
          text:
            account === undefined
              ? TEXT_READERS
              : TEXT_READERS.map((r) => ({
                  ...r,
                  read: (text: string) => r.read(text, { account }),
                  ...(r.stream ? { stream: (text: () => Iterable<string>) => r.stream!(text, { account }) } : {}),
                })),
        };
  const chosen: FormatId | undefined =
    input.format && input.format !== 'auto' ? input.format : input.mapping !== undefined ? 'csv' : undefined;
  let detection: Detection;
  try {
    detection = await detectFormat(file, { encoding: input.encoding, registry });
  } catch (e) {
    throw asInputError(e);
  }
  const format = chosen ?? detection.best?.format;
  if (!format) throw inputError('import.unknownFormat');
  const sheet = detection.candidates.find((c) => c.format === format)?.sheet;
  const rows = (): RowStream => {
    try {
      return streamSource(detection.source, format, { sheet, registry });
    } catch (e) {
      throw asInputError(e);
    }
  };
  return {
    format,
    encoding: detection.encoding?.id ?? null,
    encodingConfident: detection.encoding?.confident ?? true,
    file,
    rows,
    detection: { best: detection.best, runnerUp: detection.runnerUp, candidates: detection.candidates },
  };
}
