/**
 * Issue 14, Safety, for the XML statements: a generated camt.053 of 60 MB (200 MB, previewed and
 * imported, with LEDGERVAULT_IMPORT_LONG=1) is previewed from its path by a child process whose
 * JavaScript heap is capped at HEAP_MB, like the Alipay CSV of import-memory.test.ts. Read whole
 * (its decoded text, then every entry's row and its source kept as a slice of that text) it needs
 * several times the file's size; the chunked XML tokenizer holds one entry at a time, so only a
 * streaming import finishes under the cap, and the child's peak RSS growth stays within
 * RSS_GROWTH_MB (Linux: /proc/self/status VmHWM). For scale: a 30 MB one read whole, as the
 * importer did before it streamed camt.053, took +81 MB and failed under a 64 MB heap; streamed, +16 MB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_SIZE_KIB } from '../../../src/core/vault/database';
import { writeCamt053Xml } from '../../bench/import-files';

const LONG = Boolean(process.env.LEDGERVAULT_IMPORT_LONG);
/** About 590 bytes an entry: 108,000 entries are 61 MB, 340,000 entries 191 MB (the limit is 200). */
const ENTRIES = LONG ? 340_000 : 108_000;
const HEAP_MB = 128;
/**
 * A preview: about what the first rows the wizard keeps whole take, and well under the file's size
 * (its text alone, two bytes a character with Chinese in it, is twice that). A commit fills
 * SQLite's page cache too, as for the CSV.
 */
const RSS_GROWTH_MB = LONG ? HEAP_MB + CACHE_SIZE_KIB / 1024 + 128 : 64;

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-import-memory-camt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe('a big camt.053 streams', () => {
  it.skipIf(!existsSync('/proc/self/status'))(
    `${LONG ? '200' : '60'} MB camt.053 ${LONG ? 'previewed and imported' : 'previewed'} with a ${HEAP_MB} MB heap`,
    async () => {
      const file = path.join(dir, 'camt-big.xml');
      const size = writeCamt053Xml(file, ENTRIES);
      expect(size).toBeGreaterThan((LONG ? 185 : 58) * 2 ** 20);
      const { code, out, err } = await runChild(file, LONG ? 'commit' : 'preview');
      expect(err.includes('heap out of memory') ? 'out of memory' : code, err.slice(-2000)).toBe(0);
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
        setUp: number;
        peak: number;
        rows: number;
        toImport: number;
        rowsKept: number;
        imported: number;
        previewMs: number;
        commitMs: number;
      };
      const growthMb = (r.peak - r.setUp) / 2 ** 20;
      console.log(
        `import memory (camt.053): ${(size / 2 ** 20).toFixed(1)} MB file, ${r.rows} entries; peak RSS ${(r.peak / 2 ** 20).toFixed(0)} MB ` +
          `(+${growthMb.toFixed(0)} MB importing; heap cap ${HEAP_MB} MB); preview ${(r.previewMs / 1000).toFixed(1)} s, commit ${(r.commitMs / 1000).toFixed(1)} s`,
      );
      // Every entry read and classified as new; only the first rows kept whole for the wizard.
      expect(r.rows).toBe(ENTRIES);
      expect(r.toImport).toBe(ENTRIES);
      expect(r.rowsKept).toBe(10_000);
      if (LONG) expect(r.imported).toBe(ENTRIES);
      expect(growthMb).toBeLessThan(RSS_GROWTH_MB);
    },
    LONG ? 3_600_000 : 300_000,
  );
});
