import { and, count, eq, ne } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { passwordHistory, users } from '../db/schema';
import { inputError } from '../errors';
import { parseInput } from '../parse-input';
import type { VaultSession } from '../vault/session';
import { assertPasswordAcceptable } from '../vault/password-policy';
import { userEnable, userUpdate, type UserEnable, type UserUpdate } from '../../shared/users/contract';
import { hashForHistory } from '../vault/password-history';
import { findUser, makeSlot } from './users';
import { reissueCertificate, temporaryIdentity } from '../vault/staff-identity';
import { wipeIdentity } from '../crypto/identity';

/** Other active admins than `userId`: the vault must never be left without one. */
function otherActiveAdmins(session: VaultSession, userId: string): number {
  return (
    session.orm
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.status, 'active'), ne(users.id, userId)))
      .get()?.n ?? 0
  );
}

/**
 * Changes a staff account's display name and/or role (admins). An admin may rename themselves
 * but not change their own role (no one raises or drops their own rights), and the last active
 * admin keeps the role. Audited with the values before and after.
 */
export function updateUser(session: VaultSession, change: UserUpdate): void {
  const input = parseInput(userUpdate, change);
  authorize(session, 'user.update');
  const user = findUser(session, input.username);
  const displayName = input.displayName?.trim() || undefined;
  const role = input.role !== undefined && input.role !== user.role ? input.role : undefined;
  if (role && user.id === session.user.id) throw inputError('user.selfRole');
  if (role && user.role === 'admin' && user.status === 'active' && otherActiveAdmins(session, user.id) === 0) {
    throw inputError('user.lastAdminRole');
  }
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  if (displayName !== undefined && displayName !== user.displayName) {
    before.displayName = user.displayName;
    after.displayName = displayName;
  }
  if (role) {
    before.role = user.role;
    after.role = role;
  }
  if (Object.keys(after).length === 0) return;
  session.write((ctx) => {
    ctx.orm
      .update(users)
      .set({ ...after, updatedAt: new Date().toISOString(), updatedBy: session.user.id })
      .where(eq(users.id, user.id))
      .run();
    // A role lives in the certificate: a new one, and the client keys the new role allows.
    const rotated = role ? reissueCertificate(session, ctx, user.id, { role }).rotated : 0;
    ctx.audit({
      action: 'user.update',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, before, after, ...(rotated > 0 ? { rotated } : {}) },
    });
  });
  if (role) session.reloadTrust();
}

/**
 * Brings a disabled account back. Disabling removed its keyslot, so it needs a new temporary
 * password (a new slot), which the person must replace at their first sign-in.
 */
export async function enableUser(session: VaultSession, request: UserEnable): Promise<void> {
  const input = parseInput(userEnable, request);
  authorize(session, 'user.enable');
  const user = findUser(session, input.username);
  if (user.status !== 'disabled') throw inputError('user.notDisabled', { username: user.username });
  assertPasswordAcceptable(input.temporaryPassword, user.username);
  const hash = await hashForHistory(input.temporaryPassword);
  const now = new Date().toISOString();
  const temporary = temporaryIdentity(session, user);
  const slot = await makeSlot(session, user, input.temporaryPassword, temporary.identity).finally(() =>
    wipeIdentity(temporary.identity),
  );
  await session.writeWithKeyslots([{ userId: user.id, slot }], (ctx) => {
    ctx.orm
      .update(users)
      .set({
        status: 'active',
        mustChangePassword: true,
        passwordChangedAt: now,
        updatedAt: now,
        updatedBy: session.user.id,
      })
      .where(eq(users.id, user.id))
      .run();
    ctx.orm.insert(passwordHistory).values({ userId: user.id, hash, createdAt: now }).run();
    temporary.apply(ctx);
    ctx.audit({ action: 'user.enable', targetType: 'user', targetId: user.id, details: { username: user.username } });
    session.clearCounterAtCommit(ctx, user.username);
  });
  session.reloadTrust();
}
