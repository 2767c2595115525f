/**
 * Associated data and MAC inputs (src/core/crypto/bound-parts.ts): every ciphertext and keyed
 * hash of version 2 binds its place through these bytes, so their encoding is fixed and
 * unambiguous, and the faster forms give exactly the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { boundParts, boundPartsAfter } from '../../src/core/crypto/bound-parts';

/** The encoding as documented: each part as its UTF-8 length (4 bytes, big-endian) and its bytes. */
function reference(...parts: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(
    parts.flatMap((p) => {
      const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

describe('bound parts', () => {
  it('writes each part as length and bytes, Chinese, empty and binary parts included', () => {
    const parts = ['field', Uint8Array.of(1, 0, 255), 'vault-1', '17', '', '张三丰', 'payment_records'];
    expect(boundParts(parts[0] as string, ...parts.slice(1))).toEqual(reference(...parts));
    expect(boundParts('n', 42, 7n)).toEqual(reference('n', '42', '7'));
  });

  it('never gives two different lists the same bytes', () => {
    expect(boundParts('x', '1', '23').equals(boundParts('x', '12', '3'))).toBe(false);
    expect(boundParts('x', 'ab').equals(boundParts('xa', 'b'))).toBe(false);
    expect(boundParts('x', '').equals(boundParts('x'))).toBe(false);
  });

  it('a kept prefix continued with more parts is the whole list', () => {
    const prefix = boundParts('field', Uint8Array.of(1), 'vault-1', '17', 'payment_records');
    expect(boundPartsAfter(prefix, '42', 'counterparty')).toEqual(
      boundParts('field', Uint8Array.of(1), 'vault-1', '17', 'payment_records', '42', 'counterparty'),
    );
    expect(boundPartsAfter(null, 'a', '备注')).toEqual(boundParts('a', '备注'));
  });
});
