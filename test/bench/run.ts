/**
 * npm run bench: LedgerVault's speed, every figure beside a baseline measured in the same run
 * (ratios, not absolute times: this machine is shared and noisy).
 *
 *   LEDGERVAULT_BENCH_ROWS=100000 npm run bench   # a quicker, smaller run
 *
 * ROWS is also the number of audit events verified, in-process and (for the main-process stall)
 * in the core's own process; the stall's export is min(ROWS, 100,000) records.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { argon2idRaw, calibrateArgon2 } from '../../src/core/crypto/argon2id';
import { applyMigrations, CACHE_SIZE_KIB, openVaultDatabase } from '../../src/core/vault/database';
import { createVault, unlockVault, OsKeyStore } from '../../src/core/index';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/core/db/schema';
import { indexRecord } from '../../src/core/records/search-index';
import { queryRecords, type RecordQuery } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/vault/session';
import { tempDir } from '../helpers/test-vault';
import { auditBench } from './audit-bench';
import { stallBench } from './stall';

const ROWS = Number(process.env.LEDGERVAULT_BENCH_ROWS ?? 1_000_000);
const CLIENTS = 2_000;
const BATCH = 10_000;
const QUERIES = 2_000;

type Db = Database.Database;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';
const MEMOS = ['货款', '工资代发', '房租', '报销', '服务费', '退款', '税费', '水电费'];

function openPlain(file: string): Db {
  const db = new Database(file);
  db.pragma('temp_store=MEMORY');
  db.pragma('locking_mode=EXCLUSIVE');
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  db.pragma(`cache_size=-${CACHE_SIZE_KIB}`);
  return db;
}

function seedClients(db: Db) {
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO clients (name, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'bench', ?, 'bench')`,
  );
  db.transaction(() => {
    for (let i = 0; i < CLIENTS; i += 1) ins.run(`客户${i}有限公司`, now, now);
  })();
}

function insertRows(db: Db, rows: number, batch: number, seed = 1): number {
  const r = rng(seed);
  const now = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO payment_records (client_id, occurred_at, direction, amount_minor, currency, channel, counterparty, counterparty_account, reference, memo, status, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, 'succeeded', ?, 'bench', ?, 'bench')`,
  );
  const start = performance.now();
  const base = Date.UTC(2023, 0, 1);
  // Rows arrive as statements do: one client's run of 20-100 payments per import, not one
  // random client per row (that worst case is in the README).
  let client = 1;
  let left = 0;
  for (let done = 0; done < rows; done += batch) {
    db.transaction(() => {
      for (let i = done; i < Math.min(rows, done + batch); i += 1) {
        if (left === 0) {
          client = 1 + Math.floor(r() * CLIENTS);
          left = 20 + Math.floor(r() * 80);
        }
        left -= 1;
        const name =
          SURNAMES[Math.floor(r() * 20)]! +
          GIVEN[Math.floor(r() * 20)]! +
          (r() < 0.5 ? GIVEN[Math.floor(r() * 20)]! : '');
        const reference = `T${i}${Math.floor(r() * 1e9)}`;
        const memo = MEMOS[Math.floor(r() * MEMOS.length)]!;
        const info = ins.run(
          client,
          base + Math.floor(r() * 3 * 365 * 86_400_000),
          r() < 0.5 ? 'in' : 'out',
          Math.floor(r() * 10_000_000),
          r() < 0.5 ? 'alipay' : 'bank',
          name,
          `62220${Math.floor(r() * 1e14)}`,
          reference,
          memo,
          now,
          now,
        );
        // The same search index the app keeps (both databases: same schema, same work).
        indexRecord(db, info.lastInsertRowid, { counterparty: name, memo, reference });
      }
    })();
  }
  return (rows / (performance.now() - start)) * 1000;
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function timeQueries(db: Db, sql: string, args: () => unknown[]) {
  const stmt = db.prepare(sql);
  return timeEach(QUERIES, () => {
    const a = args();
    return () => stmt.all(...a);
  });
}

/** p50/p99 of `n` runs; `make` prepares each run's arguments outside the timing. */
function timeEach(n: number, make: () => () => unknown) {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const run = make();
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

/**
 * What the app's records screen runs (core queryRecords: page, count and in/out totals), on a
 * database that is not a vault session: a manager's view, which reaches every client.
 */
function viewOf(db: Db): VaultSession {
  return {
    orm: drizzle(db, { schema }),
    user: { id: 'bench', username: 'bench', displayName: 'bench', role: 'manager' },
  } as unknown as VaultSession;
}

const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const table: string[][] = [['measure', 'LedgerVault (encrypted)', 'baseline', 'ratio', 'goal']];

async function main() {
  const root = tempDir('lv-bench-');
  try {
    console.log(
      `LedgerVault bench: ${ROWS.toLocaleString()} payment records across ${CLIENTS} clients, batch ${BATCH.toLocaleString()}`,
    );
    const dek = randomBytes(32);
    let enc = openVaultDatabase(path.join(root, 'enc.db'), dek, { create: true });
    applyMigrations(enc);
    let plain = openPlain(path.join(root, 'plain.db'));
    applyMigrations(plain);
    seedClients(enc);
    seedClients(plain);

    // Alternate halves so that drift in machine load hits both sides alike.
    const half = Math.floor(ROWS / 2);
    const encRate = (insertRows(enc, half, BATCH, 1) + insertRows(enc, ROWS - half, BATCH, 2)) / 2;
    const plainRate = (insertRows(plain, half, BATCH, 1) + insertRows(plain, ROWS - half, BATCH, 2)) / 2;
    table.push([
      'insert rows/s (higher is better)',
      fmt(encRate, 0),
      `${fmt(plainRate, 0)} (plain SQLite)`,
      `${fmt(encRate / plainRate)}x`,
      '>= 0.80x',
    ]);

    // Reopen both: the first pass over the clients is a cold start after unlock (every page read
    // is decrypted), the second is a user's second look (decrypted pages in the page cache).
    enc.close();
    plain.close();
    enc = openVaultDatabase(path.join(root, 'enc.db'), dek, { create: false });
    plain = openPlain(path.join(root, 'plain.db'));
    const r = rng(7);
    const client = () => [1 + Math.floor(r() * CLIENTS)];
    const firstPage = `SELECT * FROM payment_records WHERE client_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC LIMIT 50`;
    for (const pass of ['cold', 'warm']) {
      const qe = timeQueries(enc, firstPage, client);
      const qp = timeQueries(plain, firstPage, client);
      const row = (stat: 'p50' | 'p99', goal: string) => [
        `first-page query ${stat} ms, ${pass}`,
        fmt(qe[stat], 3),
        fmt(qp[stat], 3),
        `${fmt(qe[stat] / qp[stat])}x`,
        goal,
      ];
      table.push(row('p50', pass === 'warm' ? '<= 1.50x' : ''), row('p99', pass === 'warm' ? '< 20 ms' : ''));
    }
    // The records screen's own queries (page + count + totals), through the core.
    const views = { enc: viewOf(enc), plain: viewOf(plain) };
    const dateOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const queries: [string, () => RecordQuery, string, string][] = [
      [
        'records: first page of a client',
        () => ({ clientId: 1 + Math.floor(r() * CLIENTS), limit: 50 }),
        '',
        '< 20 ms',
      ],
      [
        'records: a client, one month',
        () => {
          const from = Date.UTC(2023, 0, 1) + Math.floor(r() * 30) * 30 * 86_400_000;
          return {
            clientId: 1 + Math.floor(r() * CLIENTS),
            from: dateOf(from),
            to: dateOf(from + 29 * 86_400_000),
            limit: 50,
          };
        },
        '',
        '',
      ],
      [
        'records: Chinese substring, all clients',
        () => ({ text: SURNAMES[Math.floor(r() * 20)]! + GIVEN[Math.floor(r() * 20)]!, limit: 50 }),
        '',
        '< 150 ms',
      ],
      [
        'records: Chinese substring, one client',
        () => ({
          clientId: 1 + Math.floor(r() * CLIENTS),
          text: GIVEN[Math.floor(r() * 20)]! + (r() < 0.5 ? '' : GIVEN[Math.floor(r() * 20)]!),
          limit: 50,
        }),
        '',
        '',
      ],
    ];
    for (const [name, make, , goal99] of queries) {
      const n = Math.min(QUERIES, 500);
      const qe = timeEach(n, () => {
        const q = make();
        return () => queryRecords(views.enc, q);
      });
      const qp = timeEach(n, () => {
        const q = make();
        return () => queryRecords(views.plain, q);
      });
      table.push([`${name}, p50 ms`, fmt(qe.p50, 3), fmt(qp.p50, 3), `${fmt(qe.p50 / qp.p50)}x`, '']);
      table.push([`${name}, p99 ms`, fmt(qe.p99, 3), fmt(qp.p99, 3), `${fmt(qe.p99 / qp.p99)}x`, goal99]);
    }
    enc.close();
    plain.close();

    // Batch size: the one knob that dominates insert speed (each commit is an fsync).
    for (const batch of [100, 1_000, BATCH]) {
      const db = openVaultDatabase(path.join(root, `batch-${batch}.db`), randomBytes(32), { create: true });
      applyMigrations(db);
      seedClients(db);
      const rate = insertRows(db, Math.min(ROWS, 50_000), batch, 3);
      db.close();
      table.push([
        `  encrypted insert rows/s, batch ${batch}`,
        fmt(rate, 0),
        batch === BATCH ? '(chosen)' : '',
        '',
        '',
      ]);
    }

    table.push(...(await auditBench(root, ROWS, fmt)));
    // The core off the UI thread (issue 9): how long the "main process" freezes meanwhile.
    table.push(...(await stallBench(root, ROWS, fmt)));

    const kdf = await calibrateArgon2();
    const keyStore = new OsKeyStore('LedgerVaultBench');
    const dir = path.join(root, 'vault');
    const password = 'Timing-Secret-2024';
    const created = await createVault({ dir, adminUsername: 'bench', adminPassword: password, keyStore, kdf });
    const unlockMs: number[] = [];
    const argonMs: number[] = [];
    try {
      for (let i = 0; i < 5; i += 1) {
        let t = performance.now();
        const s = await unlockVault({ dir, username: 'bench', password, keyStore });
        unlockMs.push(performance.now() - t);
        s.lock();
        t = performance.now();
        await argon2idRaw(password, randomBytes(16), kdf);
        argonMs.push(performance.now() - t);
      }
    } finally {
      await keyStore.delete(created.vaultId).catch(() => false);
    }
    const u = percentiles(unlockMs).p50;
    const a = percentiles(argonMs).p50;
    table.push([
      `unlock s (Argon2id m=${kdf.m / 1024} MiB t=${kdf.t} p=${kdf.p})`,
      fmt(u / 1000),
      `${fmt(a / 1000)} (Argon2id alone)`,
      `${fmt(u / a)}x`,
      '0.30-1.50 s',
    ]);

    const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => [...row[c]!].length)));
    for (const [i, row] of table.entries()) {
      console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
      if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
