/**
 * The page cipher alone, side by side in one run (issue 11, "The page cipher, measured again"):
 * plain SQLite, SQLCipher 4, and SQLite3 Multiple Ciphers' ChaCha20-Poly1305 and AEGIS-256, each
 * with the vault's schema (drizzle migrations) and the pragmas of src/core/vault/database.ts, no
 * search index (the search table exists but stays empty), so only the page layer differs.
 *
 *   npx tsx test/bench/page-cipher.ts                                # 500,000 rows
 *   LEDGERVAULT_BENCH_ROWS=200000 npx tsx test/bench/page-cipher.ts
 *
 * Before timing anything it checks that each cipher's file really is encrypted (no plaintext
 * marker, no "SQLite format 3" header) and opens with its key and not with another: a fast
 * "cipher" that silently wrote plaintext would otherwise win.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { applyMigrations, CACHE_SIZE_KIB } from '../../src/core/vault/database';
import { tempDir } from '../helpers/test-vault';

const ROWS = Number(process.env.LEDGERVAULT_BENCH_ROWS ?? 500_000);
const CLIENTS = 2_000;
const BATCH = 10_000;
const QUERIES = 2_000;
const MARKER = 'PLAINTEXT-MARKER-明文标记';

type Db = Database.Database;

/** Each contender: the pragmas that pick its page cipher before the raw key is given. */
const CIPHERS: { name: string; pragmas: string[] }[] = [
  { name: 'plain', pragmas: [] },
  { name: 'sqlcipher 4', pragmas: [`cipher='sqlcipher'`, 'legacy=4'] },
  { name: 'chacha20', pragmas: [`cipher='chacha20'`] },
  // sqlite3mc's AEGIS family: algorithm 4 is aegis-256 (also its default), named explicitly here.
  { name: 'aegis-256', pragmas: [`cipher='aegis'`, `algorithm='aegis-256'`] },
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Same order as openVaultDatabase: cipher, raw key, then the connection pragmas. */
function open(file: string, pragmas: string[], key: Buffer | null): Db {
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
          i === 0 ? MARKER : `张三${i % 977}`,
          `62220${Math.floor(r() * 1e14)}`,
          `T${i}${Math.floor(r() * 1e9)}`,
          '货款',
          now,
          now,
        );
      }
    })();
  }
  return (rows / (performance.now() - start)) * 1000;
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
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
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

function opensWith(file: string, pragmas: string[], key: Buffer): boolean {
  try {
    const db = open(file, pragmas, key);
    const row = db.prepare('SELECT name FROM clients WHERE id = 1').get() as { name: string } | undefined;
    db.close();
    return row?.name === MARKER;
  } catch {
    return false;
  }
}

const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function main() {
  const root = tempDir('lv-page-cipher-');
  console.log(
    `page cipher bench: ${ROWS.toLocaleString()} rows across ${CLIENTS} clients, ${BATCH.toLocaleString()}-row transactions, ${QUERIES} first-page queries`,
  );
  const results: { name: string; insert: number; p50: number; p99: number; check: string }[] = [];
  const key = randomBytes(32);
  const dbs = CIPHERS.map((c) => {
    const file = path.join(root, `${c.name.replace(/\W+/g, '-')}.db`);
    const db = open(file, c.pragmas, c.name === 'plain' ? null : key);
    applyMigrations(db);
    seedClients(db);
    return { ...c, file, db, rates: [] as number[] };
  });
  // Two halves, round robin: drift in the machine's load hits every contender alike.
  const half = Math.floor(ROWS / 2);
  for (const [rows, seed] of [
    [half, 1],
    [ROWS - half, 2],
  ] as const) {
    for (const d of dbs) d.rates.push(insertRows(d.db, rows, seed));
  }
  for (const d of dbs) {
    d.db.pragma('wal_checkpoint(TRUNCATE)');
    d.db.close();
    const keyed = d.name === 'plain' ? null : key;
    let check = 'n/a (plain)';
    if (keyed) {
      const other = randomBytes(32);
      const ok = looksEncrypted(d.file) && opensWith(d.file, d.pragmas, key) && !opensWith(d.file, d.pragmas, other);
      check = ok ? 'encrypted; same key opens, other key refused' : 'FAILED';
    }
    const db = open(d.file, d.pragmas, keyed);
    const q = firstPageTimes(db);
    db.close();
    results.push({ name: d.name, insert: (d.rates[0]! + d.rates[1]!) / 2, ...q, check });
  }
  const plain = results[0]!;
  const rows = [['cipher', 'insert rows/s', 'ratio', 'first page p50 ms', 'ratio', 'p99 ms', 'ratio', 'file check']];
  for (const r of results) {
    rows.push([
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
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
  if (results.some((r) => r.check === 'FAILED')) process.exitCode = 1;
  rmSync(root, { recursive: true, force: true });
}

main();
