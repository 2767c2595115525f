/**
 * Column mappings saved per bank (issue 14): an accountant maps a layout no reader knows once,
 * names it ("招商银行 企业网银"), and the next export of that layout is recognised by its header
 * row and read the same way, by every accountant of the office. A saved mapping holds column
 * names only. Saving and deleting are audited; whoever may import may use, save and delete them.
 *
 * A mapping is found by the header row's names, not its line: a later export's preamble may be a
 * line longer (another period, another account name), so the header row is looked up in the new
 * file's first rows and the mapping's `headerRow` moved to it.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { authorizeRole } from '../access/authorize';
import { importMappings } from '../db/import-schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { id } from '../../shared/schema-kit';
import type { VaultSession } from '../vault/session';
import { columnMappingSchema, headerKey, namedColumns, type ColumnMappingInput } from './bank/generic';
import { normaliseHeader } from './bank/layout';

export interface SavedMapping {
  id: number;
  name: string;
  /** The header row's names as saved (normalised). */
  header: string[];
  mapping: ColumnMappingInput;
  updatedAt: string;
  updatedBy: string;
}

export const mappingName = z.string().trim().min(1).max(60);
const headerCells = z.array(z.string().max(200)).min(1).max(1000);

const saveInput = z.strictObject({ name: mappingName, mapping: z.unknown(), header: headerCells });
const rowsInput = z.strictObject({
  rows: z.array(z.strictObject({ line: z.number().int().positive().max(100_000_000), cells: headerCells })).max(200),
});

function rowOf(r: typeof importMappings.$inferSelect): SavedMapping {
  return {
    id: r.id,
    name: r.name,
    header: JSON.parse(r.header) as string[],
    mapping: JSON.parse(r.mapping) as ColumnMappingInput,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

/** Every saved mapping, by name. */
export function listMappings(session: VaultSession): SavedMapping[] {
  authorizeRole(session, 'records.import');
  return session.orm.select().from(importMappings).orderBy(asc(importMappings.name)).all().map(rowOf);
}

/**
 * Saves a mapping under a name, replacing the one of that name (the user chose the name again:
 * a bank changed its layout). The mapping must fit the schema and name only columns the header has.
 */
export function saveMapping(
  session: VaultSession,
  input: { name: string; mapping: unknown; header: string[] },
  now = Date.now(),
): SavedMapping {
  authorizeRole(session, 'records.import');
  const q = parseInput(saveInput, input);
  const parsed = columnMappingSchema.safeParse(q.mapping);
  if (!parsed.success) throw inputError('importMapping.invalid');
  const header = headerKey(q.header);
  if (header.every((h) => h === '')) throw inputError('importMapping.blankHeader');
  const absent = namedColumns(parsed.data).filter((c) => !header.includes(normaliseHeader(c)));
  if (absent.length > 0) throw inputError('importMapping.columnsMissing', { columns: absent.join('、') });
  const stamp = new Date(now).toISOString();
  // The header goes into the mapping itself: the reader finds it by these names in later exports.
  const mapping = JSON.stringify({ ...(q.mapping as object), header });
  return session.write((ctx) => {
    const existing = ctx.orm.select().from(importMappings).where(eq(importMappings.name, q.name)).get();
    let rowId: number;
    if (existing) {
      ctx.orm
        .update(importMappings)
        .set({ header: JSON.stringify(header), mapping, updatedAt: stamp, updatedBy: session.user.id })
        .where(eq(importMappings.id, existing.id))
        .run();
      rowId = existing.id;
    } else {
      rowId = Number(
        ctx.orm
          .insert(importMappings)
          .values({
            name: q.name,
            header: JSON.stringify(header),
            mapping,
            createdAt: stamp,
            createdBy: session.user.id,
            updatedAt: stamp,
            updatedBy: session.user.id,
          })
          .run().lastInsertRowid,
      );
    }
    ctx.audit({
      action: 'import.mappingSave',
      targetType: 'import_mapping',
      targetId: String(rowId),
      details: { name: q.name, replaced: existing !== undefined, columns: header.length },
    });
    return rowOf(ctx.orm.select().from(importMappings).where(eq(importMappings.id, rowId)).get()!);
  });
}

export function deleteMapping(session: VaultSession, mappingId: number): { id: number } {
  authorizeRole(session, 'records.import');
  const q = parseInput(z.strictObject({ id }), { id: mappingId });
  return session.write((ctx) => {
    const row = ctx.orm.select().from(importMappings).where(eq(importMappings.id, q.id)).get();
    if (!row) throw new LedgerVaultError('E_NOT_FOUND', `no saved column mapping ${q.id}`);
    ctx.orm.delete(importMappings).where(eq(importMappings.id, q.id)).run();
    ctx.audit({
      action: 'import.mappingDelete',
      targetType: 'import_mapping',
      targetId: String(q.id),
      details: { name: row.name },
    });
    return { id: q.id };
  });
}

/**
 * The saved mappings whose header row is among these first rows of a file, each with its
 * `headerRow` moved to the line where this file has it; the first row that matches wins.
 */
export function mappingsFor(
  session: VaultSession,
  input: { rows: { line: number; cells: string[] }[] },
): (SavedMapping & { headerRow: number })[] {
  const q = parseInput(rowsInput, input);
  const saved = listMappings(session);
  const found: (SavedMapping & { headerRow: number })[] = [];
  for (const s of saved) {
    const at = q.rows.find((r) => headerKey(r.cells).join('\u0000') === s.header.join('\u0000'));
    if (at) found.push({ ...s, headerRow: at.line, mapping: { ...s.mapping, headerRow: at.line } });
  }
  return found;
}

/** A saved mapping by name (the CLI's --saved-mapping), or E_INPUT naming the ones there are. */
export function mappingNamed(session: VaultSession, name: string): SavedMapping {
  const all = listMappings(session);
  const hit = all.find((m) => m.name === name.trim());
  if (!hit) throw inputError('importMapping.unknown', { name, names: all.map((m) => m.name).join('、') || '—' });
  return hit;
}
