/**
 * The page cipher alone, side by side in one run (issue 11, "The page cipher, measured again"):
 * plain SQLite, SQLCipher 4, and SQLite3 Multiple Ciphers' ChaCha20-Poly1305 and AEGIS-256, each
 * with the vault's schema (drizzle migrations) and the pragmas of src/core/vault/database.ts, no
 * search index (the search table exists but stays empty), so only the page layer differs.
 *
 *   npx tsx test/bench/page-cipher.ts                                # 500,000 rows
 *   LEDGERVAULT_BENCH_ROWS=200000 npx tsx test/bench/page-cipher.ts
 *
 * `npm run bench` (test/bench/run.ts) runs it too, through pageCipherBench, and prints which page
 * cipher meets the goal "inserts at least 0.8x plain": that is how version 2's page cipher
 * (src/core/vault/vault-format.ts, V2_PAGE_CIPHER) is chosen. The two ciphers LedgerVault can
 * use are opened through openVaultDatabase itself, so the bench times the app's own open path.
 *
 * Before timing anything it checks that each cipher's file really is encrypted (no plaintext
 * marker, no "SQLite format 3" header) and opens with its key and not with another: a fast
 * "cipher" that silently wrote plaintext would otherwise win.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { applyMigrations, CACHE_SIZE_KIB, openVaultDatabase, type PageCipher } from '../../src/core/vault/database';
import { tempDir } from '../helpers/test-vault';
import { fmt, loadNote, percentiles, printTable, rng, type Db } from './bench-util';

const CLIENTS = 2_000;
const BATCH = 10_000;
const QUERIES = 2_000;
/** Rounds of inserts, round robin over the contenders, so drift in the machine's load hits all alike. */
const ROUNDS = 4;
const MARKER = 'PLAINTEXT-MARKER-明文标记';
const GOAL = 0.8;

/**
 * Each contender: the pragmas that pick its page cipher before the raw key is given, and for the
 * ciphers openVaultDatabase offers, its PageCipher (then that function opens it).
 */
const CIPHERS: { name: string; pragmas: string[]; app?: PageCipher }[] = [
  { name: 'plain', pragmas: [] },
  { name: 'sqlcipher 4', pragmas: [`cipher='sqlcipher'`, 'legacy=4'], app: 'sqlcipher' },
  { name: 'chacha20', pragmas: [`cipher='chacha20'`] },
  // sqlite3mc's AEGIS family: algorithm 4 is aegis-256 (also its default), named explicitly here.
  { name: 'aegis-256', pragmas: [`cipher='aegis'`, `algorithm='aegis-256'`], app: 'aegis-256' },
];

