/**
 * Small pieces the bench modules share (test/bench/*.ts): a seeded generator so every contender
 * gets the same rows, percentiles, number formatting, a text table, and a note of how busy the
 * machine was (the figures are ratios measured in one run because this machine is shared).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { CACHE_SIZE_KIB } from '../../src/core/vault/database';

export type Db = Database.Database;

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * p50/p99 per contender, the contenders taking turns query by query (`make[k](i)` prepares the
 * i-th run of contender k outside the timing): whoever ran first would otherwise pay for a cold
 * page cache and a busier machine alone.
 */
export function timeInTurns<K extends string>(
  n: number,
  make: Record<K, (i: number) => () => unknown>,
): Record<K, { p50: number; p99: number }> {
  const keys = Object.keys(make) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < n; i += 1) {
    for (const k of keys) {
      const run = make[k](i);
      const t = performance.now();
      run();
      samples[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, percentiles(samples[k])])) as Record<K, { p50: number; p99: number }>;
}

export const fmt = (n: number, d = 2): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...(row[c] ?? '')].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}

/** The 1-minute load average over the machine's cores: near 0 is quiet, near 1 is every core busy. */
export function loadNote(): string {
  const [one] = os.loadavg();
  return `load average ${fmt(one!)} on ${os.cpus().length} cores`;
}

/** Plain SQLite with the vault's connection pragmas (src/core/vault/database.ts), no cipher. */
export function openPlain(file: string): Db {
  const db = new Database(file);
  db.pragma('temp_store=MEMORY');
  db.pragma('locking_mode=EXCLUSIVE');
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  db.pragma(`cache_size=-${CACHE_SIZE_KIB}`);
  return db;
}
