/**
 * `ledgervault import FILE`: a payment export into one client's records (issue 14), through the
 * same preview and commit the app's wizard calls; `import list` and `import undo` for its batches.
 * The file is the user's own path, read by the core chunk by chunk (never whole: a 200 MB export
 * streams), once for a dry run and once more for the import.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inputError as coreInputError } from '../core/errors';
import { ENCODINGS } from '../core/import/encoding';
import {
  commitImport,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  previewImport,
  type ImportPreview,
  type PreviewRow,
} from '../core/import/import-file';
import { listImports, undoImport } from '../core/import/import-batches';
import { mappingNamed } from '../core/import/import-mappings';
import type { VaultSession } from '../core/index';
import { inputMessage } from '../shared/messages';
import { cliLocale, done, printJson } from './output';
import { flag, inputError } from './parse';
import { signedInCommand } from './session';

/** The file's absolute path, or E_INPUT naming what is wrong with it; the size before any reading. */
function importFilePath(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) throw inputError(`${file}: no such file.`);
  if (!st.isFile()) throw inputError(`${file} is not a file.`);
  if (st.size > IMPORT_MAX_BYTES) throw coreInputError('import.tooLarge', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
  return path.resolve(file);
}

/** A saved column mapping for the generic reader: JSON, checked by the core (bank/generic.ts). */
function readMapping(file: string | undefined): unknown {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw inputError(`--mapping: cannot read ${file}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw inputError(`--mapping: ${file} is not JSON.`);
  }
}

/** "12,15 20" -> [12, 15, 20]: the lines of possible duplicates to import anyway. */
function lines(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,9}$/.test(p) || Number(p) < 1))
    throw inputError(`--accept-duplicates takes line numbers like 12,15, not "${text}".`);
  return parts.map(Number);
}

/** What the CLI promises in --json: the issue's counts, then the rows a person has to look at. */
function summary(p: ImportPreview, extra: { dryRun: boolean; batchId?: number }) {
  return {
    format: p.format,
    encoding: p.encoding,
    rows: p.counts.rows,
    imported: p.counts.imported,
    duplicates: p.counts.duplicates,
    possibleDuplicates: p.counts.possibleDuplicates,
    rejected: p.counts.rejected,
    skipped: p.counts.skipped,
    sha256: p.sha256,
    dryRun: extra.dryRun,
    batchId: extra.batchId ?? null,
    /** The statement account read, and every account the file holds when more than one. */
    account: p.declared.account ?? null,
    accounts: p.declared.accounts ?? null,
    rejections: p.rows
      .filter((r) => r.status === 'rejected')
      .map((r) => ({
        line: r.line,
        // The reason in the CLI's language (LEDGERVAULT_LANG / LANG), like its error messages.
        reasons: (r.problems ?? []).map((x) => (x.key ? inputMessage(x.key, cliLocale(), x.params ?? {}) : x.message)),
        codes: (r.problems ?? []).map((x) => x.key ?? null),
      })),
    possible: p.rows
      .filter((r) => r.status === 'possibleDuplicate')
      .map((r) => ({
        line: r.line,
        accepted: r.accepted === true,
        sameAsLine: r.sameAsLine ?? null,
        existingIds: r.existingIds ?? [],
      })),
  };
}

function text(s: ReturnType<typeof summary>): string {
  const out = [
    `Format ${s.format}${s.encoding ? `, encoding ${s.encoding}` : ''}.`,
    `Rows ${s.rows}: ${s.dryRun ? 'to import' : 'imported'} ${s.imported}, duplicates ${s.duplicates} (possible ${s.possibleDuplicates}), rejected ${s.rejected}, skipped ${s.skipped}.`,
  ];
  if (s.accounts)
    out.push(
      `The file holds statements of ${s.accounts.length} accounts; this import reads ${s.account}. Import the others with --statement-account (${s.accounts.filter((a) => a !== s.account).join(', ')}).`,
    );
  for (const r of s.rejections) out.push(`  line ${r.line}: rejected: ${r.reasons.join('; ')}`);
  for (const r of s.possible.filter((x) => !x.accepted)) {
    const of = [
      ...(r.sameAsLine !== null ? [`line ${r.sameAsLine}`] : []),
      ...(r.existingIds.length > 0 ? [`records ${r.existingIds.slice(0, 5).join(', ')}`] : []),
    ];
    out.push(
      `  line ${r.line}: possible duplicate of ${of.join(' and ')} (import it with --accept-duplicates ${r.line})`,
    );
  }
  out.push(s.dryRun ? 'Dry run: nothing was imported.' : `Import batch ${s.batchId} (undo: ledgervault import undo).`);
  return out.join('\n');
}

/** --saved-mapping NAME (one saved in the app or with `import mapping-save`) or --mapping FILE, not both. */
function savedOrFile(s: VaultSession, name: string | undefined, file: string | undefined): unknown {
  if (name !== undefined && file !== undefined) throw inputError('Give --saved-mapping or --mapping, not both.');
  return name !== undefined ? mappingNamed(s, name).mapping : readMapping(file);
}

export const importCommand = signedInCommand({
  summary: `Import a payment export (Alipay, WeChat Pay, Chinese bank statements, camt.053, OFX, QIF, MT940, CSV/XLSX; up to ${IMPORT_MAX_BYTES / 1024 / 1024} MB) into a client's records in one transaction: prints the counts and each rejected row's reason. Duplicates are never imported; possible ones (no reference) only with --accept-duplicates LINES. --mapping FILE or --saved-mapping NAME reads a layout no reader knows. --statement-account ACCOUNT reads that account of a statement file holding several. --dry-run only shows what would happen.`,
  positional: 'FILE',
  flags: {
    client: flag.id().required(),
    account: flag.id(),
    format: flag.oneOf(['auto', ...IMPORT_FORMATS] as const),
    encoding: flag.oneOf(ENCODINGS),
    mapping: flag.text('FILE'),
    'saved-mapping': flag.text('NAME'),
    'statement-account': flag.text('ACCOUNT'),
    'accept-duplicates': flag.text('LINES'),
    'dry-run': flag.bool(),
  },
  run: async (v, s, _signIn, file) => {
    const input = {
      clientId: v.client,
      accountId: v.account,
      path: importFilePath(file!),
      fileName: path.basename(file!),
      format: v.format,
      encoding: v.encoding,
      mapping: savedOrFile(s, v['saved-mapping'], v.mapping),
      statementAccount: v['statement-account'],
      acceptDuplicates: lines(v['accept-duplicates']),
    };
    // Only the rows the summary reports are kept: a 200 MB file's other rows are counted, not held.
    const reported: PreviewRow[] = [];
    const options = {
      keepRows: 0,
      onRow: (r: PreviewRow) =>
        void ((r.status === 'rejected' || r.status === 'possibleDuplicate') && reported.push(r)),
    };
    const result = v['dry-run']
      ? summary({ ...(await previewImport(s, input, options)), rows: reported }, { dryRun: true })
      : await commitImport(s, input, options).then((r) =>
          summary({ ...r, rows: reported }, { dryRun: false, batchId: r.batchId }),
        );
    return done(v.json, result, text(result));
  },
});

/** `ledgervault import list|undo`: the batches an import left. */
export const importBatchCommands = {
  list: signedInCommand({
    summary: "A client's import batches (or every readable client's), newest first: file, format, counts, undone.",
    flags: { client: flag.id() },
    run: (v, s) => {
      const batches = listImports(s, { clientId: v.client });
      if (v.json) {
        printJson(batches);
        return 0;
      }
      for (const b of batches)
        process.stdout.write(
          `${String(b.id).padStart(6)}  ${b.createdAt}  client ${b.clientId}  ${b.format.padEnd(8)} ${b.imported}/${b.rows} imported  ${b.fileName ?? ''}${b.undoneAt ? `  (undone ${b.undoneAt})` : ''}\n`,
        );
      return done(false, null, `${batches.length} import batch(es).`);
    },
  }),
  undo: signedInCommand({
    summary:
      "Undo an import batch: deletes exactly its records (needs the right to delete that client's records), with --reason TEXT for the audit log; refused if any of them was changed since.",
    flags: { batch: flag.id().required(), reason: flag.text('TEXT').required() },
    run: (v, s) => {
      const r = undoImport(s, v.batch, v.reason);
      return done(v.json, r, `Import batch ${r.batchId} undone: ${r.count} record(s) deleted.`);
    },
  }),
};
