/**
 * Client keys (security model v2): a random 256-bit key per client, wrapped to the X25519 public
 * key of every person allowed to read that client. A wrap is sealed-box style: a fresh ephemeral
 * X25519 key pair per wrap, HKDF-SHA256 over the shared secret, XChaCha20-Poly1305 (random
 * 192-bit nonce, @noble/ciphers: BoringSSL has no chacha20-poly1305). The vault, client and
 * recipient ids are associated data, so a wrap copied to another client's or person's row, or
 * into another vault, is refused rather than taken for theirs.
 *
 * Encoding (a Buffer for a SQLite BLOB): version (1) | ephemeral public (32) | nonce (24) |
 * ciphertext + tag (48) = 105 bytes.
 */
import { diffieHellman, KeyObject } from 'node:crypto';
import { integrityError } from '../errors';
import { boundParts } from './bound-parts';
import { generatePair, importPrivateKey, importPublicKey, RAW_KEY_BYTES } from './identity';
import { hkdfSha256, KEY_BYTES, open, randomKey, seal, wipe, XNONCE_BYTES } from './primitives';

export const WRAP_VERSION = 1;
export const WRAP_BYTES = 1 + RAW_KEY_BYTES + XNONCE_BYTES + KEY_BYTES + 16;
const HKDF_INFO = 'LedgerVault v2 client-key wrap (x25519, xchacha20-poly1305)';

/** Whose wrap this is: all three are bound, and a wrap opens only under the same three. */
export interface WrapBinding {
  vaultId: string;
  clientId: string | number;
  recipientUserId: string;
}

/** A new client's key; wipe it once wrapped to everyone who needs it. */
export function generateClientKey(): Buffer {
  return randomKey(KEY_BYTES);
}

function associatedData(binding: WrapBinding): Buffer {
  return boundParts(
    'client-key wrap',
    Uint8Array.of(WRAP_VERSION),
    binding.vaultId,
    String(binding.clientId),
    binding.recipientUserId,
  );
}

/**
 * The wrapping key: HKDF over the X25519 shared secret, salted with both public keys so the key
 * is tied to this exact exchange. An all-zero secret (a low-order recipient key) is refused:
 * it would make the wrapping key public.
 */
function wrappingKey(
  privateRaw: Uint8Array | KeyObject,
  peerPublicRaw: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipientPublic: Uint8Array,
): Buffer {
  const invalid = (cause?: unknown) => integrityError('A client key wrap uses an invalid public key.', cause);
  let shared: Buffer;
  try {
    shared = diffieHellman({
      privateKey: privateRaw instanceof KeyObject ? privateRaw : importPrivateKey('x25519', privateRaw),
      publicKey: importPublicKey('x25519', peerPublicRaw),
    });
  } catch (err) {
    throw invalid(err); // OpenSSL refuses an all-zero result itself; BoringSSL may not, hence the check below
  }
  try {
    if (shared.every((b) => b === 0)) throw invalid();
    return hkdfSha256(shared, Buffer.concat([ephemeralPublic, recipientPublic]), HKDF_INFO);
  } finally {
    wipe(shared);
  }
}

/** Wraps `clientKey` to one recipient; the ephemeral private key is wiped before returning. */
export function wrapClientKey(clientKey: Uint8Array, recipientX25519Public: Uint8Array, binding: WrapBinding): Buffer {
  if (clientKey.length !== KEY_BYTES) throw new TypeError(`a client key is ${KEY_BYTES} bytes`);
  const ephemeral = generatePair('x25519');
  let key: Buffer | undefined;
  try {
    key = wrappingKey(ephemeral.privateKey, recipientX25519Public, ephemeral.publicKey, recipientX25519Public);
    const sealed = seal(key, clientKey, associatedData(binding));
    return Buffer.concat([Uint8Array.of(WRAP_VERSION), ephemeral.publicKey, sealed.nonce, sealed.ciphertext]);
  } finally {
    wipe(ephemeral.privateKey, key);
  }
}

/**
 * Opens a wrap with the recipient's X25519 private key: raw bytes, or a KeyObject imported once
 * (recipientKeyObject) when a whole key ring is opened at unlock; the import, not the exchange,
 * is most of the cost of one unwrap. Wrong recipient, another client's or
 * vault's ids, or any changed byte: E_INTEGRITY (they cannot be told apart, by design).
 */
export function unwrapClientKey(
  wrap: Uint8Array,
  recipient: { x25519Private: Uint8Array | KeyObject; x25519Public: Uint8Array },
  binding: WrapBinding,
): Buffer {
  const refused = () =>
    integrityError(
      `The key of client ${String(binding.clientId)} for ${binding.recipientUserId} does not open: it was altered or is not theirs.`,
    );
  if (wrap.length !== WRAP_BYTES || wrap[0] !== WRAP_VERSION) throw refused();
  const bytes = Buffer.from(wrap);
  const ephemeralPublic = bytes.subarray(1, 1 + RAW_KEY_BYTES);
  const nonce = bytes.subarray(1 + RAW_KEY_BYTES, 1 + RAW_KEY_BYTES + XNONCE_BYTES);
  const ciphertext = bytes.subarray(1 + RAW_KEY_BYTES + XNONCE_BYTES);
  const key = wrappingKey(recipient.x25519Private, ephemeralPublic, ephemeralPublic, recipient.x25519Public);
  try {
    const clientKey = open(key, { nonce, ciphertext }, associatedData(binding));
    if (!clientKey) throw refused();
    return clientKey;
  } finally {
    wipe(key);
  }
}

/** The recipient's private key imported once, for opening many wraps (see unwrapClientKey). */
export function recipientKeyObject(x25519Private: Uint8Array): KeyObject {
  return importPrivateKey('x25519', x25519Private);
}