/** Same order as openVaultDatabase: cipher, raw key, then the connection pragmas. */
function open(file: string, pragmas: string[], key: Buffer | null, app?: PageCipher): Db {
  if (app && key) return openVaultDatabase(file, key, { create: true, cipher: app });
  const db = new Database(file);
  try {
    for (const p of pragmas) db.pragma(p);
    if (key) db.key(Buffer.from(`x'${key.toString('hex')}'`, 'latin1'));
    db.pragma('temp_store=MEMORY');
    db.pragma('locking_mode=EXCLUSIVE');
    db.pragma('journal_mode=WAL');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('synchronous=FULL');
    db.pragma('foreign_keys=ON');
    db.pragma(`cache_size=-${CACHE_SIZE_KIB}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function seedClients(db: Db) {
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'bench', ?, 'bench')`,
  );
  db.transaction(() => {
    for (let i = 0; i < CLIENTS; i += 1) ins.run(i === 0 ? MARKER : `客户${i}有限公司`, now, now);
  })();
}

/** Rows in runs of 20-100 per client, as statements are imported (test/bench/run.ts does the same). */
function insertRows(db: Db, rows: number, seed: number): number {
  const first = seed === 1;
  const r = rng(seed);
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO payment_records (client_id, occurred_at, direction, amount_minor, currency, channel, counterparty, counterparty_account, reference, memo, status, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, 'succeeded', ?, 'bench', ?, 'bench')`,
  );
  const base = Date.UTC(2023, 0, 1);
  let client = 1;
  let left = 0;
  const start = performance.now();
  for (let done = 0; done < rows; done += BATCH) {
    db.transaction(() => {
      for (let i = done; i < Math.min(rows, done + BATCH); i += 1) {
        if (left === 0) {
          client = 1 + Math.floor(r() * CLIENTS);
          left = 20 + Math.floor(r() * 80);
        }
        left -= 1;
        ins.run(
          client,
          base + Math.floor(r() * 3 * 365 * 86_400_000),
          r() < 0.5 ? 'in' : 'out',
          Math.floor(r() * 10_000_000),
          r() < 0.5 ? 'alipay' : 'bank',
          first && i === 0 ? MARKER : `张三${i % 977}`,
          `62220${Math.floor(r() * 1e14)}`,
          `T${i}${Math.floor(r() * 1e9)}`,
          '货款',
          now,
          now,
        );
      }
    })();
  }
  return performance.now() - start;
}

function firstPageTimes(db: Db): { p50: number; p99: number } {
  const stmt = db.prepare(
    `SELECT * FROM payment_records WHERE client_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC LIMIT 50`,
  );
  const r = rng(7);
  const samples: number[] = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const id = 1 + Math.floor(r() * CLIENTS);
    const t = performance.now();
    stmt.all(id);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

/** Every file SQLite left for this database (main, -wal, -shm, -journal). */
function filesOf(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return readdirSync(dir)
    .filter((f) => f.startsWith(base))
    .map((f) => path.join(dir, f));
}

/** True when no file of the database holds the marker (ASCII or UTF-8) or SQLite's plain header. */
function looksEncrypted(file: string): boolean {
  const needles = [Buffer.from('PLAINTEXT-MARKER'), Buffer.from('明文标记'), Buffer.from('SQLite format 3\0')];
  return filesOf(file).every((f) => {
    const bytes = readFileSync(f);
    return needles.every((n) => bytes.indexOf(n) < 0);
  });
}

function opensWith(file: string, pragmas: string[], key: Buffer, app?: PageCipher): boolean {
  try {
    const db = open(file, pragmas, key, app);
    const row = db.prepare('SELECT name FROM clients WHERE id = 1').get() as { name: string } | undefined;
    db.close();
    return row?.name === MARKER;
  } catch {
    return false;
  }
}

export interface PageCipherResult {
  name: string;
  app?: PageCipher;
  insert: number;
  p50: number;
  p99: number;
  check: string;
}

/**
 * Inserts `rows` records into each contender, checks each file is really encrypted, and times
 * first-page reads after a reopen (decrypting pages from disk). Returns the rows of a table and
 * the page cipher chosen: of those openVaultDatabase offers and that pass the file check, the
 * fastest inserter among those reaching GOAL x plain (or, if none does, the fastest, marked so).
 */
export function pageCipherBench(
  root: string,
  rows: number,
): { table: string[][]; results: PageCipherResult[]; chosen: PageCipher; goalMet: boolean } {
  const key = randomBytes(32);
  const dbs = CIPHERS.map((c) => {
    const file = path.join(root, `${c.name.replace(/\W+/g, '-')}.db`);
    const db = open(file, c.pragmas, c.name === 'plain' ? null : key, c.app);
    applyMigrations(db);
    seedClients(db);
    return { ...c, file, db, ms: 0 };
  });
  const per = Math.ceil(rows / ROUNDS);
  for (let round = 0; round < ROUNDS; round += 1) {
    const n = Math.min(per, rows - round * per);
    for (const d of dbs) d.ms += insertRows(d.db, n, round + 1);
  }
  const results: PageCipherResult[] = [];
  for (const d of dbs) {
    d.db.pragma('wal_checkpoint(TRUNCATE)');
    d.db.close();
    const keyed = d.name === 'plain' ? null : key;
    let check = 'n/a (plain)';
    if (keyed) {
      const other = randomBytes(32);
      const ok =
        looksEncrypted(d.file) &&
        opensWith(d.file, d.pragmas, key, d.app) &&
        !opensWith(d.file, d.pragmas, other, d.app);
      check = ok ? 'encrypted; same key opens, other key refused' : 'FAILED';
    }
    const db = open(d.file, d.pragmas, keyed, d.app);
    const q = firstPageTimes(db);
    db.close();
    results.push({ name: d.name, app: d.app, insert: (rows / d.ms) * 1000, ...q, check });
  }
  const plain = results[0]!;
  const table = [
    ['page cipher', 'insert rows/s', 'ratio', 'first page p50 ms', 'ratio', 'p99 ms', 'ratio', 'file check'],
  ];
  for (const r of results) {
    table.push([
      r.name,
      fmt(r.insert, 0),
      `${fmt(r.insert / plain.insert)}x`,
      fmt(r.p50, 3),
      `${fmt(r.p50 / plain.p50)}x`,
      fmt(r.p99, 3),
      `${fmt(r.p99 / plain.p99)}x`,
      r.check,
    ]);
  }
  const usable = results.filter((r) => r.app && r.check !== 'FAILED').sort((a, b) => b.insert - a.insert);
  const meeting = usable.filter((r) => r.insert / plain.insert >= GOAL);
  const best = (meeting[0] ?? usable[0])!;
  return { table, results, chosen: best.app!, goalMet: meeting.length > 0 };
}

function main() {
  const rows = Number(process.env.LEDGERVAULT_BENCH_ROWS ?? 500_000);
  const root = tempDir('lv-page-cipher-');
  try {
    console.log(
      `page cipher bench: ${rows.toLocaleString()} rows across ${CLIENTS} clients, ${BATCH.toLocaleString()}-row transactions in ${ROUNDS} round-robin rounds, ${QUERIES} first-page queries; ${loadNote()}`,
    );
    const { table, results, chosen, goalMet } = pageCipherBench(root, rows);
    printTable(table);
    console.log(
      `chosen page cipher: ${chosen} (${goalMet ? 'fastest inserter reaching' : 'NONE reaches'} the goal ${GOAL}x plain); ${loadNote()}`,
    );
    if (results.some((r) => r.check === 'FAILED')) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
