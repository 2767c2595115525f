import { randomBytes } from 'node:crypto';
import { argon2idRaw, type Argon2Params } from '../crypto/argon2id';
import { hkdfSha256, open, seal, wipe } from '../crypto/primitives';
import type { RecoverySlot, UserSlot } from './keys-file';

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
  dek: Uint8Array;
  kdf: Argon2Params;
}): Promise<UserSlot> {
  const salt = randomBytes(16);
  const kek = await userKek(args.password, args.kdf, salt, args.deviceSecret, args.vaultId);
  let sealed: ReturnType<typeof seal>;
  try {
    sealed = seal(kek, args.dek, associatedData(args.vaultId, `user:${args.userId}`));
  } finally {
    wipe(kek);
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

/** The DEK, or null for a wrong password (or a slot made with another device secret). */
export async function unwrapUserSlot(slot: UserSlot, password: string, deviceSecret: Uint8Array, vaultId: string) {
  const { m, t, p } = slot.kdf;
  const kek = await userKek(password, { m, t, p }, Buffer.from(slot.kdf.salt, 'base64'), deviceSecret, vaultId);
  try {
    return open(
      kek,
      { nonce: Buffer.from(slot.nonce, 'base64'), ciphertext: Buffer.from(slot.wrapped, 'base64') },
      associatedData(vaultId, `user:${slot.userId}`),
    );
  } finally {
    wipe(kek);
  }
}

function recoveryKek(recoverySecret: Uint8Array, vaultId: string): Buffer {
  // The recovery secret is 256 random bits: no password stretching is needed, only separation.
  return hkdfSha256(recoverySecret, vaultId, 'ledgervault/v1/recovery-kek');
}

export function createRecoverySlot(vaultId: string, recoverySecret: Uint8Array, dek: Uint8Array): RecoverySlot {
  const kek = recoveryKek(recoverySecret, vaultId);
  let sealed: ReturnType<typeof seal>;
  try {
    sealed = seal(kek, dek, associatedData(vaultId, 'recovery'));
  } finally {
    wipe(kek);
  }
  return {
    kind: 'recovery',
    nonce: sealed.nonce.toString('base64'),
    wrapped: sealed.ciphertext.toString('base64'),
    createdAt: new Date().toISOString(),
  };
}

export function unwrapRecoverySlot(slot: RecoverySlot, recoverySecret: Uint8Array, vaultId: string): Buffer | null {
  const kek = recoveryKek(recoverySecret, vaultId);
  try {
    return open(
      kek,
      { nonce: Buffer.from(slot.nonce, 'base64'), ciphertext: Buffer.from(slot.wrapped, 'base64') },
      associatedData(vaultId, 'recovery'),
    );
  } finally {
    wipe(kek);
  }
}
