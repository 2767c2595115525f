/**
 * npm run bench: LedgerVault's speed, every figure beside a baseline measured in the same run
 * (ratios, not absolute times: this machine is shared and noisy; the load average is printed at
 * the start and the end).
 *
 *   LEDGERVAULT_BENCH_ROWS=200000 npm run bench   # a quicker, smaller run
 *
 * Sections: the page cipher alone (page-cipher.ts, min(ROWS, 500,000) rows: it chooses version
 * 2's page cipher, which the rest of the run uses; src/core/vault/vault-format.ts's V2_PAGE_CIPHER
 * must match it); version 2 against plain SQLite (v2-bench.ts: ROWS records across 2,000
 * clients, reads, client-key unwrapping); batch size; the audit log (audit-bench.ts); the
 * main-process stall (stall.ts); unlock. ROWS is also the number of audit events verified, in-process
 * and (for the stall) in the core's own process; the stall's export is min(ROWS, 100,000) records.
 * Backups (backup-bench.ts): export and full verify of a vault of about 1 GB against cp + fsync
 * and a sequential read. LEDGERVAULT_BENCH_ONLY=backup runs that section alone. Imports
 * (import-bench.ts): a 100,000-row Alipay CSV (GBK) and camt.053 previewed and committed into the
 * vault against parsing alone; LEDGERVAULT_BENCH_ONLY=import runs that section alone.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { argon2idRaw, calibrateArgon2 } from '../../src/core/crypto/argon2id';
import { applyMigrations, openVaultDatabase, type PageCipher } from '../../src/core/vault/database';
import { V2_PAGE_CIPHER } from '../../src/core/vault/vault-format';
import { createVault, unlockVault, OsKeyStore } from '../../src/core/index';
import { tempDir } from '../helpers/test-vault';
import { auditBench } from './audit-bench';
import { backupBench } from './backup-bench';
import { importBench } from './import-bench';
import { fmt, loadNote, percentiles, printTable } from './bench-util';
import { pageCipherBench } from './page-cipher';
import { stallBench } from './stall';
import { v2Bench } from './v2-bench';
import { benchRecords, plainInsert, seedClients } from './v2-setup';

const ROWS = Number(process.env.LEDGERVAULT_BENCH_ROWS ?? 1_000_000);
const BATCH = 10_000;

const table: string[][] = [['measure', 'LedgerVault', 'baseline', 'ratio', 'goal']];
const notes: string[] = [];

/** Rows per second inserting `rows` records into a fresh vault.db in transactions of `batch`. */
function batchRate(file: string, cipher: PageCipher, rows: number, batch: number): number {
  const db = openVaultDatabase(file, randomBytes(32), { create: true, cipher });
  try {
    applyMigrations(db);
    seedClients(db, null);
    const write = plainInsert(db, false);
    const all = [...benchRecords(rows, 3)];
    const stamp = new Date().toISOString();
    const start = performance.now();
    for (let done = 0; done < rows; done += batch) db.transaction(() => write(all.slice(done, done + batch), stamp))();
    return (rows / (performance.now() - start)) * 1000;
  } finally {
    db.close();
  }
}

async function main() {
  const root = tempDir('lv-bench-');
  try {
    console.log(
      `LedgerVault bench: ${ROWS.toLocaleString('en-US')} payment records across 2,000 clients; ${loadNote()}`,
    );

    if (process.env.LEDGERVAULT_BENCH_ONLY === 'backup') {
      const b = await backupBench(root, fmt);
      printTable([table[0]!, ...b.table]);
      for (const n of b.notes) console.log(n);
      console.log(`done; ${loadNote()}`);
      return;
    }
    if (process.env.LEDGERVAULT_BENCH_ONLY === 'import') {
      const b = await importBench(fmt);
      printTable([table[0]!, ...b.table]);
      for (const n of b.notes) console.log(n);
      console.log(`done; ${loadNote()}`);
      return;
    }

    // The page cipher alone: which one version 2 uses (src/core/vault/vault-format.ts, V2_PAGE_CIPHER).
    const pcRows = Math.min(ROWS, 500_000);
    mkdirSync(path.join(root, 'page-cipher'));
    const pc = pageCipherBench(path.join(root, 'page-cipher'), pcRows);
    console.log(`\npage cipher alone, ${pcRows.toLocaleString('en-US')} rows (no search index):`);
    printTable(pc.table);
    console.log(
      `chosen page cipher: ${pc.chosen} (${pc.goalMet ? 'the fastest inserter reaching' : 'NONE reaches'} 0.80x plain)` +
        (pc.chosen === V2_PAGE_CIPHER
          ? ''
          : `; src/core/vault/vault-format.ts's V2_PAGE_CIPHER is still ${V2_PAGE_CIPHER}: set it to ${pc.chosen}`),
    );

    // Version 2 against plain SQLite: inserts, first page, searches, unlock's key unwrapping.
    mkdirSync(path.join(root, 'v2'));
    const v2 = v2Bench(path.join(root, 'v2'), ROWS, pc.chosen);
    table.push(...v2.table);
    notes.push(...v2.notes);

    // Batch size: the one knob that dominates insert speed (each commit is an fsync).
    for (const batch of [100, 1_000, BATCH]) {
      const rate = batchRate(path.join(root, `batch-${batch}.db`), pc.chosen, Math.min(ROWS, 50_000), batch);
      table.push([
        `  page-cipher insert rows/s, batch ${batch}`,
        fmt(rate, 0),
        batch === BATCH ? '(chosen)' : '',
        '',
        '',
      ]);
    }

    table.push(...(await auditBench(root, ROWS, fmt)));
    // The core off the UI thread (issue 9): how long the "main process" freezes meanwhile.
    table.push(...(await stallBench(root, ROWS, fmt)));
    // Backups (issue 13): export and full verify of a vault of about 1 GB.
    const backup = await backupBench(root, fmt);
    table.push(...backup.table);
    notes.push(...backup.notes);
    // Imports (issue 14): a 100,000-row Alipay CSV and camt.053 end to end against parsing alone.
    const imports = await importBench(fmt);
    table.push(...imports.table);
    notes.push(...imports.notes);

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
    table.push([
      `unlock s with a manager's 2,000 client keys (unlock above + their unwrapping in the v2 section)`,
      fmt((u + v2.unwrapMs) / 1000),
      '',
      '',
      '< 1.50 s',
    ]);

    console.log('');
    printTable(table);
    for (const n of notes) console.log(n);
    console.log(`done; ${loadNote()}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
