/**
 * Mutated bank statements (issue 14, Must show): the hand-made fixtures with bytes flipped,
 * cells cut, quotes and commas dropped in, lines doubled or lost and huge cells, read by every
 * bank reader and the generic one. No reader may throw, hang or drop a row: each input row comes
 * back as exactly one record, skipped or rejected row, and every record is well formed.
 * 300 cases per fixture here; LEDGERVAULT_FUZZ_LONG=1 runs 10,000 per fixture (seed printed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../../../src/core/import/bank/generic';
import { BANK_READERS } from '../../../src/core/import/bank/readers';
import { readCsv } from '../../../src/core/import/table/csv';
import type { TableRow } from '../../../src/core/import/types';

const DIR = path.resolve(__dirname, '../../fixtures/import/bank');
const CASES = process.env.LEDGERVAULT_FUZZ_LONG ? 10_000 : 300;
const SEED = Number(process.env.LEDGERVAULT_FUZZ_SEED ?? Date.now() % 1_000_000);

/** Mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ',',
  '"',
  '\n',
  '\t',
  '-',
  '+',
  '借 Dr',
  '贷 Cr',
  '合计',
  'CNY ',
  '1,234.56',
  '0.00',
  '12/31',
  '2025-13-45',
  'xx,yyyy.zz',
  '（消费）',
  '\u3000',
  '卡号: ',
  '年01月',
];

function mutate(text: string, next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  let s = text;
  const steps = 1 + pick(4);
  for (let i = 0; i < steps; i += 1) {
    const at = pick(s.length + 1);
    switch (pick(7)) {
      case 0: // flip a character
        s = s.slice(0, at) + String.fromCharCode(pick(0x9fff)) + s.slice(at + 1);
        break;
      case 1: // drop a run
        s = s.slice(0, at) + s.slice(at + pick(40));
        break;
      case 2: // insert a telling piece
        s = s.slice(0, at) + PIECES[pick(PIECES.length)]! + s.slice(at);
        break;
      case 3: {
        // double or lose a line
        const lines = s.split('\n');
        const l = pick(lines.length);
        if (next() < 0.5) lines.splice(l, 0, lines[l] ?? '');
        else lines.splice(l, 1);
        s = lines.join('\n');
        break;
      }
      case 4: // truncate
        s = s.slice(0, at);
        break;
      case 5: // a huge cell
        s = s.slice(0, at) + '9'.repeat(5000 + pick(50_000)) + s.slice(at);
        break;
      default: // many columns
        s = s.slice(0, at) + ','.repeat(pick(900)) + s.slice(at);
    }
  }
  return s;
}

function rowsOf(text: string): TableRow[] | undefined {
  try {
    return [...readCsv(text)];
  } catch {
    return undefined; // the tokenizer's own limits (E_INPUT) are its tests' business
  }
}

describe('bank readers on mutated statements', () => {
  const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.csv'));
  const readers = [...BANK_READERS, csvReader];

  it.each(fixtures)('%s: never throws, never drops a row', (name) => {
    const text = readFileSync(path.join(DIR, name), 'utf8');
    const next = rng(SEED + name.length * 7919);
    const started = Date.now();
    for (let i = 0; i < CASES; i += 1) {
      const rows = rowsOf(mutate(text, next));
      if (!rows) continue;
      for (const reader of readers) {
        let result;
        try {
          reader.detect(rows.slice(0, 40));
          result = reader.read(rows);
        } catch (e) {
          throw new Error(`seed ${SEED}, case ${i}, ${reader.format}: ${(e as Error).message}`);
        }
        expect(result.rows.map((r) => r.line)).toEqual(rows.map((r) => r.line));
        for (const r of result.rows) {
          if (r.kind !== 'record') continue;
          expect(r.record.amount).toMatch(/^\d+\.\d{2,}$/);
          expect(r.record.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/);
          expect(['in', 'out']).toContain(r.record.direction);
          expect(r.record.currency).toMatch(/^[A-Z]{3}$/);
        }
      }
    }
    // A hang would show here long before the test's own timeout.
    expect(Date.now() - started).toBeLessThan(CASES * 50);
  });
});

console.log(`bank fuzz: seed ${SEED}, ${CASES} cases per fixture`);
