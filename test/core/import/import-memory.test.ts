/**
 * Issue 14, Safety: a big export streams through the importer instead of being loaded whole. A
 * generated Alipay CSV in GBK (30 MB here; 200 MB, previewed and imported, with
 * LEDGERVAULT_IMPORT_LONG=1, several minutes) is previewed from its path by a child process whose
 * JavaScript heap is capped at HEAP_MB: reading the file whole (its bytes, its decoded text, every
 * row as cells, as a record, as a preview row) needs several times the file's size, so only a
 * streaming import finishes under the cap. The child's peak RSS beyond what it had after setting up
 * its vault is held to RSS_GROWTH_MB as well (Linux: /proc/self/status VmHWM). For scale: the
 * same 30 MB read whole, as the importer did before it streamed, took about 1,100 MB more.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_SIZE_KIB } from '../../../src/core/vault/database';
import { writeAlipayCsvGbk } from '../../bench/import-files';

const LONG = Boolean(process.env.LEDGERVAULT_IMPORT_LONG);
/** About 136 bytes a row in GBK: 230,000 rows are 30 MB, 1,500,000 rows 195 MB (the limit is 200). */
const ROWS = LONG ? 1_500_000 : 230_000;
/** The heap the child may use: well under the file's size for the long run, about 4x the short one's. */
const HEAP_MB = 128;
/**
 * The child's peak RSS growth while importing: the heap's cap plus room for buffers and the hash
 * tables (hash-index.ts, off the heap); a commit also fills the vault's SQLite page cache, which is
 * CACHE_SIZE_KIB (256 MiB) whatever is being written.
 */
const RSS_GROWTH_MB = HEAP_MB + (LONG ? CACHE_SIZE_KIB / 1024 + 128 : 64);

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-import-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChildResult {
  setUp: number;
  peak: number;
  rows: number;
  toImport: number;
  rowsKept: number;
  imported: number;
  previewMs: number;
  commitMs: number;
}

function runChild(
  file: string,
  mode: 'preview' | 'commit',
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      '--import',
      'tsx',
      path.join(__dirname, '../../fixtures/import-memory.ts'),
      file,
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('a big export streams', () => {
  it.skipIf(!existsSync('/proc/self/status'))(
    `${LONG ? '200' : '30'} MB Alipay CSV (GBK) ${LONG ? 'previewed and imported' : 'previewed'} with a ${HEAP_MB} MB heap`,
    async () => {
      const file = path.join(dir, 'alipay-big.csv');
      const size = writeAlipayCsvGbk(file, ROWS);
      expect(size).toBeGreaterThan((LONG ? 190 : 28) * 2 ** 20);
      const { code, out, err } = await runChild(file, LONG ? 'commit' : 'preview');
      expect(err.includes('heap out of memory') ? 'out of memory' : code, err.slice(-2000)).toBe(0);
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
      const growthMb = (r.peak - r.setUp) / 2 ** 20;
      console.log(
        `import memory: ${(size / 2 ** 20).toFixed(1)} MB file, ${r.rows} rows; peak RSS ${(r.peak / 2 ** 20).toFixed(0)} MB ` +
          `(${(r.setUp / 2 ** 20).toFixed(0)} MB after setting up the vault, +${growthMb.toFixed(0)} MB importing; ` +
          `heap cap ${HEAP_MB} MB); preview ${(r.previewMs / 1000).toFixed(1)} s, commit ${(r.commitMs / 1000).toFixed(1)} s`,
      );
      // Every data row read and classified, the preamble and header skipped; only the first rows kept whole.
      expect(r.toImport).toBe(ROWS);
      expect(r.rows).toBe(ROWS + 17);
      expect(r.rowsKept).toBe(10_000);
      if (LONG) expect(r.imported).toBe(ROWS);
      expect(growthMb).toBeLessThan(RSS_GROWTH_MB);
    },
    LONG ? 3_600_000 : 300_000,
  );
});
