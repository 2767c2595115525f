import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../db/schema';
import { LedgerVaultError, busyError, diskFailure, integrityError } from '../errors';
import { vaultDiskError } from '../fs/disk-errors';
import { wipe } from '../crypto/primitives';

export type Orm = BetterSQLite3Database<typeof schema>;
export type SqliteDb = Database.Database;

/**
 * Tuning, measured with `npm run bench` (README, "Performance"): SQLCipher 4's 4 KiB pages (16 KiB
 * pages sped inserts up ~40% but made every indexed read decrypt 4x the bytes: first-page p50
 * went from 0.22 to 0.32 ms at 1M rows). The page cache holds *decrypted* pages, so a cache as
 * large as a busy office's vault (256 MiB, allocated only as used) makes a second look at a
 * client cost what plain SQLite costs; with 64 MiB warm reads stayed ~1.9x plain.
 */
export const CACHE_SIZE_KIB = 256 * 1024;

/** drizzle/ beside package.json: found by walking up, so src/, out/ and app.asar all work. */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    const candidate = path.join(dir, 'drizzle');
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('LedgerVault migrations (drizzle/meta/_journal.json) not found');
}

function sqliteCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The raw-key form SQLCipher takes, `x'<64 hex digits>'` (sqlite3mc reads it the same way for
 * AEGIS: no key derivation), built as bytes in a Buffer the caller wipes: never as a JS string (immutable, copied by V8, left to the garbage collector), which is
 * what `PRAGMA key = "x'...'"` would need.
 */
function rawKeyLiteral(key: Uint8Array): Buffer {
  const out = Buffer.alloc(key.length * 2 + 3);
  out[0] = 0x78; // x
  out[1] = 0x27; // '
  for (let i = 0; i < key.length; i += 1) {
    out[2 + 2 * i] = HEX[key[i]! >> 4]!;
    out[3 + 2 * i] = HEX[key[i]! & 0x0f]!;
  }
  out[out.length - 1] = 0x27;
  return out;
}

/** SQLite's own files for vault.db: the WAL and journals take the database file's mode. */
const SQLITE_SIDE_FILES = ['-wal', '-journal', '-shm'];

/**
 * Vault files are 0600 (owner only). A new vault.db is created here with that mode before
 * SQLite writes a byte (SQLite would use 0644 under the usual umask, and gives its -wal and
 * -journal files the mode of the database file); an existing one, and its side files, are put
 * back to 0600 at every open.
 */
