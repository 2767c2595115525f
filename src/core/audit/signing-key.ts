import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { hkdfSha256, sha256 } from '../crypto/primitives';

/**
 * The vault's export-signing key: Ed25519 from a seed derived from the DEK, so it is the same on
 * every workstation and after restore, and its public half can be written on paper and compared.
 */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function exportSigningKey(dek: Uint8Array, vaultId: string): { privateKey: KeyObject; publicKeyHex: string } {
  const seed = hkdfSha256(dek, vaultId, 'ledgervault/v1/audit-export-ed25519');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  seed.fill(0);
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: spki.subarray(SPKI_ED25519_PREFIX.length).toString('hex') };
}

export function signBytes(privateKey: KeyObject, data: Uint8Array): string {
  return sign(null, data, privateKey).toString('base64');
}

export function verifyBytes(publicKeyHex: string, data: Uint8Array, signatureB64: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, data, key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** A short, comparable form of the public key (first 16 bytes of its SHA-256, in groups). */
export function keyFingerprint(publicKeyHex: string): string {
  return sha256(Buffer.from(publicKeyHex, 'hex')).subarray(0, 16).toString('hex').match(/.{4}/g)!.join('-');
}
