import { calibrateArgon2, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { randomKey, wipe } from '../crypto/primitives';
import { inputError, integrityError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { assertPasswordAcceptable } from './password-policy';
import { hasValidDeviceMac, hasValidVaultMac, readKeysFile, userSlot, type UserSlot } from './keys-file';
import { createUserSlot, wipeSlotContents, type SlotContents } from './keyslots';
import { openRecoverySlot } from './recovery-slot';
import { issueCertificate } from '../crypto/certificates';
import { generateStaffIdentity, publicIdentity, wipeIdentity } from '../crypto/identity';
import { shareClientKey } from './client-key-store';
import { resignStatements } from './staff-identity';
import { insertCertificate, RECOVERY_ID } from './trust';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema';
import { openSession } from './open-session';
import { vaultPaths } from './paths';
import type { VaultSession, WriteContext } from './session';
import type { UpgradeReport } from '../../shared/vault/contract';

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
  /**
   * A version-1 vault is upgraded to version 2 by its recovery (core/index's recoverVault,
   * upgrade/upgrade-v2-recover.ts): the new recovery kit and the staff's temporary passwords,
   * to show once, as `vault:unlock`'s UnlockResult carries them.
   */
  upgrade?: UpgradeReport;
}

/**
 * Opens a vault with its recovery key, for when the keychain entry or the admin's password is
 * gone. Keeps the workstation's device secret when it still matches; otherwise stores a new one,
 * and the other staff's slots (useless without the old secret) are dropped and listed.
 */
export async function recoverVault(input: RecoverInput): Promise<RecoveryResult> {
  assertPasswordAcceptable(input.newPassword, input.adminUsername);
  const paths = vaultPaths(input.dir);
  const keys = readKeysFile(paths);
  // Version 1 goes through upgrade/upgrade-v2-recover.ts: this session would see none of its data.
  if (keys.version !== 2) throw new Error('recoverVault (vault/) needs a version-2 vault; use core/index');
  const contents: SlotContents = openRecoverySlot(keys, input.recoveryKey);
  const dek = contents.dek;
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
    wipeSlotContents(contents);
    throw err;
  }
  const keep = existing !== null && hasValidDeviceMac(keys, existing);
  // A secret the keychain already holds for this vault id belongs to another copy of this folder
  // (one a restore put aside, say): it is reused rather than replaced, so that copy still opens.
  const reuse = !keep && existing !== null && existing.length === 32;
  if (!keep && !reuse) wipe(existing);
  const deviceSecret = (keep || reuse) && existing ? existing : randomKey();

  // openSession takes over the slot's keys and deviceSecret (wiped at lock, or by it if it fails).
  // In version 2 the session starts with the recovery identity, which holds every client key.
  const session = openSession(paths, keys, contents, deviceSecret, adminSlot.userId, {
    migrationsDir: input.migrationsDir,
    ...(contents.identity ? { identityOf: RECOVERY_ID } : {}),
  });
  const admin = adminSlot;
  let fresh: ReturnType<typeof adminIdentityFromRecovery> | null = null;
  try {
    if (session.user.role !== 'admin') throw inputError('user.notAdmin', { username: input.adminUsername });
    // The admin's old identity was behind the lost password: a new one, certified by the recovery identity.
    fresh = session.trust ? adminIdentityFromRecovery(session) : null;
    const newSlot = await createUserSlot({
      vaultId: keys.vaultId,
      userId: admin.userId,
      username: admin.username,
      password: input.newPassword,
      deviceSecret,
      contents: {
        dek,
        identity: fresh?.identity ?? null,
        rootFingerprint: session.rootFingerprint ? Buffer.from(session.rootFingerprint, 'hex') : null,
      },
      kdf,
    });
    if (!keep && !reuse) await input.keyStore.set(keys.vaultId, deviceSecret);
    // Staff slots were bound to the lost device secret: they open nothing now and go at the commit.
    const dropped = keep
      ? []
      : keys.slots.filter((s): s is UserSlot => s.kind === 'user' && s.userId !== admin.userId && !s.pending);
    await session.writeWithKeyslots(
      [{ userId: admin.userId, slot: newSlot }, ...dropped.map((s) => ({ userId: s.userId, slot: null }))],
      (ctx) => {
        fresh?.apply(ctx);
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
    if (fresh) {
      session.adoptIdentity(fresh.identity);
      session.reloadTrust();
      fresh = null;
    }
    return { session, deviceSecretReplaced: !keep, usersNeedingReset: dropped.map((s) => s.username) };
  } catch (err) {
    if (fresh) wipeIdentity(fresh.identity);
    session.lock();
    throw err;
  }
}

/**
 * The recovering admin's new identity: certified by the recovery identity (an admin in the chain
 * from the root), and given every client key the recovery identity holds.
 */
function adminIdentityFromRecovery(session: VaultSession) {
  const trust = session.verifiedTrust;
  const recovery = trust.require(RECOVERY_ID);
  const current = trust.require(session.user.id);
  const identity = generateStaffIdentity();
  const cert = issueCertificate(
    {
      vaultId: session.vaultId,
      userId: session.user.id,
      username: current.body.username,
      role: 'admin',
      status: 'active',
      keys: publicIdentity(identity),
      issuedAt: new Date().toISOString(),
      previous: current.hash,
    },
    { userId: RECOVERY_ID, keys: recovery.keys, ed25519Private: session.identity.ed25519.privateKey },
  );
  return {
    identity,
    apply(ctx: WriteContext) {
      insertCertificate(ctx.orm, cert);
      // Grants and permissions the admin signed with the lost identity: signed again with the new one.
      resignStatements(
        session,
        ctx,
        session.user.id,
        { grants: true, permissions: true },
        { userId: session.user.id, ed25519Private: identity.ed25519.privateKey },
      );
      // The two-step secret was sealed under the identity that was lost: the admin enrols again.
      ctx.orm
        .update(users)
        .set({ mfaSecretEnc: null, mfaPendingSecretEnc: null, mfaLastStep: null })
        .where(eq(users.id, session.user.id))
        .run();
      const recipient = { userId: session.user.id, x25519: identity.x25519.publicKey };
      for (const clientId of session.keyRing.clientIds()) shareClientKey(session, ctx, clientId, recipient);
    },
  };
}
