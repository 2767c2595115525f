import { inputError } from '../errors';
import { randomKey, sha256 } from './primitives';

/**
 * A recovery key is 32 random bytes plus 3 checksum bytes, written as 56 Crockford base32
 * characters in groups of four. The checksum tells a typo (E_INPUT) from a wrong key (E_AUTH).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_BYTES = 32;
const CHECK_BYTES = 3;

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function decodeBase32(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw inputError('recoveryKey.character', { ch });
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateRecoveryKey(): { secret: Buffer; text: string } {
  const secret = randomKey(SECRET_BYTES);
  return { secret, text: formatRecoveryKey(secret) };
}

export function formatRecoveryKey(secret: Uint8Array): string {
  const check = sha256(Buffer.from('ledgervault-recovery'), secret).subarray(0, CHECK_BYTES);
  const chars = encodeBase32(Buffer.concat([secret, check]));
  return chars.match(/.{1,4}/g)!.join('-');
}

export function parseRecoveryKey(text: string): Buffer {
  const normalized = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (normalized.length !== 56) {
    throw inputError('recoveryKey.length', { count: normalized.length });
  }
  const bytes = decodeBase32(normalized);
  const secret = bytes.subarray(0, SECRET_BYTES);
  if (formatRecoveryKey(secret).replace(/-/g, '') !== normalized) {
    throw inputError('recoveryKey.checksum');
  }
  return Buffer.from(secret);
}
