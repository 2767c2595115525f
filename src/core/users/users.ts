import { and, count, eq, ne } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { authorize } from '../access/authorize';
import { GRANTABLE_PERMISSIONS, type Permission } from '../access/permissions';
import { ARGON2_FLOOR, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { passwordHistory, userPermissions, users, type Role } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { readSettings } from '../settings/settings';
import { userSlot, type UserSlot } from '../vault/keys-file';
import { createUserSlot, unwrapUserSlot, wipeSlotContents } from '../vault/keyslots';
import { wipeIdentity, type StaffIdentity } from '../crypto/identity';
import { signPermission } from '../crypto/permission-statements';
import { reissueCertificate, temporaryIdentity } from '../vault/staff-identity';
import { ownIdentity, type OwnIdentity } from './own-identity';
import type { VaultSession } from '../vault/session';
import { readKeysFile } from '../vault/keys-file';
import { assertNotReused, hashForHistory } from '../vault/password-history';
import { restrictionFor } from '../auth/unlock-vault';
import { lockedUntil } from '../auth/lockout';
import { assertPasswordAcceptable, assertUsername } from '../vault/password-policy';
import type { UserSummary } from '../../shared/contract';

export type { UserSummary };

/**
 * New keyslots use the Argon2id costs of the signed-in user's own slot: calibrated when the vault
 * was created, so every slot costs the same to attack and no sign-in recalibrates.
 */
function slotKdf(session: VaultSession): Argon2Params {
  const own = userSlot(readKeysFile(session.paths), session.user.username);
  const params = own ? { m: own.kdf.m, t: own.kdf.t, p: own.kdf.p } : ARGON2_FLOOR;
  return isAtLeastFloor(params) ? params : ARGON2_FLOOR;
}

export function findUser(session: VaultSession, username: string) {
  const user = session.orm.select().from(users).where(eq(users.username, username)).get();
  if (!user) throw inputError('user.notFound', { username });
  return user;
}

/**
 * A new keyslot for `user` (Argon2id: the slow part, done before anything is written). It is put
 * in force by `session.writeWithKeyslots` together with the change it belongs to, so a crash
 * leaves either the old slot or the new one working, matching what the database recorded.
 */
export function makeSlot(
  session: VaultSession,
  user: { id: string; username: string },
  password: string,
  identity: StaffIdentity,
): Promise<UserSlot> {
  if (!session.rootFingerprint) throw new LedgerVaultError('E_INTEGRITY', 'This vault is still version 1.');
  return createUserSlot({
    vaultId: session.vaultId,
    userId: user.id,
    username: user.username,
    password,
    deviceSecret: session.deviceSecret,
    contents: { dek: session.dek, identity, rootFingerprint: Buffer.from(session.rootFingerprint, 'hex') },
    kdf: slotKdf(session),
  });
}

/** Runs a change that issued certificates, then re-reads them (checked from the root again). */
async function withNewCertificates<T>(session: VaultSession, change: () => Promise<T> | T): Promise<T> {
  const result = await change();
  session.reloadTrust();
  return result;
}

/** Every staff account, with its lockout and MFA state; seeing the list is an audited event. */
export function listUsers(session: VaultSession): UserSummary[] {
  authorize(session, 'user.list');
  const list = userSummaries(session);
  session.write((ctx) => ctx.audit({ action: 'user.list', details: { rows: list.length } }), { read: true });
  return list;
}

export function userSummaries(session: VaultSession): UserSummary[] {
  const keys = readKeysFile(session.paths);
  const extra = session.orm.select().from(userPermissions).all();
  const withSlot = new Set(keys.slots.flatMap((slot) => (slot.kind === 'user' && !slot.pending ? [slot.userId] : [])));
  return session.orm
    .select()
    .from(users)
    .orderBy(users.username)
    .all()
    .map((u) => {
      const counter = keys.counters[u.username];
      const locked = lockedUntil(counter, keys.lockout, new Date())?.toISOString() ?? null;
      return {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        status: u.status,
        mustChangePassword: u.mustChangePassword,
        needsReset: u.status === 'active' && !withSlot.has(u.id),
        mfaEnrolled: u.mfaSecretEnc !== null,
        lockedUntil: locked,
        extraPermissions: extra.filter((p) => p.userId === u.id).map((p) => p.permission),
        createdAt: u.createdAt,
      };
    });
}

/**
 * Adds a staff account with a temporary password (to be changed at first sign-in) and its own
 * keyslot on this workstation.
 */
export async function createUser(
  session: VaultSession,
  input: { username: string; displayName?: string; role: Role; password: string },
): Promise<UserSummary> {
  authorize(session, 'user.create');
  assertUsername(input.username);
  assertPasswordAcceptable(input.password, input.username);
  if (session.orm.select().from(users).where(eq(users.username, input.username)).get()) {
    throw inputError('user.exists', { username: input.username });
  }
  const id = randomUUID();
  const now = new Date().toISOString();
  const hash = await hashForHistory(input.password);
  const temporary = temporaryIdentity(session, { id, username: input.username, role: input.role });
  const slot = await makeSlot(session, { id, username: input.username }, input.password, temporary.identity).finally(
    () => wipeIdentity(temporary.identity),
  );
  await withNewCertificates(session, () =>
    session.writeWithKeyslots([{ userId: id, slot }], (ctx) => {
      ctx.orm
        .insert(users)
        .values({
          id,
          username: input.username,
          displayName: input.displayName?.trim() || input.username,
          role: input.role,
          mustChangePassword: true,
          createdAt: now,
          createdBy: session.user.id,
          updatedAt: now,
          updatedBy: session.user.id,
          passwordChangedAt: now,
        })
        .run();
      ctx.orm.insert(passwordHistory).values({ userId: id, hash, createdAt: now }).run();
      temporary.apply(ctx);
      ctx.audit({
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        details: { username: input.username, role: input.role },
      });
    }),
  );
  return userSummaries(session).find((u) => u.id === id)!;
}

/** Disables an account and removes its keyslot: it cannot sign in on any copy of this vault. */
export function disableUser(session: VaultSession, username: string): void {
  authorize(session, 'user.disable');
  const user = findUser(session, username);
  if (user.id === session.user.id) throw inputError('user.self');
  if (user.role === 'admin') {
    const admins = session.orm
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.status, 'active'), ne(users.id, user.id)))
      .get();
    if ((admins?.n ?? 0) === 0) throw inputError('user.lastAdmin');
  }
  session.write((ctx) => {
    ctx.orm
      .update(users)
      .set({ status: 'disabled', updatedAt: new Date().toISOString(), updatedBy: session.user.id })
      .where(eq(users.id, user.id))
      .run();
    // The certificate says disabled; every client key the person held is taken away and rotated.
    const { rotated } = reissueCertificate(session, ctx, user.id, { status: 'disabled' });
    ctx.audit({ action: 'user.disable', targetType: 'user', targetId: user.id, details: { username, rotated } });
    session.removeKeyslotAtCommit(ctx, user.id);
    session.clearCounterAtCommit(ctx, username);
  });
  session.reloadTrust();
}

