import { calibrateArgon2, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { randomKey, wipe } from '../crypto/primitives';
import { parseRecoveryKey } from '../crypto/recovery-key';
import { authError, inputError, integrityError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { assertPasswordAcceptable } from '../users/password-policy';
import { hasValidDeviceMac, hasValidVaultMac, readKeysFile, recoverySlot, userSlot, type UserSlot } from './keys-file';
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
  assertPasswordAcceptable(input.newPassword, input.adminUsername);
  const paths = vaultPaths(input.dir);
  const keys = readKeysFile(paths);
  const slot = recoverySlot(keys);
  if (!slot) throw integrityError('The keys file has no recovery slot.');
  const dek = unwrapRecoverySlot(slot, secret, keys.vaultId);
  wipe(secret);
  if (!dek) throw authError('The recovery key does not open this vault.');
  if (!hasValidVaultMac(keys, dek)) {
    wipe(dek);
    throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
  }
  const adminSlot = userSlot(keys, input.adminUsername);
  if (!adminSlot) {
    wipe(dek);
    throw inputError('user.notFound', { username: input.adminUsername });
  }
  const kdf = input.kdf === undefined || input.kdf === 'calibrate' ? await calibrateArgon2() : input.kdf;
  if (!isAtLeastFloor(kdf)) throw inputError('kdf.belowFloor');

  const existing = await input.keyStore.get(keys.vaultId).catch(() => null);
  const keep = existing !== null && hasValidDeviceMac(keys, existing);
  const deviceSecret = keep ? existing : randomKey();

  let session: VaultSession;
  try {
    session = openSession(paths, keys, dek, deviceSecret, adminSlot.userId, { migrationsDir: input.migrationsDir });
  } catch (err) {
    wipe(dek, deviceSecret);
    throw err;
  }
  try {
    if (session.user.role !== 'admin') throw inputError('user.notAdmin', { username: input.adminUsername });
    const newSlot = await createUserSlot({
      vaultId: keys.vaultId,
      userId: adminSlot.userId,
      username: adminSlot.username,
      password: input.newPassword,
      deviceSecret,
      dek,
      kdf,
    });
    if (!keep) await input.keyStore.set(keys.vaultId, deviceSecret);
    let dropped: string[] = [];
    const written = session.updateKeys(
      (file) => {
        const others = file.slots.filter((s): s is UserSlot => s.kind === 'user' && s.userId !== adminSlot.userId);
        dropped = keep ? [] : others.map((s) => s.username);
        const slots = file.slots.flatMap((s) => {
          if (s.kind === 'user' && s.userId === adminSlot.userId) return [newSlot];
          if (s.kind === 'user' && !keep) return [];
          return [s];
        });
        const { [adminSlot.username]: _cleared, ...counters } = file.counters;
        const { mac: _mac, ...body } = file;
        return { ...body, slots, counters };
      },
      { newDeviceSecret: !keep },
    );
    session.write((ctx) => {
      // An older keys file would hold the admin's old slot: refuse it from now on.
      session.setMeta(ctx, 'keys_min_generation', String(written.generation));
      ctx.audit({
        action: 'vault.recover',
        targetType: 'user',
        targetId: adminSlot.userId,
        details: { deviceSecretReplaced: !keep, usersNeedingReset: dropped },
      });
    });
    return { session, deviceSecretReplaced: !keep, usersNeedingReset: dropped };
  } catch (err) {
    session.lock();
    throw err;
  }
}
