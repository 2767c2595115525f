/**
 * Staff identities (security model v2, "User identity"): every staff account has an X25519 key
 * pair, to receive client keys, and an Ed25519 key pair, to sign certificates, grants and audit
 * seals. Keys travel as raw 32-byte values (keyslots, certificates, a future office server), and
 * become node:crypto KeyObjects only for the moment they are used.
 *
 * A KeyObject's copy of a private key lives inside OpenSSL/BoringSSL and cannot be wiped from
 * JavaScript; we keep KeyObjects local to one call so that copy is short-lived, and wipe every
 * raw Buffer we own.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { inputError } from '../errors';
import { sha256, wipe } from './primitives';

export const RAW_KEY_BYTES = 32;

export interface RawKeyPair {
  publicKey: Buffer;
  privateKey: Buffer;
}

/** Both key pairs of one staff member; private halves are the caller's to wipe (wipeIdentity). */
export interface StaffIdentity {
  x25519: RawKeyPair;
  ed25519: RawKeyPair;
}

/** The public half only: what a certificate carries and a fingerprint covers. */
export interface PublicIdentity {
  x25519: Buffer;
  ed25519: Buffer;
}

type Curve = 'x25519' | 'ed25519';

/**
 * Fixed DER prefixes (RFC 8410) around the 32 raw bytes. Why DER and not JWK: importing a JWK
 * private key needs the public half too, and DER keeps the secret in a Buffer we can wipe rather
 * than in an immutable base64 string.
 */
const PKCS8_PREFIX: Record<Curve, Buffer> = {
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
};

function checkRaw(raw: Uint8Array, what: string): void {
  if (raw.length !== RAW_KEY_BYTES) throw new TypeError(`${what} must be ${RAW_KEY_BYTES} bytes, got ${raw.length}`);
}

/** A private KeyObject from 32 raw bytes; the temporary DER copy is wiped before returning. */
export function importPrivateKey(curve: Curve, raw: Uint8Array): KeyObject {
  checkRaw(raw, `${curve} private key`);
  const der = Buffer.concat([PKCS8_PREFIX[curve], raw]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    wipe(der);
  }
}

export function importPublicKey(curve: Curve, raw: Uint8Array): KeyObject {
  checkRaw(raw, `${curve} public key`);
  // JWK rather than SPKI DER: the same key, imported several times faster (measured by npm run
  // bench, where unlock opens thousands of client key wraps).
  const x = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: curve === 'x25519' ? 'X25519' : 'Ed25519', x }, format: 'jwk' });
}

/** The 32 raw bytes of a private KeyObject (the tail of its PKCS#8 DER, which is then wiped). */
export function exportPrivateRaw(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  try {
    return Buffer.from(der.subarray(der.length - RAW_KEY_BYTES));
  } finally {
    wipe(der);
  }
}

export function exportPublicRaw(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - RAW_KEY_BYTES));
}

/** The public key belonging to a raw private key: how a keyslot's contents are checked. */
export function publicFromPrivate(curve: Curve, privateRaw: Uint8Array): Buffer {
  return exportPublicRaw(createPublicKey(importPrivateKey(curve, privateRaw)));
}

/** One key pair of one curve (an ephemeral X25519 pair for a client key wrap). */
export function generatePair(curve: Curve): RawKeyPair {
  const pair = curve === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519');
  return { publicKey: exportPublicRaw(pair.publicKey), privateKey: exportPrivateRaw(pair.privateKey) };
}

/** A fresh identity for one staff member (or the recovery identity, or a temporary one). */
export function generateStaffIdentity(): StaffIdentity {
  return { x25519: generatePair('x25519'), ed25519: generatePair('ed25519') };
}

export function publicIdentity(identity: StaffIdentity): PublicIdentity {
  return { x25519: identity.x25519.publicKey, ed25519: identity.ed25519.publicKey };
}

export function wipeIdentity(identity: StaffIdentity): void {
  wipe(identity.x25519.privateKey, identity.ed25519.privateKey);
}

const FINGERPRINT_LABEL = Buffer.from('LedgerVault v2 identity fingerprint\0', 'utf8');

/**
 * SHA-256 over both public keys, under a label so this hash is never mistaken for another.
 * Both keys: a fingerprint that named only the signing key would let someone swap the key that
 * receives client keys while the printed fingerprint still matched.
 */
export function identityFingerprint(identity: PublicIdentity): Buffer {
  checkRaw(identity.x25519, 'x25519 public key');
  checkRaw(identity.ed25519, 'ed25519 public key');
  return sha256(FINGERPRINT_LABEL, identity.x25519, identity.ed25519);
}

/**
 * For paper (the recovery kit): lowercase hex in groups of four, eight groups a line, so a
 * person can compare it by eye or read it aloud group by group.
 */
export function formatFingerprint(fingerprint: Uint8Array): string {
  const groups =
    Buffer.from(fingerprint)
      .toString('hex')
      .match(/.{1,4}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 8) lines.push(groups.slice(i, i + 8).join(' '));
  return lines.join('\n');
}

/**
 * The office root fingerprint a person typed (`--key`, from the recovery kit), as 64 hex digits:
 * grouped or not, any case. E_INPUT for anything else.
 */
export function rootFingerprintHex(typed: string): string {
  const hex = typed.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 64) throw inputError('backup.keyNotFingerprint');
  return hex;
}
