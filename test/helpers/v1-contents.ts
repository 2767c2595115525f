import { decryptField, deriveClientSubkeys } from '../../src/core/crypto/field-cipher';
import type { SqliteDb } from '../../src/core/vault/database';
import { SEALED_TABLES } from '../../src/core/vault/sealed-columns';

/** `table:rowId:field` -> text, for every sensitive value a version-1 vault keeps in a plain column. */
export function v1Values(db: SqliteDb): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const spec of SEALED_TABLES) {
    const columns = new Set(
      (db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string }[]).map((c) => c.name),
    );
    const fields = spec.fields.filter((f) => columns.has(f));
    // A table version 1 never had (import_batches) holds no plain values to compare.
    if (fields.length === 0) continue;
    for (const row of db.prepare(`SELECT id, ${fields.join(', ')} FROM ${spec.table}`).all() as Record<
      string,
      unknown
    >[]) {
      for (const f of fields) out[`${spec.table}:${String(row.id)}:${f}`] = (row[f] as string | null) ?? null;
    }
  }
  return out;
}

/** The same values read from a version-2 vault's sealed columns with the given client keys. */
export function sealedValues(
  db: SqliteDb,
  vaultId: string,
  clientKeys: Map<number, Buffer>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const spec of SEALED_TABLES) {
    const fields = spec.fields.filter((f) => f !== 'source_row');
    const rows = db
      .prepare(
        `SELECT ${spec.idSql ?? 'id'} AS id, (${spec.clientIdSql}) AS client_id, ${fields.map((f) => `${f}_enc`).join(', ')} FROM ${spec.table}`,
      )
      .all() as Record<string, unknown>[];
    for (const row of rows) {
      const clientId = row.client_id as number;
      const { fieldKey } = deriveClientSubkeys(clientKeys.get(clientId)!);
      for (const f of fields) {
        const blob = row[`${f}_enc`] as Buffer | null;
        const at = { vaultId, clientId, table: spec.table, rowId: row.id as number, field: f };
        out[`${spec.table}:${String(row.id)}:${f}`] = blob === null ? null : decryptField(fieldKey, at, blob);
      }
    }
  }
  return out;
}

/** Every byte of every row of every table (FTS shadow tables and sqlite_master included), as a dump would hold. */
export function dumpBytes(db: SqliteDb): Buffer {
  const parts: Buffer[] = [];
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master`).all() as { name: string; sql: string | null }[];
  for (const t of tables) {
    parts.push(Buffer.from(`${t.name}\n${t.sql ?? ''}\n`, 'utf8'));
    const isTable =
      (db.prepare(`SELECT type FROM sqlite_master WHERE name = ?`).get(t.name) as { type: string }).type === 'table';
    if (!isTable || t.sql?.startsWith('CREATE VIRTUAL')) continue;
    for (const row of db.prepare(`SELECT * FROM "${t.name}"`).raw(true).all() as unknown[][]) {
      for (const v of row) {
        if (typeof v === 'string') parts.push(Buffer.from(v, 'utf8'));
        else if (Buffer.isBuffer(v)) parts.push(v);
      }
    }
  }
  return Buffer.concat(parts);
}