/**
 * Sets a temporary password (also how a disabled account comes back): a new keyslot, and the
 * user must choose their own password at the next sign-in.
 */
export async function resetPassword(session: VaultSession, username: string, temporaryPassword: string): Promise<void> {
  authorize(session, 'user.resetPassword');
  const user = findUser(session, username);
  if (user.id === session.user.id) throw inputError('user.self');
  assertPasswordAcceptable(temporaryPassword, username);
  const hash = await hashForHistory(temporaryPassword);
  const now = new Date().toISOString();
  const temporary = temporaryIdentity(session, user);
  const slot = await makeSlot(session, user, temporaryPassword, temporary.identity).finally(() =>
    wipeIdentity(temporary.identity),
  );
  await withNewCertificates(session, () =>
    session.writeWithKeyslots([{ userId: user.id, slot }], (ctx) => {
      ctx.orm
        .update(users)
        .set({
          status: 'active',
          mustChangePassword: true,
          passwordChangedAt: now,
          updatedAt: now,
          updatedBy: session.user.id,
          // The two-step secret was sealed under the identity this replaces: the person enrols again.
          mfaSecretEnc: null,
          mfaPendingSecretEnc: null,
          mfaLastStep: null,
        })
        .where(eq(users.id, user.id))
        .run();
      ctx.orm.insert(passwordHistory).values({ userId: user.id, hash, createdAt: now }).run();
      temporary.apply(ctx);
      ctx.audit({
        action: 'user.resetPassword',
        targetType: 'user',
        targetId: user.id,
        details: { username, mfaCleared: user.mfaSecretEnc !== null },
      });
      session.clearCounterAtCommit(ctx, username);
    }),
  );
}

/** Ends a lockout early (PCI 8.3.4: "or until an admin unlocks it"). */
export function unlockUser(session: VaultSession, username: string): void {
  authorize(session, 'user.unlock');
  const user = findUser(session, username);
  session.write((ctx) => {
    ctx.audit({ action: 'user.unlock', targetType: 'user', targetId: user.id, details: { username } });
    // vault.keys follows the commit (and the next sign-in, should that be cut short).
    session.clearCounterAtCommit(ctx, username);
  });
}