function makePrivate(file: string, create: boolean): void {
  if (create && !existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  for (const f of [file, ...SQLITE_SIDE_FILES.map((s) => file + s)]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/**
 * The page cipher: how SQLite3 Multiple Ciphers encrypts each 4 KiB page of vault.db and its WAL.
 * - 'sqlcipher': SQLCipher 4 (AES-256-CBC + HMAC-SHA512 per page, 80 reserved bytes), the
 *   version-1 format.
 * - 'aegis-256': AEGIS-256 (an AEAD: 32-byte nonce + 32-byte tag per page, 64 reserved bytes),
 *   the one `npm run bench` chooses for version 2 (test/bench/page-cipher.ts; vault-format.ts's
 *   V2_PAGE_CIPHER is the switch; docs/security.md, "Opening a vault without LedgerVault", says
 *   how other tools open it).
 * Both take the raw 256-bit DEK (no passphrase KDF: the DEK is already random). Nothing in the
 * file says which cipher wrote it, and `PRAGMA cipher` does not tell either: it reports the
 * connection's setting for the next key or rekey (the compiled-in default, chacha20, on a fresh
 * connection), not the file's format. The vault's own metadata has to record it.
 */
export type PageCipher = 'sqlcipher' | 'aegis-256';

/**
 * The pragmas that select each cipher; they must run before the key. `legacy=4` is SQLCipher 4's
 * parameter set; `algorithm` picks AEGIS-256 out of the AEGIS family (also its default, named so
 * a changed default cannot silently change the format).
 */
const CIPHER_PRAGMAS: Record<PageCipher, readonly string[]> = {
  sqlcipher: [`cipher='sqlcipher'`, 'legacy=4'],
  'aegis-256': [`cipher='aegis'`, `algorithm='aegis-256'`],
};

function selectCipher(db: SqliteDb, cipher: PageCipher): void {
  for (const p of CIPHER_PRAGMAS[cipher]) db.pragma(p);
}

/**
 * Opens vault.db, whole-file encrypted with the page cipher `opts.cipher` ('sqlcipher', today's
 * format, when not given) and the raw 256-bit DEK, and takes an exclusive lock that a second
 * process cannot pass (it gets E_BUSY). The lock is the OS's own and dies with the process, so a
 * crash never leaves a vault that refuses to open. A file in the other cipher (or under another
 * key) is E_INTEGRITY, and is left exactly as it was: see rekeyDatabase for why that matters.
 */
export function openVaultDatabase(
  file: string,
  dek: Uint8Array,
  opts: { create: boolean; cipher?: PageCipher },
): SqliteDb {
  if (!opts.create && !existsSync(file)) throw integrityError('vault.db is missing from the vault folder.');
  // A short busy timeout: the only contention is another process holding the vault, which will not let go.
  makePrivate(file, opts.create);
  const db = new Database(file, { fileMustExist: !opts.create, timeout: 200 });
  try {
    selectCipher(db, opts.cipher ?? 'sqlcipher');
    const literal = rawKeyLiteral(dek);
    try {
      db.key(literal);
    } finally {
      wipe(literal);
    }
    // Temp tables and sorts stay in memory: a temp file would hold plaintext pages.
    db.pragma('temp_store=MEMORY');
    // Deleted and overwritten content is zeroed: a sealed field replaced by a rotation, or a
    // version-1 plaintext value the upgrade removed, leaves nothing in free pages (sqlite3mc turns
    // this on by default today; said here so it cannot silently go away).
    db.pragma('secure_delete=ON');
    // Exclusive before WAL: no -shm file, and no second process can read or write.
    db.pragma('locking_mode=EXCLUSIVE');
    db.pragma('journal_mode=WAL');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    // FULL: a committed transaction survives power loss, not just a crash.
    db.pragma('synchronous=FULL');
    db.pragma('foreign_keys=ON');
    db.pragma(`cache_size=-${CACHE_SIZE_KIB}`);
    return db;
  } catch (err) {
    db.close();
    throw openError(err, file);
  }
}

function openError(err: unknown, file: string): unknown {
  const code = sqliteCode(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return busyError('The vault is open in another LedgerVault window or process; close it first.');
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return integrityError('vault.db cannot be decrypted with the vault key: it is damaged or was replaced.', err);
  }
  return vaultDiskError(err, path.dirname(file));
}

/**
 * Re-encrypts every page of an open vault.db (opened by openVaultDatabase with `from`) under the
 * page cipher `to`, same DEK, in place; the connection then reads and writes `to`.
 *
 * How sqlite3mc changes a cipher: `PRAGMA rekey` encrypts with the cipher the connection has
 * *selected* (PRAGMA cipher and its parameters, set after the key), and reads with the one the
 * file was opened with. SQLCipher reserves 80 bytes per page and AEGIS-256 64, so sqlite3mc
 * rewrites the database through VACUUM (its RunVacuumForRekey), not page by page.
 *
 * Why the journal-mode switch: sqlite3mc 2.3.5 (the one better-sqlite3-multiple-ciphers bundles)
 * refuses rekey in WAL mode. DELETE mode folds the WAL into vault.db first (a checkpoint);
 * afterwards WAL mode is restored, which removes the rollback journal.
 *
 * Crash safety (what an interruption leaves), from sqlite3mc's code and test/core/page-cipher.test.ts:
 * - The rekey is one SQLite write transaction in rollback-journal mode, with synchronous=FULL.
 *   The VACUUM first builds the new copy in a temporary database, which temp_store=MEMORY keeps
 *   in memory (it holds decrypted pages: never a temp file; it needs RAM about the file's size).
 *   It then writes the new pages into vault.db; before any of them, the original pages go to
 *   vault.db-journal, encrypted with the *old* cipher (sqlite3mc encrypts journal pages with the
 *   read key, "by nature, a rollback journal").
 * - Crash before the commit: vault.db is partly rewritten and a hot journal holds the original
 *   pages. Opening with `from` rolls the journal back: the whole file in `from`, every row there.
 *   Opening with `to` meanwhile fails (E_INTEGRITY) and leaves the journal alone, so a caller may
 *   try `to` first and `from` second (openWithEitherCipher) without losing the way back.
 * - Crash after the commit (the journal's header is zeroed at commit, so it is no longer hot; the
 *   switch back to WAL deletes it): the file is wholly `to`; if WAL mode was not yet restored,
 *   the next openVaultDatabase restores it.
 * So the file is never half one cipher and half the other once opened: the caller's record of
 * which cipher is in use must follow the file (write it after this returns, and on open trust
 * the cipher that opens). Power loss is covered as far as fsync is honoured (synchronous=FULL).
 */
export function rekeyDatabase(db: SqliteDb, opts: { from: PageCipher; to: PageCipher; dek: Uint8Array }): void {
  if (opts.from === opts.to) return;
  if (db.inTransaction) throw new Error('rekeyDatabase cannot run inside a transaction');
  db.pragma('temp_store=MEMORY');
  db.pragma('synchronous=FULL');
  db.pragma('journal_mode=DELETE');
  try {
    selectCipher(db, opts.to);
    const literal = rawKeyLiteral(opts.dek);
    try {
      db.rekey(literal);
    } finally {
      wipe(literal);
    }
  } finally {
    // On failure sqlite3mc rolls the transaction back and the connection goes on with `from`.
    db.pragma('journal_mode=WAL');
  }
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/**
 * Opens vault.db with whichever page cipher it is in, trying `ciphers` in order; for a vault
 * whose rekey may have been interrupted, pass [to, from] (see rekeyDatabase: a failed attempt
 * with `to` leaves the hot journal for `from` to roll back). Wrong key for all: E_INTEGRITY.
 */
export function openWithEitherCipher(
  file: string,
  dek: Uint8Array,
  ciphers: readonly PageCipher[],
): { db: SqliteDb; cipher: PageCipher } {
  let last: unknown;
  for (const cipher of ciphers) {
    try {
      return { db: openVaultDatabase(file, dek, { create: false, cipher }), cipher };
    } catch (err) {
      if (!(err instanceof LedgerVaultError) || err.code !== 'E_INTEGRITY') throw err;
      last = err;
    }
  }
  throw last ?? integrityError('vault.db cannot be decrypted with the vault key: it is damaged or was replaced.');
}

/** quick_check on every open (cheap); `full` runs the complete integrity_check for doctor. */
export function checkDatabaseIntegrity(db: SqliteDb, full = false): string[] {
  const rows = db.pragma(full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
  const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((v) => v !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`${fk.length} foreign key violation(s)`);
  return problems;
}

/** Statements kept per connection for drizzle (least recently used first out). */
const STATEMENT_CACHE_LIMIT = 200;

/**
 * The connection as drizzle sees it, with its statements kept: drizzle prepares every query it
 * runs again, and preparing the records screen's page and totals was about 6% of a client's
 * first page in a profile of npm run bench's reads. Queries with id lists bind them as one JSON parameter (records/
 * keyed-search.ts, inIds), so their text repeats. drizzle sets raw() itself when it wants
 * arrays and never pluck() or expand(), so a kept reader is handed back with raw() off.
 */
function withStatementCache(db: SqliteDb): SqliteDb {
  const cache = new Map<string, Database.Statement>();
  const facade = Object.create(db) as SqliteDb;
  facade.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      if (stmt.reader) stmt.raw(false);
    } else {
      stmt = db.prepare(source);
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as SqliteDb['prepare'];
  return facade;
}

/** drizzle over one connection, as every session uses it. */
export function ormOf(db: SqliteDb): Orm {
  return drizzle(withStatementCache(db), { schema });
}

export function applyMigrations(db: SqliteDb, migrationsDir = defaultMigrationsDir()): Orm {
  const orm = ormOf(db);
  try {
    migrate(orm, { migrationsFolder: migrationsDir });
  } catch (err) {
    // A full disk is not a damaged vault: the migration rolled back and runs again with room.
    if (diskFailure(err)) throw vaultDiskError(err, path.dirname(db.name));
    throw new LedgerVaultError('E_INTEGRITY', 'The vault database could not be brought to the current schema.', {
      cause: err,
    });
  }
  return orm;
}
