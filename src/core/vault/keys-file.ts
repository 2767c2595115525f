import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { constantTimeEqual, hkdfSha256, hmacSha256, sha256, wipe } from '../crypto/primitives';
import { writeFileAtomic } from '../fs/atomic-write';
import { withFileLock } from '../fs/file-lock';
import { LedgerVaultError, integrityError } from '../errors';
import type { VaultPaths } from './paths';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const hex = z.string().regex(/^[0-9a-f]*$/);
const int = z.number().int().nonnegative();

const KdfSchema = z.strictObject({
  alg: z.literal('argon2id'),
  m: int,
  t: int,
  p: int,
  salt: b64,
});

const UserSlotSchema = z.strictObject({
  kind: z.literal('user'),
  userId: z.string().min(1),
  username: z.string().min(1),
  kdf: KdfSchema,
  nonce: b64,
  wrapped: b64,
  createdAt: z.string(),
  /**
   * Written before the database commit of the change that brings it in force (a password
   * change, a reset, a new account), beside the slot it replaces; the database says which of
   * the two is in force, and the commit's follow-up (or the next open) drops the other.
   */
  pending: z.literal(true).optional(),
});

const RecoverySlotSchema = z.strictObject({
  kind: z.literal('recovery'),
  nonce: b64,
  wrapped: b64,
  createdAt: z.string(),
});

const CounterSchema = z.strictObject({
  failures: int,
  lastFailureAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});

const PublicIdentitySchema = z.strictObject({ x25519: b64, ed25519: b64 });

const BodySchema = z.strictObject({
  format: z.literal('ledgervault-keys'),
  /** 1: every slot wraps the DEK only. 2: slots also wrap their owner's identity (security model v2). */
  version: z.union([z.literal(1), z.literal(2)]),
  vaultId: z.uuid(),
  createdAt: z.string(),
  generation: int,
  slots: z.array(z.discriminatedUnion('kind', [UserSlotSchema, RecoverySlotSchema])),
  auditHead: z.strictObject({ seq: int, hash: hex }),
  lockout: z.strictObject({ maxFailures: z.number().int().min(3).max(100), lockMinutes: z.number().int().min(1) }),
  counters: z.record(z.string(), CounterSchema),
  /**
   * Version 2: the fingerprint of the first admin's self-signed certificate, which every
   * certificate chains to. Informational here (this file's MACs are made with keys insiders
   * hold); the copy that counts is the one sealed inside each keyslot.
   */
  rootFingerprint: hex.optional(),
  /** Version 2: the recovery identity's public keys (it holds every client key). */
  recoveryIdentity: PublicIdentitySchema.optional(),
  /** Version 2: vault.db's page cipher; absent means SQLCipher 4 (version 1). */
  pageCipher: z.enum(['sqlcipher', 'aegis-256']).optional(),
  /** Audit v2: the newest seal (src/core/audit/seals.ts), also mirrored in the keychain. */
  auditSeal: z
    .strictObject({
      sealId: int,
      lastSeq: int,
      headHash: hex,
      userId: z.string(),
      sealedAt: z.string(),
      signature: b64,
    })
    .optional(),
});

const FileSchema = BodySchema.extend({ mac: z.strictObject({ vault: hex, device: hex }) });

export type KdfRecord = z.infer<typeof KdfSchema>;
export type UserSlot = z.infer<typeof UserSlotSchema>;
export type RecoverySlot = z.infer<typeof RecoverySlotSchema>;
export type FailureCounter = z.infer<typeof CounterSchema>;
export type KeysBody = z.infer<typeof BodySchema>;
export type KeysFile = z.infer<typeof FileSchema>;

export const DEFAULT_LOCKOUT = { maxFailures: 10, lockMinutes: 30 } as const;

/**
 * Two MACs protect the keys file. The vault MAC (key from the DEK) covers everything but the
 * failed-attempt counters, which must change before anyone has unlocked; it is what the recovery
 * key can check on a workstation without the device secret. The device MAC (key from the
 * keychain's device secret) covers everything, counters included, so resetting them by hand is
 * detected too.
 */
function vaultMac(body: KeysBody, dek: Uint8Array): string {
  const key = hkdfSha256(dek, body.vaultId, 'ledgervault/v1/keys-file/vault-mac');
  try {
    const { counters: _counters, ...rest } = body;
    return hmacSha256(key, Buffer.from(canonicalJson(rest))).toString('hex');
  } finally {
    wipe(key);
  }
}

