import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations, defaultMigrationsDir, type SqliteDb } from '../../src/core/vault/database';
import { tempDir } from './test-vault';

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Applies migrations 0..n only (Signal-style tests: migrate to N-1, insert, migrate to N, look). */
export function migrateTo(db: SqliteDb, n: number): void {
  const source = defaultMigrationsDir();
  const journal = JSON.parse(readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as Journal;
  const dir = tempDir('lv-migrations-');
  mkdirSync(path.join(dir, 'meta'));
  const entries = journal.entries.filter((e) => e.idx <= n);
  for (const e of entries) cpSync(path.join(source, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  applyMigrations(db, dir);
}

export function tableNames(db: SqliteDb): string[] {
  return (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as {
      name: string;
    }[]
  ).map((t) => t.name);
}

export function columns(db: SqliteDb, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}
