/**
 * What an insider's script needs (issue 11, "Must show"): the DEK and identity out of their own
 * keyslot with their password and the keychain's device secret, vault.db opened directly with
 * the page-cipher pragmas, every stored value read as bytes, and byte searches for markers.
 * Only public formats and the core's own key-slot code are used, as a script would.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { unlockVault, type KeyStore, type VaultSession } from '../../src/core/index';
import type { StaffIdentity } from '../../src/core/crypto/identity';
import type { PageCipher } from '../../src/core/vault/database';
import { readKeysFile, userSlot } from '../../src/core/vault/keys-file';
import { unwrapUserSlot } from '../../src/core/vault/keyslots';
import { vaultPaths } from '../../src/core/vault/paths';
import { pageCipherOf } from '../../src/core/vault/vault-format';
import { codeFor, nextSignInTime, type Staff } from '../helpers/staff';
import { tempDir } from '../helpers/test-vault';
import { decryptDatabaseFile, decryptWalFile } from './page-decrypt';

export type RawDb = Database.Database;

export interface InsiderKeys {
  vaultId: string;
  userId: string;
  cipher: PageCipher;
  dek: Buffer;
  identity: StaffIdentity;
}

/** With a password and the device secret only: what the person's own keyslot holds. */
export async function insiderKeys(
  dir: string,
  keyStore: KeyStore,
  username: string,
  password: string,
): Promise<InsiderKeys> {
  const keys = readKeysFile(vaultPaths(dir));
  const slot = userSlot(keys, username);
  const deviceSecret = await keyStore.get(keys.vaultId);
  if (!slot || !deviceSecret) throw new Error(`no keyslot for ${username} or no device secret`);
  const contents = await unwrapUserSlot(slot, password, deviceSecret, keys.vaultId);
  if (!contents?.identity) throw new Error(`the keyslot of ${username} did not open with that password`);
  return {
    vaultId: keys.vaultId,
    userId: slot.userId,
    cipher: pageCipherOf(keys),
    dek: contents.dek,
    identity: contents.identity,
  };
}

/** The pragmas of src/core/vault/database.ts (CIPHER_PAGE pragmas, raw key), nothing else. */
export function openWithDek(file: string, dek: Uint8Array, cipher: PageCipher): RawDb {
  const db = new Database(file, { fileMustExist: true });
  const pragmas =
    cipher === 'aegis-256' ? [`cipher='aegis'`, `algorithm='aegis-256'`] : [`cipher='sqlcipher'`, 'legacy=4'];
  for (const p of pragmas) db.pragma(p);
  db.key(Buffer.from(`x'${Buffer.from(dek).toString('hex')}'`));
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  return db;
}

/**
 * Opens a copy of the folder's vault.db (and its WAL): closing a connection checkpoints and
 * removes the WAL, which would destroy the very evidence the page checks read.
 */
export function withDb<T>(dir: string, keys: Pick<InsiderKeys, 'cipher' | 'dek'>, fn: (db: RawDb) => T): T {
  const copy = copyVault(dir);
  try {
    const db = openWithDek(path.join(copy, 'vault.db'), keys.dek, keys.cipher);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  } finally {
    removeCopy(copy);
  }
}