function deviceMac(body: KeysBody, vaultMacHex: string, deviceSecret: Uint8Array): string {
  const key = hkdfSha256(deviceSecret, body.vaultId, 'ledgervault/v1/keys-file/device-mac');
  try {
    return hmacSha256(key, Buffer.from(canonicalJson({ ...body, vaultMac: vaultMacHex }))).toString('hex');
  } finally {
    wipe(key);
  }
}

function bodyOf(file: KeysFile): KeysBody {
  const { mac: _mac, ...body } = file;
  return body;
}

export function sealKeys(body: KeysBody, dek: Uint8Array, deviceSecret: Uint8Array): KeysFile {
  const v = vaultMac(body, dek);
  return { ...body, mac: { vault: v, device: deviceMac(body, v, deviceSecret) } };
}

/** Re-seals after a counters-only change, which needs no DEK (the vault MAC does not cover them). */
export function resealCounters(file: KeysFile, counters: KeysBody['counters'], deviceSecret: Uint8Array): KeysFile {
  const body = { ...bodyOf(file), counters };
  return { ...body, mac: { vault: file.mac.vault, device: deviceMac(body, file.mac.vault, deviceSecret) } };
}

export function hasValidDeviceMac(file: KeysFile, deviceSecret: Uint8Array): boolean {
  const expected = deviceMac(bodyOf(file), file.mac.vault, deviceSecret);
  return constantTimeEqual(Buffer.from(expected, 'hex'), Buffer.from(file.mac.device, 'hex'));
}

export function hasValidVaultMac(file: KeysFile, dek: Uint8Array): boolean {
  const expected = vaultMac(bodyOf(file), dek);
  return constantTimeEqual(Buffer.from(expected, 'hex'), Buffer.from(file.mac.vault, 'hex'));
}

export function readKeysFile(paths: VaultPaths): KeysFile {
  if (!existsSync(paths.keys)) {
    throw new LedgerVaultError('E_NOT_FOUND', `No LedgerVault vault in ${paths.dir} (vault.keys is missing).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.keys, 'utf8'));
  } catch (err) {
    throw integrityError('The keys file (vault.keys) is not readable JSON.', err);
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) throw integrityError('The keys file (vault.keys) does not have the expected structure.');
  return parsed.data;
}

export function writeKeysFile(paths: VaultPaths, file: KeysFile): void {
  writeFileAtomic(paths.keys, `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * Read-modify-write of the keys file by a caller that already holds its lock (`paths.keysLock`).
 * `mutate` gets the current file (already checked by `verify`) and returns the file to write,
 * or null to leave it as it is.
 */
export function modifyKeysFile(
  paths: VaultPaths,
  verify: (file: KeysFile) => void,
  mutate: (file: KeysFile) => KeysFile | null,
): KeysFile {
  const current = readKeysFile(paths);
  verify(current);
  const next = mutate(current);
  if (next === null) return current;
  writeKeysFile(paths, next);
  return next;
}

/** `modifyKeysFile` under the keys lock, waiting (without blocking the thread) while it is held. */
export function updateKeysFile(
  paths: VaultPaths,
  verify: (file: KeysFile) => void,
  mutate: (file: KeysFile) => KeysFile | null,
): Promise<KeysFile> {
  return withFileLock(paths.keysLock, () => modifyKeysFile(paths, verify, mutate));
}

/** The user's slot in force as far as the keys file can tell (not one staged for a change). */
export function userSlot(file: KeysFile, username: string): UserSlot | undefined {
  return file.slots.find((s): s is UserSlot => s.kind === 'user' && s.username === username && !s.pending);
}

/** Every slot of the user, the one in force first, then any staged by a change a crash cut short. */
export function userSlots(file: KeysFile, username: string): UserSlot[] {
  const mine = file.slots.filter((s): s is UserSlot => s.kind === 'user' && s.username === username);
  return [...mine.filter((s) => !s.pending), ...mine.filter((s) => s.pending)];
}

/** Names one slot in the database (which slot of a user is in force): a hash of its wrapped key. */
export function slotId(slot: UserSlot): string {
  return sha256(Buffer.from(`${slot.nonce}.${slot.wrapped}`, 'utf8'))
    .subarray(0, 16)
    .toString('hex');
}

export function recoverySlot(file: KeysFile): RecoverySlot | undefined {
  return file.slots.find((s): s is RecoverySlot => s.kind === 'recovery');
}
