/**
 * The only door to cryptography in LedgerVault. node:crypto is used solely for what Electron's
 * BoringSSL also offers (see test/crypto-allowlist.test.ts); XChaCha20-Poly1305 comes from
 * @noble/ciphers because BoringSSL has no chacha20-poly1305 through node:crypto.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

export const KEY_BYTES = 32;
export const XNONCE_BYTES = 24;

export function randomKey(bytes: number = KEY_BYTES): Buffer {
  return randomBytes(bytes);
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** HKDF-SHA256; `info` names the purpose so that no two uses of one secret share a key. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array | string, info: string, length = KEY_BYTES): Buffer {
  return Buffer.from(
    hkdfSync('sha256', ikm, typeof salt === 'string' ? Buffer.from(salt, 'utf8') : salt, info, length),
  );
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Sealed {
  nonce: Buffer;
  ciphertext: Buffer;
}

/** XChaCha20-Poly1305 with a random 192-bit nonce (safe to draw at random, unlike GCM's 96). */
export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Sealed {
  const nonce = randomBytes(XNONCE_BYTES);
  const ciphertext = Buffer.from(xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext));
  return { nonce, ciphertext };
}

/** Returns null when authentication fails: a wrong key and a tampered box look the same. */
export function open(key: Uint8Array, sealed: Sealed, associatedData: Uint8Array): Buffer | null {
  try {
    // A view of the plaintext, not a copy: the caller's wipe then reaches the only copy (a DEK).
    const plain = xchacha20poly1305(key, sealed.nonce, associatedData).decrypt(sealed.ciphertext);
    return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  } catch {
    return null;
  }
}

/** Best effort: JavaScript cannot promise a secret leaves no copy, but we do not keep ours. */
export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}
