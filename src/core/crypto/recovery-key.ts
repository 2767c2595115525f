import { inputError } from '../errors';
import { CROCKFORD, decodeBase32, encodeBase32 } from './base32';
import { randomKey, sha256 } from './primitives';

/**
 * A recovery key is 32 random bytes plus 3 checksum bytes, written as 56 Crockford base32
 * characters in groups of four. The checksum tells a typo (E_INPUT) from a wrong key (E_AUTH).
 */
const SECRET_BYTES = 32;
const CHECK_BYTES = 3;

export function generateRecoveryKey(): { secret: Buffer; text: string } {
  const secret = randomKey(SECRET_BYTES);
  return { secret, text: formatRecoveryKey(secret) };
}

export function formatRecoveryKey(secret: Uint8Array): string {
  const check = sha256(Buffer.from('ledgervault-recovery'), secret).subarray(0, CHECK_BYTES);
  const chars = encodeBase32(Buffer.concat([secret, check]), CROCKFORD);
  return chars.match(/.{1,4}/g)!.join('-');
}

export function parseRecoveryKey(text: string): Buffer {
  const normalized = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (normalized.length !== 56) {
    throw inputError('recoveryKey.length', { count: normalized.length });
  }
  const bytes = Buffer.from(decodeBase32(normalized, CROCKFORD, (ch) => inputError('recoveryKey.character', { ch })));
  const secret = bytes.subarray(0, SECRET_BYTES);
  if (formatRecoveryKey(secret).replace(/-/g, '') !== normalized) {
    throw inputError('recoveryKey.checksum');
  }
  return Buffer.from(secret);
}
