import { randomBytes } from 'node:crypto';
import { argon2idRaw, type Argon2Params } from '../crypto/argon2id';
import { hkdfSha256, open, seal, wipe } from '../crypto/primitives';
import { publicFromPrivate, type StaffIdentity } from '../crypto/identity';
import type { RecoverySlot, UserSlot } from './keys-file';

/**
 * What a slot wraps. Version 1: the DEK alone (32 bytes). Version 2 (128 bytes): the DEK, the
 * owner's X25519 and Ed25519 private keys, and the vault's root fingerprint, which pins the
 * certificate every other one must chain to: it sits where only the slot's owner can change it,
 * so an insider who rewrites the certificates table cannot make anyone else trust a new root.
 */
export interface SlotContents {
  dek: Buffer;
  identity: StaffIdentity | null;
  rootFingerprint: Buffer | null;
}

const V2_PAYLOAD_BYTES = 128;

function encodeContents(c: SlotContents): Buffer {
  if (!c.identity || !c.rootFingerprint) return Buffer.from(c.dek);
  const out = Buffer.alloc(V2_PAYLOAD_BYTES);
  out.set(c.dek, 0);
  out.set(c.identity.x25519.privateKey, 32);
  out.set(c.identity.ed25519.privateKey, 64);
  out.set(c.rootFingerprint, 96);
  return out;
}

function decodeContents(plain: Buffer): SlotContents {
  if (plain.length === 32) return { dek: plain, identity: null, rootFingerprint: null };
  if (plain.length !== V2_PAYLOAD_BYTES) {
    wipe(plain);
    throw new TypeError('a keyslot holds 32 or 128 bytes');
  }
  const part = (at: number) => Buffer.from(plain.subarray(at, at + 32));
  const x = part(32);
  const ed = part(64);
  const contents: SlotContents = {
    dek: part(0),
    identity: {
      x25519: { privateKey: x, publicKey: publicFromPrivate('x25519', x) },
      ed25519: { privateKey: ed, publicKey: publicFromPrivate('ed25519', ed) },
    },
    rootFingerprint: part(96),
  };
  wipe(plain);
  return contents;
}

export function wipeSlotContents(c: SlotContents | null | undefined): void {
  if (!c) return;
  wipe(c.dek, c.identity?.x25519.privateKey, c.identity?.ed25519.privateKey);
}

function associatedData(vaultId: string, slotOwner: string): Buffer {
  return Buffer.from(`ledgervault/v1/keyslot|${vaultId}|${slotOwner}`, 'utf8');
}

/**
 * KEK = HKDF-SHA256(Argon2id(password) || deviceSecret): needs both the password and this
 * workstation. The joined input is built in one buffer of our own and wiped with the Argon2
 * output as soon as HKDF has read it (Buffer.concat would leave an unwiped copy to the GC).
 */
async function userKek(
  password: string,
  params: Argon2Params,
  salt: Buffer,
  deviceSecret: Uint8Array,
  vaultId: string,
): Promise<Buffer> {
  const stretched = await argon2idRaw(password.normalize('NFC'), salt, params);
  const joined = Buffer.alloc(stretched.length + deviceSecret.length);
  try {
    joined.set(stretched, 0);
    joined.set(deviceSecret, stretched.length);
    return hkdfSha256(joined, vaultId, 'ledgervault/v1/user-kek');
  } finally {
    wipe(stretched, joined);
  }
}

export async function createUserSlot(args: {
  vaultId: string;
  userId: string;
  username: string;
  password: string;
  deviceSecret: Uint8Array;
  contents: SlotContents;
  kdf: Argon2Params;
}): Promise<UserSlot> {
  const salt = randomBytes(16);
  const kek = await userKek(args.password, args.kdf, salt, args.deviceSecret, args.vaultId);
  const payload = encodeContents(args.contents);
  let sealed: ReturnType<typeof seal>;
  try {
    sealed = seal(kek, payload, associatedData(args.vaultId, `user:${args.userId}`));
  } finally {
    wipe(kek, payload);
  }
  return {
    kind: 'user',
    userId: args.userId,
    username: args.username,
    kdf: { alg: 'argon2id', ...args.kdf, salt: salt.toString('base64') },
    nonce: sealed.nonce.toString('base64'),
    wrapped: sealed.ciphertext.toString('base64'),
    createdAt: new Date().toISOString(),
  };
}

/** What the slot wraps, or null for a wrong password (or a slot made with another device secret). */
export async function unwrapUserSlot(
  slot: UserSlot,
  password: string,
  deviceSecret: Uint8Array,
  vaultId: string,
): Promise<SlotContents | null> {
  const { m, t, p } = slot.kdf;
  const kek = await userKek(password, { m, t, p }, Buffer.from(slot.kdf.salt, 'base64'), deviceSecret, vaultId);
  let plain: Buffer | null;
  try {
    plain = open(
      kek,
      { nonce: Buffer.from(slot.nonce, 'base64'), ciphertext: Buffer.from(slot.wrapped, 'base64') },
      associatedData(vaultId, `user:${slot.userId}`),
    );
  } finally {
    wipe(kek);
  }
  return plain ? decodeContents(plain) : null;
}

function recoveryKek(recoverySecret: Uint8Array, vaultId: string): Buffer {
  // The recovery secret is 256 random bits: no password stretching is needed, only separation.
  return hkdfSha256(recoverySecret, vaultId, 'ledgervault/v1/recovery-kek');
}

export function createRecoverySlot(vaultId: string, recoverySecret: Uint8Array, contents: SlotContents): RecoverySlot {
  const kek = recoveryKek(recoverySecret, vaultId);
  const payload = encodeContents(contents);
  let sealed: ReturnType<typeof seal>;
  try {
    sealed = seal(kek, payload, associatedData(vaultId, 'recovery'));
  } finally {
    wipe(kek, payload);
  }
  return {
    kind: 'recovery',
    nonce: sealed.nonce.toString('base64'),
    wrapped: sealed.ciphertext.toString('base64'),
    createdAt: new Date().toISOString(),
  };
}

export function unwrapRecoverySlot(
  slot: RecoverySlot,
  recoverySecret: Uint8Array,
  vaultId: string,
): SlotContents | null {
  const kek = recoveryKek(recoverySecret, vaultId);
  let plain: Buffer | null;
  try {
    plain = open(
      kek,
      { nonce: Buffer.from(slot.nonce, 'base64'), ciphertext: Buffer.from(slot.wrapped, 'base64') },
      associatedData(vaultId, 'recovery'),
    );
  } finally {
    wipe(kek);
  }
  return plain ? decodeContents(plain) : null;
}