/** Clears a user's two-step verification, for a lost phone; they enrol again at next sign-in. */
export function resetMfa(session: VaultSession, username: string): void {
  authorize(session, 'user.resetMfa');
  const user = findUser(session, username);
  session.write((ctx) => {
    ctx.orm
      .update(users)
      .set({ mfaSecretEnc: null, mfaPendingSecretEnc: null, mfaLastStep: null })
      .where(eq(users.id, user.id))
      .run();
    ctx.audit({ action: 'user.resetMfa', targetType: 'user', targetId: user.id, details: { username } });
  });
}

export function grantPermission(
  session: VaultSession,
  username: string,
  permission: Permission,
  granted: boolean,
): void {
  authorize(session, 'permission.grant');
  if (!GRANTABLE_PERMISSIONS.includes(permission)) throw inputError('permission.notGrantable', { permission });
  const user = findUser(session, username);
  session.write((ctx) => {
    if (granted) {
      const grantedAt = new Date().toISOString();
      // Signed, so that a row added by hand gives nothing (checked at every unlock).
      const statement = signPermission(
        { vaultId: session.vaultId, userId: user.id, permission, issuedAt: grantedAt, issuerUserId: session.user.id },
        session.identity.ed25519.privateKey,
      );
      ctx.orm
        .insert(userPermissions)
        .values({
          userId: user.id,
          permission,
          grantedBy: session.user.id,
          grantedAt,
          statement: JSON.stringify(statement),
        })
        .onConflictDoUpdate({
          target: [userPermissions.userId, userPermissions.permission],
          set: { grantedBy: session.user.id, grantedAt, statement: JSON.stringify(statement) },
        })
        .run();
    } else {
      ctx.orm
        .delete(userPermissions)
        .where(and(eq(userPermissions.userId, user.id), eq(userPermissions.permission, permission)))
        .run();
    }
    ctx.audit({
      action: granted ? 'permission.grant' : 'permission.revoke',
      targetType: 'user',
      targetId: user.id,
      details: { username, permission },
    });
  });
}

/**
 * Changes the signed-in user's own password: checks the current one, the policy and reuse, then
 * rewraps their keyslot. Allowed in a password-change-only session, which it then lifts.
 */
export async function changeOwnPassword(
  session: VaultSession,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const keys = readKeysFile(session.paths);
  const slot = userSlot(keys, session.user.username);
  if (!slot) throw new LedgerVaultError('E_INTEGRITY', 'The signed-in user has no keyslot.');
  const check = await unwrapUserSlot(slot, currentPassword, session.deviceSecret, session.vaultId);
  if (!check) {
    session.write((ctx) =>
      ctx.audit({
        action: 'user.changePassword',
        outcome: 'failed',
        targetType: 'user',
        targetId: session.user.id,
        details: { reason: 'current_password_wrong' },
      }),
    );
    throw new LedgerVaultError('E_AUTH', 'The current password is not correct.', {
      messageKey: 'password.currentWrong',
    });
  }
  wipeSlotContents(check);
  assertPasswordAcceptable(newPassword, session.user.username);
  if (newPassword === currentPassword) throw inputError('password.reused', { count: 1 });
  const policy = readSettings(session);
  await assertNotReused(session.orm, session.user.id, newPassword, policy.passwordHistory);
  const hash = await hashForHistory(newPassword);
  const now = new Date().toISOString();
  // A temporary identity (new account, reset) gives way to the person's own, made here.
  const own = session.certificate.body.status === 'temporary' ? ownIdentity(session) : null;
  try {
    await writeNewPassword(session, newPassword, hash, now, own);
  } catch (err) {
    own?.discard();
    throw err;
  }
  if (own) own.adopt();
  const updated = session.orm.select().from(users).where(eq(users.id, session.user.id)).get()!;
  session.restriction = restrictionFor(updated, policy, new Date());
}

async function writeNewPassword(
  session: VaultSession,
  newPassword: string,
  hash: string,
  now: string,
  own: OwnIdentity | null,
): Promise<void> {
  const newSlot = await makeSlot(session, session.user, newPassword, own?.identity ?? session.identity);
  // The new slot is written first, beside the old one; the commit decides which is in force.
  await session.writeWithKeyslots([{ userId: session.user.id, slot: newSlot }], (ctx) => {
    ctx.orm
      .update(users)
      .set({ mustChangePassword: false, passwordChangedAt: now, updatedAt: now, updatedBy: session.user.id })
      .where(eq(users.id, session.user.id))
      .run();
    ctx.orm.insert(passwordHistory).values({ userId: session.user.id, hash, createdAt: now }).run();
    own?.apply(ctx);
    ctx.audit({
      action: 'user.changePassword',
      targetType: 'user',
      targetId: session.user.id,
      details: own ? { ownIdentity: own.fingerprint } : {},
    });
  });
}
