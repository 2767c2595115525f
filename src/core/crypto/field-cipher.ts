/**
 * Sensitive fields under the client key (security model v2): each value is sealed on its own
 * with AES-256-GCM (node:crypto), bound by associated data to vault, client, table, row id and
 * field, so a ciphertext moved to another row, field or client is refused instead of shown there.
 *
 * Encoding (a Buffer for a SQLite BLOB): version (1) | nonce (12) | ciphertext | tag (16), so an
 * empty string is 29 bytes and the overhead is constant.
 *
 * Nonces are random 96-bit values: NIST SP 800-38D allows 2^32 messages per key that way; one
 * client's key seals far fewer fields than that, and revocation rotates the key anyway.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { integrityError } from '../errors';
import { boundParts } from './bound-parts';
import { hkdfSha256, KEY_BYTES, wipe } from './primitives';

export const FIELD_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

const HKDF_SALT = 'LedgerVault v2 client key';
const FIELD_KEY_INFO = 'field cipher: aes-256-gcm';
const SEARCH_KEY_INFO = 'search tokens: hmac-sha256';

/** Where a value lives; every part is bound into its associated data. */
export interface FieldLocation {
  vaultId: string;
  clientId: string | number;
  table: string;
  rowId: string | number | bigint;
  field: string;
}

/** The two keys a client key yields (distinct HKDF info): wipe both when the session ends. */
export interface ClientSubkeys {
  fieldKey: Buffer;
  searchKey: Buffer;
}

/**
 * Why two keys: the search key's HMAC tokens sit in the index for anyone with the DEK to
 * compare; sharing one key between AES-GCM and HMAC would tie their security together.
 */
export function deriveClientSubkeys(clientKey: Uint8Array): ClientSubkeys {
  if (clientKey.length !== KEY_BYTES) throw new TypeError(`a client key is ${KEY_BYTES} bytes`);
  return {
    fieldKey: hkdfSha256(clientKey, HKDF_SALT, FIELD_KEY_INFO),
    searchKey: hkdfSha256(clientKey, HKDF_SALT, SEARCH_KEY_INFO),
  };
}

export function wipeClientSubkeys(keys: ClientSubkeys): void {
  wipe(keys.fieldKey, keys.searchKey);
}

/**
 * The fixed beginning of a field's associated data, per vault, client and table: a page of
 * records binds the same three again and again (npm run bench, first page). Bounded by a reset.
 */
const prefixes = new Map<string, Buffer>();
const PREFIX_LIMIT = 10_000;

function associatedData(at: FieldLocation): Buffer {
  const key = `${at.vaultId}\u0000${String(at.clientId)}\u0000${at.table}`;
  let prefix = prefixes.get(key);
  if (!prefix) {
    if (prefixes.size >= PREFIX_LIMIT) prefixes.clear();
    prefix = boundParts('field', Uint8Array.of(FIELD_VERSION), at.vaultId, String(at.clientId), at.table);
    prefixes.set(key, prefix);
  }
  // boundPartsAfter(prefix, rowId, field) written out: this runs for every field a page opens.
  const rowId = String(at.rowId);
  const rowBytes = Buffer.byteLength(rowId, 'utf8');
  const fieldBytes = Buffer.byteLength(at.field, 'utf8');
  const out = Buffer.allocUnsafe(prefix.length + 8 + rowBytes + fieldBytes);
  prefix.copy(out, 0);
  let offset = out.writeUInt32BE(rowBytes, prefix.length);
  offset += out.write(rowId, offset, 'utf8');
  offset = out.writeUInt32BE(fieldBytes, offset);
  out.write(at.field, offset, 'utf8');
  return out;
}

/**
 * Random nonces drawn in bulk, one randomBytes call per POOL_NONCES fields: a call costs about as
 * much as the AES-GCM it feeds (npm run bench, "v2 insert"). A nonce is public and each one is
 * handed out once; the pool is only ever read forward.
 */
const POOL_NONCES = 4096;
let noncePool = Buffer.alloc(0);
let nonceAt = 0;

function nextNonce(): Buffer {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * POOL_NONCES);
    nonceAt = 0;
  }
  const nonce = noncePool.subarray(nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

/** Seals one field's text (or, for a file kept in the vault, its bytes) for storage at `at`. */
export function encryptField(fieldKey: Uint8Array, at: FieldLocation, plaintext: string | Uint8Array): Buffer {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', fieldKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(at));
  // GCM is a stream mode: update() returns every ciphertext byte and final() none.
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final();
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length + TAG_BYTES);
  out[0] = FIELD_VERSION;
  nonce.copy(out, 1);
  body.copy(out, HEADER_BYTES);
  cipher.getAuthTag().copy(out, HEADER_BYTES + body.length);
  return out;
}

/**
 * Opens a value read from `at`. A wrong key, a changed byte, or a value copied from another row,
 * field or client: E_INTEGRITY naming the place (never the contents).
 */
export function decryptField(fieldKey: Uint8Array, at: FieldLocation, blob: Uint8Array): string {
  return openField(fieldKey, at, blob, (plain) => plain.toString('utf8'));
}

/** decryptField for bytes (a file kept in the vault): the caller owns the returned buffer. */
export function decryptFieldBytes(fieldKey: Uint8Array, at: FieldLocation, blob: Uint8Array): Buffer {
  return openField(fieldKey, at, blob, (plain) => Buffer.from(plain));
}

function openField<T>(fieldKey: Uint8Array, at: FieldLocation, blob: Uint8Array, take: (plain: Buffer) => T): T {
  if (blob.length < HEADER_BYTES + TAG_BYTES || blob[0] !== FIELD_VERSION) throw refused(at);
  const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const tagAt = bytes.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', fieldKey, bytes.subarray(1, HEADER_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(associatedData(at));
  decipher.setAuthTag(bytes.subarray(tagAt));
  let plain: Buffer | undefined;
  try {
    // GCM: update() returns all of the plaintext; final() checks the tag (and returns nothing).
    plain = decipher.update(bytes.subarray(HEADER_BYTES, tagAt));
    decipher.final();
    return take(plain);
  } catch (err) {
    throw integrityError(refused(at).detail, err);
  } finally {
    wipe(plain);
  }
}

/** The error for a value that does not open where it was read: it names the place, never the contents. */
function refused(at: FieldLocation) {
  return integrityError(
    `${at.table}.${at.field} of row ${String(at.rowId)} does not decrypt: it was altered or moved.`,
  );
}
