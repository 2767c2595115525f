/**
 * The page cipher (issue 11, "The page cipher, measured again"): vault.db in SQLCipher 4 (the
 * version-1 format) or AEGIS-256 (version 2), the in-place change from one to the other, and the
 * pragmas docs/security.md gives an office for opening a vault with standard tools.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  openVaultDatabase,
  openWithEitherCipher,
  rekeyDatabase,
  type PageCipher,
  type SqliteDb,
} from '../../src/core/vault/database';
import { tempDir } from '../helpers/test-vault';

const CIPHERS: PageCipher[] = ['sqlcipher', 'aegis-256'];
/** The page cipher `npm run bench` chose for version 2, and so the one docs/security.md documents. */
const DOCUMENTED_CIPHER: PageCipher = 'aegis-256';
const MARKER = 'PAGE-MARKER 页面标记';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function newFile(): string {
  const dir = tempDir('lv-page-cipher-');
  dirs.push(dir);
  return path.join(dir, 'vault.db');
}

function fill(db: SqliteDb, rows: number): void {
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) ins.run(`${MARKER} ${i}`);
  })();
}

function rowsOf(db: SqliteDb): { n: number; first: string } {
  const { n } = db.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
  const { v } = db.prepare('SELECT v FROM t WHERE id = 1').get() as { v: string };
  return { n, first: v };
}

function opensWith(file: string, dek: Buffer, cipher: PageCipher): { n: number; first: string } | string {
  try {
    const db = openVaultDatabase(file, dek, { create: false, cipher });
    try {
      return rowsOf(db);
    } finally {
      db.close();
    }
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Every byte SQLite left for this database, main file and side files together. */
function bytesOf(file: string): Buffer {
  return Buffer.concat(
    ['', '-wal', '-journal', '-shm'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)),
  );
}

function expectEncrypted(file: string): void {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 16).equals(SQLITE_HEADER)).toBe(false);
  const all = bytesOf(file);
  for (const needle of ['PAGE-MARKER', '页面标记', 'CREATE TABLE']) {
    expect(all.indexOf(Buffer.from(needle))).toBe(-1);
  }
}

