/**
 * `ledgervault import mappings|mapping-save|mapping-delete`: the column mappings saved per bank
 * (issue 14), the same ones the app's wizard saves and finds again by a file's header row.
 * `import mappings --json` prints them in the shape mapping-save reads, so a mapping can be
 * carried to another office's vault.
 */
import { readFileSync } from 'node:fs';
import { deleteMapping, listMappings, saveMapping } from '../core/import/import-mappings';
import { done, printJson } from './output';
import { flag, inputError } from './parse';
import { signedInCommand } from './session';

function readMappingFile(file: string): { mapping: unknown; header: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw inputError(`--mapping: ${file} cannot be read as JSON.`);
  }
  const mapping = (value as { mapping?: unknown } | null)?.mapping ?? value;
  const header = (mapping as { header?: unknown } | null)?.header;
  if (!Array.isArray(header) || !header.every((h) => typeof h === 'string'))
    throw inputError(
      `--mapping: ${file} needs "header", the header row's column names in order (as \`import mappings --json\` prints them).`,
    );
  return { mapping, header: header as string[] };
}

export const importMappingCommands = {
  mappings: signedInCommand({
    summary: 'The column mappings saved per bank (name, header row, columns); --json prints them for mapping-save.',
    flags: {},
    run: (v, s) => {
      const all = listMappings(s);
      if (v.json) {
        printJson(all);
        return 0;
      }
      for (const m of all)
        process.stdout.write(`${String(m.id).padStart(4)}  ${m.name}  [${m.header.filter(Boolean).join(', ')}]\n`);
      return done(false, null, `${all.length} saved mapping(s).`);
    },
  }),
  'mapping-save': signedInCommand({
    summary:
      'Save a column mapping under a name (replacing one of that name): --mapping FILE is JSON with the columns and "header", the header row\'s names; later imports use it with --saved-mapping NAME.',
    flags: { name: flag.text('NAME').required(), mapping: flag.text('FILE').required() },
    run: (v, s) => {
      const { mapping, header } = readMappingFile(v.mapping);
      const saved = saveMapping(s, { name: v.name, mapping, header });
      return done(v.json, saved, `Saved mapping ${saved.id} "${saved.name}".`);
    },
  }),
  'mapping-delete': signedInCommand({
    summary: 'Delete a saved column mapping (records already imported with it stay).',
    flags: { id: flag.id().required() },
    run: (v, s) => {
      const r = deleteMapping(s, v.id);
      return done(v.json, r, `Deleted mapping ${r.id}.`);
    },
  }),
};
