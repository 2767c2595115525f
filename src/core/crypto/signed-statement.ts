/**
 * Ed25519 signatures over canonical JSON, for every signed statement of security model v2
 * (user certificates, grants; later audit seals). The signed bytes start with a label naming
 * the kind of statement, so a signature on a grant can never be presented as a certificate's.
 */
import { sign, verify } from 'node:crypto';
import { integrityError } from '../errors';
import { canonicalJson } from './canonical-json';
import { importPrivateKey, importPublicKey } from './identity';

export const SIGNATURE_BYTES = 64;

/** What is signed: `LedgerVault v2 <kind>\0` followed by the canonical JSON of the body. */
export function statementBytes(kind: string, body: unknown): Buffer {
  return Buffer.concat([Buffer.from(`LedgerVault v2 ${kind}\0`, 'utf8'), Buffer.from(canonicalJson(body), 'utf8')]);
}

/** Signs with a raw 32-byte Ed25519 private key (the caller keeps, and later wipes, it). */
export function signStatement(kind: string, body: unknown, signerPrivateRaw: Uint8Array): Buffer {
  return sign(null, statementBytes(kind, body), importPrivateKey('ed25519', signerPrivateRaw));
}

/** True only for a valid signature by that key over exactly these bytes. */
export function statementSignatureValid(
  kind: string,
  body: unknown,
  signature: Uint8Array,
  signerPublicRaw: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, statementBytes(kind, body), importPublicKey('ed25519', signerPublicRaw), signature);
  } catch {
    return false; // a malformed public key is a failed verification, not a crash
  }
}

/** As statementSignatureValid, but E_INTEGRITY naming the statement (`what`) when it fails. */
export function requireStatementSignature(
  kind: string,
  body: unknown,
  signature: Uint8Array,
  signerPublicRaw: Uint8Array,
  what: string,
): void {
  if (!statementSignatureValid(kind, body, signature, signerPublicRaw)) {
    throw integrityError(`${what} is not signed by its issuer: it was edited or forged.`);
  }
}
