import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashIndex } from '../../../src/core/import/hash-index';

describe('HashIndex (the streaming importer memory of earlier rows)', () => {
  it('keeps one number per 16-byte hash through growth, telling apart hashes that share their first word', () => {
    const index = new HashIndex(8);
    const keys = Array.from({ length: 20_000 }, () => randomBytes(16));
    // Same first word (same slot), different rest: must never be confused.
    const twin = Buffer.from(keys[0]!);
    twin[15] = twin[15]! ^ 1;
    keys.forEach((k, i) => index.set(k, i));
    expect(index.size).toBe(20_000);
    expect(index.get(twin)).toBeUndefined();
    index.set(twin, 7);
    expect(keys.every((k, i) => index.get(k) === i)).toBe(true);
    expect(index.get(twin)).toBe(7);
    // A key read from inside a larger buffer (a subarray at an odd offset) is the same key.
    const inside = Buffer.concat([Buffer.from([1, 2, 3]), keys[5]!]).subarray(3);
    expect(index.get(inside)).toBe(5);
    index.set(keys[5]!, 99);
    expect(index.get(keys[5]!)).toBe(99);
    expect(index.size).toBe(20_001);
  });
});
