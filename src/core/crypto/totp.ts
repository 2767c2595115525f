import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { randomBytes } from 'node:crypto';
import { decodeBase32, encodeBase32, RFC4648 } from './base32';

/**
 * RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits): what every authenticator app understands. SHA-1
 * comes from @noble/hashes, keeping node:crypto inside what Electron's BoringSSL offers.
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;

export function base32Encode(bytes: Uint8Array): string {
  return encodeBase32(bytes, RFC4648);
}

/** Reads a secret as people type it: any case, with spaces, hyphens or padding. */
export function base32Decode(text: string): Uint8Array {
  return decodeBase32(text.toUpperCase().replace(/[\s=-]/g, ''), RFC4648, () => new Error('invalid base32'));
}

/** 160 random bits, the size RFC 4226 recommends for an HMAC-SHA1 key. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpAt(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(step));
  const mac = hmac(sha1, secret, counter);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S);
}

/**
 * The time step a code belongs to, accepting one step of clock drift either way, or null. The
 * caller refuses steps at or before the last one accepted, so a code works once.
 */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = base32Decode(secretBase32);
  const step = timeStep(now);
  for (const s of [step, step - 1, step + 1]) if (totpAt(secret, s) === code) return s;
  return null;
}

export function otpauthUrl(secretBase32: string, account: string, issuer = 'LedgerVault 账安'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}