/** A copy of a whole vault folder (vault.db, its -wal if any, vault.keys, vault.pending, ...). */
export function copyVault(dir: string): string {
  const copy = path.join(tempDir('lv-insider-'), 'vault');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

export function removeCopy(copyDir: string): void {
  rmSync(path.dirname(copyDir), { recursive: true, force: true });
}

/** One stored value, as bytes, with where it was. */
export interface Cell {
  where: string;
  bytes: Buffer;
}

function bytesOf(v: unknown): Buffer {
  if (v === null || v === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(v)) return v;
  return Buffer.from(String(v), 'utf8');
}

/**
 * Every value of every table named in sqlite_master (sqlite_master's own rows too), as SQLite
 * returns it: text as UTF-8 bytes, blobs as they are, numbers as decimal text. Virtual tables
 * are read through their shadow tables, which are ordinary tables here.
 */
export function everyValue(db: RawDb): Cell[] {
  const cells: Cell[] = [];
  const tables = db
    .prepare<[], { name: string; sql: string | null }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`)
    .all()
    .filter((t) => !/^\s*CREATE\s+VIRTUAL/i.test(t.sql ?? ''))
    .map((t) => t.name);
  for (const table of ['sqlite_master', ...tables]) {
    const stmt = db
      .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
      .raw(true)
      .safeIntegers(true);
    const columns = stmt.columns().map((c) => c.name);
    for (const row of stmt.all() as unknown[][]) {
      row.forEach((v, i) => cells.push({ where: `${table}.${columns[i]}`, bytes: bytesOf(v) }));
    }
  }
  return cells;
}

/** A marker as an insider would grep for it: UTF-8 and UTF-16LE. */
export function byteForms(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
}

export interface Needle {
  name: string;
  forms: Buffer[];
}

export function needles(texts: readonly string[], extra: Needle[] = []): Needle[] {
  return [...texts.map((t) => ({ name: t, forms: byteForms(t) })), ...extra];
}

/** Which needles occur in `haystack`, each named with `where`. */
export function findNeedles(where: string, haystack: Buffer, list: Needle[]): string[] {
  return list.filter((n) => n.forms.some((f) => haystack.includes(f))).map((n) => `${n.name} in ${where}`);
}

export function findInCells(cells: Cell[], list: Needle[]): string[] {
  return cells.flatMap((c) => findNeedles(c.where, c.bytes, list));
}

/** Every file of a folder but vault.db itself: keys file, pending events, WAL, SHM, temp files, locks. */
export function filesBeside(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => path.resolve(f) !== path.resolve(dir, 'vault.db'));
}

/**
 * vault.db and its WAL (if a session had it open when copied) decrypted page by page and frame
 * by frame (page-decrypt.ts: free pages and every WAL version included).
 */
export function decryptedPages(dir: string, keys: Pick<InsiderKeys, 'cipher' | 'dek'>) {
  const db = readFileSync(path.join(dir, 'vault.db'));
  const file = decryptDatabaseFile(keys.cipher, keys.dek, db);
  const walPath = path.join(dir, 'vault.db-wal');
  const wal = existsSync(walPath) ? decryptWalFile(keys.cipher, keys.dek, db, readFileSync(walPath)) : null;
  return { file, wal };
}

/**
 * SQLite3 Multiple Ciphers' own way of removing encryption (`PRAGMA rekey=''`, its FAQ), on a
 * copy: WAL folded in first (checkpoint TRUNCATE, then DELETE mode: rekey refuses WAL mode).
 * Both page ciphers reserve bytes per page, so sqlite3mc does this through a VACUUM: the result
 * holds every live value but not free pages, which decryptedPages covers instead.
 */
export function decryptedBySqlite(dir: string, keys: Pick<InsiderKeys, 'cipher' | 'dek'>): Buffer {
  const copy = copyVault(dir);
  try {
    const db = openWithDek(path.join(copy, 'vault.db'), keys.dek, keys.cipher);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode=DELETE');
    db.pragma(`rekey=''`);
    db.close();
    const bytes = readFileSync(path.join(copy, 'vault.db'));
    // Readable without any key now: proof that this is the plaintext, not more ciphertext.
    const plain = new Database(path.join(copy, 'vault.db'), { readonly: true });
    plain.prepare('SELECT count(*) FROM users').get();
    plain.close();
    return bytes;
  } finally {
    removeCopy(copy);
  }
}

/** Signs in to a vault folder (a copy, too) as the app would, with the second factor if enrolled. */
export function unlockAt(dir: string, keyStore: KeyStore, who: Pick<Staff, 'username' | 'password' | 'totpSecret'>) {
  const now = nextSignInTime();
  return unlockVault({
    dir,
    keyStore,
    username: who.username,
    password: who.password,
    now: () => now,
    totp: who.totpSecret ? codeFor(who.totpSecret, now) : undefined,
  });
}

/** The outcome of an unlock, as a string a test can compare: 'ok' (the session is locked again) or the error. */
export async function unlockOutcome(
  dir: string,
  keyStore: KeyStore,
  who: Pick<Staff, 'username' | 'password' | 'totpSecret'>,
  inspect?: (s: VaultSession) => void,
): Promise<{ code: string; message: string }> {
  try {
    const s = await unlockAt(dir, keyStore, who);
    try {
      inspect?.(s);
    } finally {
      s.lock();
    }
    return { code: 'ok', message: '' };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { code: e.code ?? 'none', message: e.message ?? '' };
  }
}
