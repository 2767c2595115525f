import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../db/schema';
import { LedgerVaultError, busyError, integrityError } from '../errors';
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
 * The raw-key form SQLCipher takes, `x'<64 hex digits>'`, built as bytes in a Buffer the caller
 * wipes: never as a JS string (immutable, copied by V8, left to the garbage collector), which is
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
 * Opens vault.db, whole-file encrypted in SQLCipher 4 format with the raw 256-bit DEK (no
 * passphrase KDF: the DEK is already random), and takes an exclusive lock that a second process
 * cannot pass (it gets E_BUSY). The lock is the OS's own and dies with the process, so a crash
 * never leaves a vault that refuses to open.
 */
export function openVaultDatabase(file: string, dek: Uint8Array, opts: { create: boolean }): SqliteDb {
  if (!opts.create && !existsSync(file)) throw integrityError('vault.db is missing from the vault folder.');
  // A short busy timeout: the only contention is another process holding the vault, which will not let go.
  makePrivate(file, opts.create);
  const db = new Database(file, { fileMustExist: !opts.create, timeout: 200 });
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    const literal = rawKeyLiteral(dek);
    try {
      db.key(literal);
    } finally {
      wipe(literal);
    }
    // Temp tables and sorts stay in memory: a temp file would hold plaintext pages.
    db.pragma('temp_store=MEMORY');
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
    const code = sqliteCode(err);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw busyError('The vault is open in another LedgerVault window or process; close it first.');
    }
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw integrityError('vault.db cannot be decrypted with the vault key: it is damaged or was replaced.', err);
    }
    throw err;
  }
}

/** quick_check on every open (cheap); `full` runs the complete integrity_check for doctor. */
export function checkDatabaseIntegrity(db: SqliteDb, full = false): string[] {
  const rows = db.pragma(full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
  const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((v) => v !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`${fk.length} foreign key violation(s)`);
  return problems;
}

export function applyMigrations(db: SqliteDb, migrationsDir = defaultMigrationsDir()): Orm {
  const orm = drizzle(db, { schema });
  try {
    migrate(orm, { migrationsFolder: migrationsDir });
  } catch (err) {
    throw new LedgerVaultError('E_INTEGRITY', 'The vault database could not be brought to the current schema.', {
      cause: err,
    });
  }
  return orm;
}
