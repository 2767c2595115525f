import { calibrateArgon2, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { randomKey, wipe } from '../crypto/primitives';
import { parseRecoveryKey } from '../crypto/recovery-key';
import { authError, inputError, integrityError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { assertPasswordAcceptable } from './password-policy';
import {
  hasValidDeviceMac,
  hasValidVaultMac,
  readKeysFile,
  recoverySlot,
  userSlot,
  type KeysFile,
  type UserSlot,
} from './keys-file';
import { createUserSlot, unwrapRecoverySlot } from './keyslots';
import { openSession } from './open-session';
import { vaultPaths } from './paths';
import type { VaultSession } from './session';

export interface RecoverInput {
  dir: string;
  adminUsername: string;
  recoveryKey: string;
  newPassword: string;
  keyStore: KeyStore;
  kdf?: Argon2Params | 'calibrate';
  migrationsDir?: string;
}

export interface RecoveryResult {
  session: VaultSession;
  deviceSecretReplaced: boolean;
  /** Staff whose keyslots were bound to the lost device secret: an admin must reset them. */
  usersNeedingReset: string[];
}

/**
 * Opens a vault with its recovery key, for when the keychain entry or the admin's password is
 * gone. Keeps the workstation's device secret when it still matches; otherwise stores a new one,
 * and the other staff's slots (useless without the old secret) are dropped and listed.
 */
export async function recoverVault(input: RecoverInput): Promise<RecoveryResult> {
  const secret = parseRecoveryKey(input.recoveryKey);
  let dek: Buffer | null;
  try {
    assertPasswordAcceptable(input.newPassword, input.adminUsername);
  } catch (err) {
    wipe(secret);
    throw err;
  }
  const paths = vaultPaths(input.dir);
  let keys: KeysFile;
  try {
    keys = readKeysFile(paths);
    const slot = recoverySlot(keys);
    if (!slot) throw integrityError('The keys file has no recovery slot.');
    dek = unwrapRecoverySlot(slot, secret, keys.vaultId);
  } finally {
    wipe(secret);
  }
  if (!dek) throw authError('The recovery key does not open this vault.');
  let adminSlot: UserSlot | undefined;
  let kdf: Argon2Params;
  let existing: Buffer | null;
  try {
    if (!hasValidVaultMac(keys, dek))
      throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
    adminSlot = userSlot(keys, input.adminUsername);
    if (!adminSlot) throw inputError('user.notFound', { username: input.adminUsername });
    kdf = input.kdf === undefined || input.kdf === 'calibrate' ? await calibrateArgon2() : input.kdf;
    if (!isAtLeastFloor(kdf)) throw inputError('kdf.belowFloor');
    existing = await input.keyStore.get(keys.vaultId).catch(() => null);
  } catch (err) {
    wipe(dek);
    throw err;
  }
  const keep = existing !== null && hasValidDeviceMac(keys, existing);
  if (!keep) wipe(existing);
  const deviceSecret = keep && existing ? existing : randomKey();

  // openSession takes over dek and deviceSecret (wiped at lock, or by it if it fails).
  const session = openSession(paths, keys, dek, deviceSecret, adminSlot.userId, {
    migrationsDir: input.migrationsDir,
  });
  const admin = adminSlot;
  try {
    if (session.user.role !== 'admin') throw inputError('user.notAdmin', { username: input.adminUsername });
    const newSlot = await createUserSlot({
      vaultId: keys.vaultId,
      userId: admin.userId,
      username: admin.username,
      password: input.newPassword,
      deviceSecret,
      dek,
      kdf,
    });
    if (!keep) await input.keyStore.set(keys.vaultId, deviceSecret);
    // Staff slots were bound to the lost device secret: they open nothing now and go at the commit.
    const dropped = keep
      ? []
      : keys.slots.filter((s): s is UserSlot => s.kind === 'user' && s.userId !== admin.userId && !s.pending);
    await session.writeWithKeyslots(
      [{ userId: admin.userId, slot: newSlot }, ...dropped.map((s) => ({ userId: s.userId, slot: null }))],
      (ctx) => {
        session.clearCounterAtCommit(ctx, admin.username);
        ctx.audit({
          action: 'vault.recover',
          targetType: 'user',
          targetId: admin.userId,
          details: { deviceSecretReplaced: !keep, usersNeedingReset: dropped.map((s) => s.username) },
        });
      },
      { newDeviceSecret: !keep },
    );
    return { session, deviceSecretReplaced: !keep, usersNeedingReset: dropped.map((s) => s.username) };
  } catch (err) {
    session.lock();
    throw err;
  }
}