describe('page cipher', () => {
  it.each(CIPHERS)('a %s vault opens again only with its key and its cipher, encrypted on disk', (cipher) => {
    const file = newFile();
    const dek = randomBytes(32);
    const db = openVaultDatabase(file, dek, { create: true, cipher });
    fill(db, 500);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    expectEncrypted(file);
    expect(opensWith(file, dek, cipher)).toEqual({ n: 500, first: `${MARKER} 0` });
    expect(opensWith(file, randomBytes(32), cipher)).toBe('E_INTEGRITY');
    const other = CIPHERS.find((c) => c !== cipher)!;
    expect(opensWith(file, dek, other)).toBe('E_INTEGRITY');
    // A refused open changes nothing: the right cipher still opens it.
    expect(opensWith(file, dek, cipher)).toEqual({ n: 500, first: `${MARKER} 0` });
  });

  it('rekeys a SQLCipher vault to AEGIS-256 in place: every row kept, then it opens as AEGIS only', () => {
    const file = newFile();
    const dek = randomBytes(32);
    let db = openVaultDatabase(file, dek, { create: true, cipher: 'sqlcipher' });
    fill(db, 20_000);
    // Rows still in the WAL must come along too.
    db.prepare('INSERT INTO t (v) VALUES (?)').run(`${MARKER} last`);
    db.close();
    db = openVaultDatabase(file, dek, { create: false, cipher: 'sqlcipher' });
    db.prepare('INSERT INTO t (v) VALUES (?)').run(`${MARKER} in wal`);

    rekeyDatabase(db, { from: 'sqlcipher', to: 'aegis-256', dek });
    expect(rowsOf(db)).toEqual({ n: 20_002, first: `${MARKER} 0` });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // The connection goes on writing, in the new cipher.
    db.prepare('INSERT INTO t (v) VALUES (?)').run(`${MARKER} after`);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    expect(existsSync(`${file}-journal`)).toBe(false);
    expectEncrypted(file);
    expect(opensWith(file, dek, 'sqlcipher')).toBe('E_INTEGRITY');
    expect(opensWith(file, dek, 'aegis-256')).toEqual({ n: 20_003, first: `${MARKER} 0` });
    expect(opensWith(file, randomBytes(32), 'aegis-256')).toBe('E_INTEGRITY');
    const again = openVaultDatabase(file, dek, { create: false, cipher: 'aegis-256' });
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('a rekey killed halfway leaves the whole SQLCipher file, which the next rekey finishes', async () => {
    const file = newFile();
    const dek = randomBytes(32);
    const db = openVaultDatabase(file, dek, { create: true, cipher: 'sqlcipher' });
    fill(db, 50_000);
    db.close();
    const original = readFileSync(file);
    copyFileSync(file, `${file}.orig`);

    // The child rekeys with a tiny page cache, so SQLite writes new pages into vault.db while the
    // transaction is still open (after syncing the journal); it is killed once it has.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { openVaultDatabase, rekeyDatabase } from ${JSON.stringify(path.resolve('src/core/vault/database.ts'))};
         const dek = Buffer.from(process.argv[2], 'hex');
         const db = openVaultDatabase(process.argv[1], dek, { create: false, cipher: 'sqlcipher' });
         db.pragma('cache_size=16');
         process.stdout.write('rekeying\\n');
         rekeyDatabase(db, { from: 'sqlcipher', to: 'aegis-256', dek });
         process.stdout.write('done\\n');`,
        file,
        dek.toString('hex'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      let mtimeOnceJournaled = 0;
      const poll = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const journal = existsSync(`${file}-journal`) ? statSync(`${file}-journal`).size : 0;
        if (journal > original.length / 4) {
          const m = statSync(file).mtimeMs;
          if (mtimeOnceJournaled === 0) mtimeOnceJournaled = m;
          else if (m !== mtimeOnceJournaled) return void child.kill('SIGKILL');
        }
        setImmediate(poll);
      };
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out === 'rekeying\n') poll();
      });
      child.on('exit', (_code, sig) => resolve(sig));
    });
    expect(signal, stderr).toBe('SIGKILL');
    expect(out).toBe('rekeying\n');

    // The state a crash mid-rekey leaves: some pages of vault.db rewritten, a hot journal.
    expect(existsSync(`${file}-journal`)).toBe(true);
    const now = readFileSync(file);
    let changed = 0;
    for (let at = 4096; at < original.length; at += 4096) {
      if (!now.subarray(at, at + 4096).equals(original.subarray(at, at + 4096))) changed += 1;
    }
    expect(changed).toBeGreaterThan(0);

    // AEGIS refuses it without touching the journal; SQLCipher rolls the journal back.
    const { db: reopened, cipher } = openWithEitherCipher(file, dek, ['aegis-256', 'sqlcipher']);
    expect(cipher).toBe('sqlcipher');
    expect(rowsOf(reopened)).toEqual({ n: 50_000, first: `${MARKER} 0` });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    rekeyDatabase(reopened, { from: 'sqlcipher', to: 'aegis-256', dek });
    reopened.close();
    expect(opensWith(file, dek, 'aegis-256')).toEqual({ n: 50_000, first: `${MARKER} 0` });
  }, 60_000);
});

describe('docs/security.md, "Opening a vault without LedgerVault"', () => {
  /** The first ```sql block of that section, exactly as an office would type it. */
  function documentedPragmas(): string {
    const doc = readFileSync(path.resolve('docs/security.md'), 'utf8');
    const start = doc.indexOf('\n## Opening a vault without LedgerVault\n');
    expect(start).toBeGreaterThanOrEqual(0);
    const next = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, next < 0 ? undefined : next);
    const block = /```sql\n([\s\S]*?)```/.exec(section);
    expect(block).not.toBeNull();
    return block![1]!;
  }

  it('its pragmas open a vault made by LedgerVault with the chosen page cipher, and nothing else does', () => {
    const file = newFile();
    const dek = randomBytes(32);
    const db = openVaultDatabase(file, dek, { create: true, cipher: DOCUMENTED_CIPHER });
    applyMigrations(db);
    fill(db, 10);
    const migrations = (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    db.close();

    const sql = documentedPragmas();
    expect(sql).toContain('<64 hex digits of the DEK>');
    const run = (key: Buffer) => {
      // A fresh connection with nothing set: what the sqlite3mc shell starts with.
      const shell = new Database(file, { readonly: true, fileMustExist: true });
      try {
        shell.exec(sql.replaceAll('<64 hex digits of the DEK>', key.toString('hex')));
        const n = (shell.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
        const rows = shell.prepare('SELECT v FROM t ORDER BY id').all() as { v: string }[];
        return { n, rows: rows.length, first: rows[0]?.v };
      } finally {
        shell.close();
      }
    };
    expect(run(dek)).toEqual({ n: migrations, rows: 10, first: `${MARKER} 0` });
    expect(() => run(randomBytes(32))).toThrow(/not a database/);
  });
});
