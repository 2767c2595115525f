/**
 * The backup section of `npm run bench` (issue 13, Must show): export and full verify of a vault
 * of about 1 GB (LEDGERVAULT_BENCH_BACKUP_MB, default 1024), each beside its baseline in the same
 * run: `cp` of vault.db plus an fsync of the copy against exportBackup (which also reads the file
 * back and opens every chunk before it says done), and a plain sequential read of the .lvbak
 * against verifyBackupFile with the recovery key (every chunk opened, the snapshot written to a
 * private temp folder, SQLite's integrity_check, the audit chain). Goals: export at least 0.5x
 * the copy's MB/s, verify at least 0.8x the read's.
 *
 * LEDGERVAULT_BENCH_COLD=1 (Linux, root) also reads and verifies the backup with the page cache
 * dropped first (sync; echo 1 > /proc/sys/vm/drop_caches; it slows everything else on the machine
 * for a moment): the read then costs what reading a disk or a USB stick costs, as in real use.
 *
 * The vault is filled fast: random 64 KiB blobs into a scratch table of the encrypted database
 * by raw SQL (incompressible, page-encrypted like any row), in 64 MiB transactions. Every
 * contender reads its source from the page cache (each was just written), so the figures compare
 * the work done on the bytes, not the disk's read speed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportBackup } from '../../src/core/backup/backup-export';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { backupVault, lockFully } from '../helpers/backup-vault';

const MB = 2 ** 20;
const BLOB = 64 * 1024;

type Fmt = (n: number, d?: number) => string;

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await work();
  return { ms: performance.now() - t, value };
}

async function copyWithFsync(from: string, to: string): Promise<void> {
  execFileSync('cp', [from, to]);
  const h = await open(to, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function readAll(file: string): Promise<number> {
  const h = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(MB);
  let total = 0;
  try {
    for (;;) {
      const { bytesRead } = await h.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return total;
      total += bytesRead;
    }
  } finally {
    await h.close();
  }
}

/** Drops the page cache (root on Linux only); false when this process may not. */
function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

