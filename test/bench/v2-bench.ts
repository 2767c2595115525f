/**
 * Version 2's cost, beside plain SQLite in the same run (issue 11, "npm run bench"): inserting
 * 1,000,000 records across 2,000 clients (LEDGERVAULT_BENCH_ROWS scales it), then the reads the
 * issue sets targets for. The layouts are described in v2-setup.ts; the reads in v2-reads.ts.
 *
 *   npx tsx test/bench/v2-bench.ts                                 # this part alone
 *   LEDGERVAULT_BENCH_ROWS=200000 npx tsx test/bench/v2-bench.ts
 *   LEDGERVAULT_BENCH_CIPHER=sqlcipher npx tsx test/bench/v2-bench.ts   # default aegis-256
 *
 * `npm run bench` runs it through v2Bench as part of the whole table.
 */
import { statSync, existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/test-vault';
import { fmt, loadNote, printTable } from './bench-util';
import { firstPage, search, unwrapAll } from './v2-reads';
import { insertBreakdown } from './v2-breakdown';
import { MERGE_STEP_PAGES } from '../../src/core/records/record-index';
import {
  benchSession,
  closeAll,
  idleUpkeep,
  CLIENTS,
  insertInto,
  LAYOUTS,
  reopenAll,
  setUp,
  wrapAllClientKeys,
  type Layout,
} from './v2-setup';
import type { PageCipher } from '../../src/core/vault/database';

const label = (cipher: PageCipher): Record<Layout, string> => ({
  plain: 'plain SQLite (text in the clear, no search index)',
  'plain+idx': "plain SQLite + v1's plaintext FTS5 bigram index (same work, no crypto)",
  page: `page cipher only (${cipher}, no search index)`,
  v2: `all of v2 (${cipher}, sealed fields, keyed hashes, FTS5 keyed tokens; core insertRecords)`,
});

const mb = (file: string) =>
  ['', '-wal']
    .map((s) => file + s)
    .filter((f) => existsSync(f))
    .reduce((sum, f) => sum + statSync(f).size, 0) /
  2 ** 20;

/**
 * Rows for the `npm run bench` table (measure | measured | baseline | ratio | goal), and notes
 * printed under it.
 */
export function v2Bench(
  root: string,
  rows: number,
  cipher: PageCipher,
): { table: string[][]; notes: string[]; unwrapMs: number } {
  const table: string[][] = [];
  const notes: string[] = [];
  const LABEL = label(cipher);
  const b = setUp(root, randomBytes(32), cipher);
  // Halves, round robin over the layouts: drift in the machine's load hits all of them alike.
  const ms = Object.fromEntries(LAYOUTS.map((l) => [l, 0])) as Record<Layout, number>;
  const half = Math.floor(rows / 2);
  for (const [n, seed] of [
    [half, 1],
    [rows - half, 2],
  ] as const) {
    for (const l of LAYOUTS) ms[l] += insertInto(b, l, n, seed);
  }
  const rate = (l: Layout) => (rows / ms[l]) * 1000;
  // What the app does once the user is idle after writing (AppService, UPKEEP_AFTER_IDLE_MS).
  const upkeep = idleUpkeep(b.dbs.v2);
  closeAll(b);
  for (const l of LAYOUTS) {
    const vs = (base: Layout) => `${fmt(rate(l) / rate(base))}x of ${base}`;
    table.push([
      `insert rows/s: ${LABEL[l]}; file ${fmt(mb(b.files[l]), 0)} MiB`,
      fmt(rate(l), 0),
      l === 'plain' ? '' : `${fmt(rate('plain'), 0)} (plain)`,
      l === 'plain' ? '' : l === 'v2' ? `${vs('plain')}; ${vs('plain+idx')}` : vs('plain'),
      l === 'page' ? '>= 0.80x' : l === 'v2' ? '>= 0.50x' : '',
    ]);
  }
  const bd = insertBreakdown(benchSession(b.dbs.v2, b.vaultId, b.keyRing), Math.min(rows, 50_000));
  notes.push(
    `v2 insert, microseconds per record outside SQLite, over ${bd.records.toLocaleString('en-US')} records ` +
      `(${fmt(bd.tokensPerRecord, 1)} tokens/record, ${fmt(bd.distinctTermsPerClient, 0)} distinct terms/client): ` +
      `sealing 5 fields ${fmt(bd.seal, 1)}, keyed tokens ${fmt(bd.tokens, 1)} cold (the core's token cache warm: ${fmt(bd.cachedTokens, 1)}), ` +
      `duplicate hashes ${fmt(bd.duplicateHashes, 1)}; plain SQLite's whole insert: ${fmt(1e6 / rate('plain'), 1)}`,
  );

  notes.push(
    `v2 search index upkeep after the inserts (the app's idle merge steps, records/record-index.ts): ` +
      `${upkeep.steps} steps of ${MERGE_STEP_PAGES} pages, ${fmt(upkeep.ms / 1000, 1)} s in all, longest step ` +
      `${fmt(upkeep.longestMs, 0)} ms, median ${fmt(upkeep.medianMs, 0)} ms; FTS5 segments ${upkeep.segmentsBefore} -> ${upkeep.segmentsAfter}`,
  );

  // Reopened: the reads start with an empty page cache, as after unlock.
  reopenAll(b);
  const fp = firstPage(b, 1_000);
  for (const pass of ['cold', 'warm'] as const) {
    for (const stat of ['p50', 'p99'] as const) {
      const f = fp[pass];
      table.push([
        `first page of a client (50 rows decrypted, core queryRecords), ${pass}, ${stat} ms`,
        fmt(f.v2[stat], 3),
        `${fmt(f.plain[stat], 3)} (plain); page cipher only ${fmt(f.page[stat], 3)}`,
        `${fmt(f.v2[stat] / f.plain[stat])}x`,
        stat === 'p99' ? '< 20 ms' : '',
      ]);
    }
  }

  for (const [scope, n, goal] of [
    [50, 200, '< 150 ms'],
    [CLIENTS, 100, '< 400 ms'],
  ] as const) {
    const s = search(b, scope, n);
    const who = scope === CLIENTS ? `all ${CLIENTS} clients (a manager)` : `${scope} clients (an accountant's grants)`;
    table.push([
      `Chinese substring, ${who}, the first query after opening (cold), ms`,
      fmt(s.first.v2, 3),
      `${fmt(s.first.plain, 3)} (plain LIKE)`,
      `${fmt(s.first.v2 / s.first.plain)}x`,
      '',
    ]);
    for (const stat of ['p50', 'p99'] as const) {
      table.push([
        `Chinese substring, ${who}, core queryRecords (FTS5 keyed tokens), ${stat} ms`,
        fmt(s.v2[stat], 3),
        `${fmt(s.plain[stat], 3)} (plain LIKE)`,
        `${fmt(s.v2[stat] / s.plain[stat])}x`,
        stat === 'p99' ? `${goal} (${n} queries after the first)` : '',
      ]);
    }
    const agree = s.hits.v2 === s.hits.plain ? 'the same' : 'DIFFERENT';
    notes.push(
      `search over ${who}: matches/query v2 ${fmt(s.hits.v2, 1)}, plain LIKE ${fmt(s.hits.plain, 1)} (${agree})`,
    );
  }

  const identity = wrapAllClientKeys(b, 'bench-manager');
  const u = unwrapAll(b, identity, 'bench-manager', 5);
  table.push([
    `unwrap a manager's ${u.keys.toLocaleString('en-US')} client keys (core loadClientKeys), p50 ms`,
    fmt(u.p50, 1),
    `worst of 5: ${fmt(u.p99, 1)}`,
    '',
    'well under 1,500 ms',
  ]);
  closeAll(b);
  b.keyRing.wipe();
  return { table, notes, unwrapMs: u.p50 };
}

function main() {
  const rows = Number(process.env.LEDGERVAULT_BENCH_ROWS ?? 1_000_000);
  const root = tempDir('lv-v2-bench-');
  try {
    console.log(`v2 bench: ${rows.toLocaleString('en-US')} records across ${CLIENTS} clients; ${loadNote()}`);
    const cipher = (process.env.LEDGERVAULT_BENCH_CIPHER ?? 'aegis-256') as PageCipher;
    const { table, notes } = v2Bench(root, rows, cipher);
    printTable([['measure', 'measured', 'baseline', 'ratio', 'goal'], ...table]);
    for (const n of notes) console.log(n);
    console.log(`done; ${loadNote()}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
