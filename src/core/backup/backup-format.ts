/**
 * The `.lvbak` file (issue 13; docs/backup-format.md is the reader's specification):
 *
 *   magic (10 bytes) | u32 header length | header (canonical JSON)
 *   | { u32 record length | record }*  — each record one AES-256-GCM chunk: ciphertext || 16-byte tag
 *   | u32 0 (no more chunks) | u32 manifest length | manifest (canonical JSON) | Ed25519 signature (64 bytes)
 *
 * Every chunk's nonce carries its index and its AAD the header's hash, the index and a last-chunk
 * flag, so a chunk moved, dropped, repeated or taken from another backup does not open, and a
 * file cut after any chunk but the last is told apart from a complete one. The manifest is plain
 * text, signed by the exporting user: with no secret at all, anyone can check the structure, the
 * SHA-256 of every chunk and the signature (restic's `check --read-data` without the key).
 * All integers are big-endian.
 */
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { hkdfSha256, sha256 } from '../crypto/primitives';

/** PNG-style: a high byte, the name, CR LF, ^Z, LF — a file mangled as text is caught at once. */
export const BACKUP_MAGIC = Buffer.from([0x89, 0x4c, 0x56, 0x42, 0x41, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a]);
export const BACKUP_FORMAT = 'ledgervault-backup/1';
export const MANIFEST_FORMAT = 'ledgervault-backup-manifest/1';
/** The signed-statement kind of a manifest signature (crypto/signed-statement.ts). */
export const MANIFEST_STATEMENT = 'backup-manifest';
/** Plaintext bytes per chunk (the last may be shorter, never empty unless the payload is). */
export const CHUNK_BYTES = 1 << 20;
export const TAG_BYTES = 16;
/** The largest record a reader accepts: one full chunk and its tag. */
export const MAX_RECORD_BYTES = CHUNK_BYTES + TAG_BYTES;
/** Header and manifest are small JSON; a manifest lists one hash per MiB (a 1 TB backup: ~70 MB). */
export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_MANIFEST_BYTES = 128 << 20;
export const SIGNATURE_BYTES = 64;

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The file key sealed to an X25519 public key: an ephemeral key, a nonce, an XChaCha20-Poly1305 box. */
const sealedTo = {
  /** The X25519 public key it was sealed to (hex), to tell which one. */
  recipientPublic: hex64,
  ephemeralPublic: hex64,
  nonce: b64,
  box: b64,
};

/**
 * One way to obtain the file key (issue 13, Build 1). The recovery identity: its key pair sits
 * in the vault's recovery keyslot, copied here, which the printed recovery key opens. The office
 * backup passphrase: Argon2id of it gives the X25519 private key whose public half the vault keeps,
 * so whoever exports types no secret.
 */
export const recipientSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('recovery-x25519'),
    ...sealedTo,
    recoverySlot: z.strictObject({ nonce: b64, wrapped: b64, createdAt: z.string() }),
  }),
  z.strictObject({
    type: z.literal('passphrase-argon2id'),
    ...sealedTo,
    salt: b64,
    memoryKiB: z.number().int().positive(),
    iterations: z.number().int().positive(),
    parallelism: z.number().int().positive(),
    /**
     * The recovery key's secret sealed to the same passphrase key (set with the recovery key by an
     * admin): the passphrase then restores a backup as the recovery key does (backup-keys.ts).
     */
    recoveryEscrow: z.strictObject({ ephemeralPublic: hex64, nonce: b64, box: b64 }).optional(),
  }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

export const headerSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  backupId: z.string().regex(/^[0-9a-f-]{36}$/),
  appVersion: z.string().max(64),
  vaultId: z.string().max(64),
  createdAt: z.iso.datetime({ offset: true }),
  creator: z.strictObject({ userId: z.string().max(64), username: z.string().max(64) }),
  chunkBytes: z.literal(CHUNK_BYTES),
  /** HKDF salt of the payload key (base64, 32 bytes). */
  payloadSalt: b64,
  recipients: z.array(recipientSchema).min(1).max(16),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  backupId: z.string(),
  vaultId: z.string(),
  /** SHA-256 of magic, header length and header: the manifest vouches for the header too. */
  headerSha256: hex64,
  /** SHA-256 of each record (ciphertext and tag), in order. */
  chunks: z.array(hex64),
  plainBytes: z.number().int().nonnegative(),
  /** The files inside the payload, in order. */
  entries: z.array(z.strictObject({ name: z.string().max(256), bytes: z.number().int().nonnegative(), sha256: hex64 })),
  /** What the vault held: counts per table, the audit head and newest seal (filled by the exporter). */
  vault: z.record(z.string(), z.unknown()),
  signer: z.strictObject({
    userId: z.string().max(64),
    username: z.string().max(64),
    /** The exporting user's Ed25519 public key (hex), certified in the vault's keys file. */
    ed25519Public: hex64,
  }),
  createdAt: z.iso.datetime({ offset: true }),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export function headerBytes(header: BackupHeader): Buffer {
  const json = Buffer.from(canonicalJson(header), 'utf8');
  return Buffer.concat([BACKUP_MAGIC, u32(json.length), json]);
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The key every chunk is sealed under, from the file key and the header's salt. */
export function payloadKey(fileKey: Uint8Array, payloadSalt: Uint8Array): Buffer {
  return hkdfSha256(fileKey, payloadSalt, 'ledgervault/backup/v1/payload');
}

/** 96 bits: four zero bytes, then the chunk index. One key per backup, so no nonce repeats. */
export function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

/** What each chunk's tag also covers: the header (by hash), its index, and whether it is the last. */
export function chunkAad(headerHash: Uint8Array, index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(32 + 8 + 1);
  Buffer.from(headerHash).copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), 32);
  aad[40] = last ? 1 : 0;
  return Buffer.concat([Buffer.from('LVBAK chunk v1\0', 'utf8'), aad]);
}

export const hashHex = (...parts: Uint8Array[]): string => sha256(...parts).toString('hex');