export async function backupBench(root: string, fmt: Fmt): Promise<{ table: string[][]; notes: string[] }> {
  const targetMb = Number(process.env.LEDGERVAULT_BENCH_BACKUP_MB ?? 1024);
  const bv = await backupVault({ manager: 'bench.mgr' });
  const out = path.join(root, 'backup-target');
  mkdirSync(out);
  const s = await bv.signInManager();
  try {
    const fill = await timed(() => {
      s.db.exec('CREATE TABLE IF NOT EXISTS bench_fill (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
      const insert = s.db.prepare(
        `INSERT INTO bench_fill (b) SELECT randomblob(${BLOB}) FROM
           (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n)`,
      );
      const perTx = (64 * MB) / BLOB;
      for (let done = 0; done < (targetMb * MB) / BLOB; done += perTx) s.db.transaction(() => insert.run(perTx))();
      s.db.pragma('wal_checkpoint(TRUNCATE)');
    });
    const dbFile = s.paths.db;
    const dbBytes = statSync(dbFile).size;
    const mbOf = (bytes: number) => bytes / MB;

    // Baseline, then contender, then the baseline again: the copy's figure is the mean of two.
    // Each starts with nothing left to flush, so that its fsync waits for its own writes only.
    execFileSync('sync');
    const copy1 = await timed(() => copyWithFsync(dbFile, path.join(root, 'vault-copy-1.db')));
    rmSync(path.join(root, 'vault-copy-1.db'));
    execFileSync('sync');
    // When the export started writing, read its last page, and started reading the file back.
    const marks = { start: performance.now(), firstWrite: 0, lastRead: 0, readBack: 0 };
    const exp = await timed(() =>
      exportBackup(s, out, {
        appVersion: 'bench',
        onProgress: (p) => {
          const t = performance.now();
          if (p.phase === 'writing' && marks.firstWrite === 0) marks.firstWrite = t;
          if (p.phase === 'writing' && p.bytes === p.total) marks.lastRead = t;
          if (p.phase === 'verifying' && marks.readBack === 0) marks.readBack = t;
        },
      }),
    );
    const writeMs = marks.readBack - marks.start;
    execFileSync('sync');
    const copy2 = await timed(() => copyWithFsync(dbFile, path.join(root, 'vault-copy-2.db')));
    rmSync(path.join(root, 'vault-copy-2.db'));
    const copyRate = mbOf(dbBytes) / ((copy1.ms + copy2.ms) / 2 / 1000);
    const exportRate = mbOf(dbBytes) / (exp.ms / 1000);

    const file = exp.value.file;
    const fileBytes = statSync(file).size;
    const read1 = await timed(() => readAll(file));
    const verify = await timed(() => verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey }));
    const read2 = await timed(() => readAll(file));
    if (verify.value.contents?.integrity !== 'ok') throw new Error('the bench backup did not verify');
    const readRate = mbOf(fileBytes) / ((read1.ms + read2.ms) / 2 / 1000);
    const verifyRate = mbOf(fileBytes) / (verify.ms / 1000);

    const table = [
      [
        `backup export MB/s, ${fmt(mbOf(dbBytes), 0)} MiB vault.db (written, fsynced, read back and opened)`,
        fmt(exportRate, 0),
        `${fmt(copyRate, 0)} (cp + fsync)`,
        `${fmt(exportRate / copyRate)}x`,
        '>= 0.50x',
      ],
      [
        `  of which writing (before the read-back) MB/s`,
        fmt(mbOf(dbBytes) / (writeMs / 1000), 0),
        '',
        `${fmt(mbOf(dbBytes) / (writeMs / 1000) / copyRate)}x`,
        '',
      ],
      [
        `backup verify MB/s with the recovery key, ${fmt(mbOf(fileBytes), 0)} MiB .lvbak`,
        fmt(verifyRate, 0),
        `${fmt(readRate, 0)} (sequential read)`,
        `${fmt(verifyRate / readRate)}x`,
        '>= 0.80x',
      ],
    ];
    // The floor under both: SHA-256 on one core. Export hashes every byte four times (the entry
    // and each record as written, again as read back) and verify twice, beside AES-GCM.
    const sample = Buffer.alloc(256 * MB, 7);
    const sha = await timed(() => createHash('sha256').update(sample).digest());
    table.push([
      `  SHA-256 MB/s, one core, in memory (the floor: see the note)`,
      fmt(256 / (sha.ms / 1000), 0),
      '',
      '',
      '',
    ]);

    if (process.env.LEDGERVAULT_BENCH_COLD === '1' && dropCaches()) {
      const coldRead = await timed(() => readAll(file));
      dropCaches();
      const coldVerify = await timed(() => verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey }));
      const r = mbOf(fileBytes) / (coldRead.ms / 1000);
      const v = mbOf(fileBytes) / (coldVerify.ms / 1000);
      table.push([
        `backup verify MB/s, page cache dropped first (as from a disk or stick)`,
        fmt(v, 0),
        `${fmt(r, 0)} (sequential read, cold)`,
        `${fmt(v / r)}x`,
        '>= 0.80x',
      ]);
    }
    const notes = [
      `backup: vault filled with ${fmt(mbOf(dbBytes), 0)} MiB of random 64 KiB blobs in a scratch table by raw SQL ` +
        `in ${fmt(fill.ms / 1000, 1)} s; cp + fsync ${fmt(copy1.ms / 1000)} s and ${fmt(copy2.ms / 1000)} s, ` +
        `export ${fmt(exp.ms / 1000)} s (snapshot ${fmt((marks.firstWrite - marks.start) / 1000)} s, sealing and ` +
        `writing ${fmt((marks.lastRead - marks.firstWrite) / 1000)} s, fsync and rename ` +
        `${fmt((marks.readBack - marks.lastRead) / 1000)} s, read back ${fmt((marks.start + exp.ms - marks.readBack) / 1000)} s); read ${fmt(read1.ms / 1000)} s and ${fmt(read2.ms / 1000)} s, ` +
        `verify ${fmt(verify.ms / 1000)} s (all sources in the page cache)`,
    ];
    return { table, notes };
  } finally {
    await lockFully(s);
    await bv.vault.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
}
