import { unlockVault, type VaultSession } from '../../src/core/index';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../../src/core/auth/mfa';
import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { changeOwnPassword, createUser } from '../../src/core/users/users';
import type { Role } from '../../src/core/db/schema';
import { ADMIN, ADMIN_PASSWORD, type TestVault } from './test-vault';
import { passwordProblem } from '../../src/shared/users/rules';

export interface Staff {
  username: string;
  password: string;
  role: Role;
  totpSecret: string | null;
  /** Unused MFA recovery codes, for signing in from another process (the CLI) in tests. */
  recoveryCodes?: string[];
}

/**
 * A test clock that moves 31 s per sign-in, so that each TOTP code belongs to a new time step
 * (a code is accepted once) without waiting.
 */
let clockOffsetMs = 0;
export function nextSignInTime(): Date {
  clockOffsetMs += 31_000;
  return new Date(Date.now() + clockOffsetMs);
}

export function codeFor(secret: string, at: Date): string {
  return totpAt(base32Decode(secret), timeStep(at));
}

export async function signIn(
  vault: TestVault,
  staff: Pick<Staff, 'username' | 'password' | 'totpSecret'>,
): Promise<VaultSession> {
  const now = nextSignInTime();
  return unlockVault({
    dir: vault.dir,
    username: staff.username,
    password: staff.password,
    keyStore: vault.keyStore,
    now: () => now,
    totp: staff.totpSecret ? codeFor(staff.totpSecret, now) : undefined,
  });
}

/** Completes whatever a fresh session must do first (own password, MFA), as a person would. */
export async function settleSession(session: VaultSession, staff: Staff): Promise<void> {
  if (session.restriction === 'password-change') {
    const next = `${staff.password}-Own1`;
    await changeOwnPassword(session, staff.password, next);
    staff.password = next;
  }
  if (session.restriction === 'mfa-enrol') {
    const enrolment = await beginMfaEnrolment(session);
    const at = nextSignInTime();
    confirmMfaEnrolment(session, codeFor(enrolment.secret, at), at);
    staff.totpSecret = enrolment.secret;
    staff.recoveryCodes = [...enrolment.recoveryCodes];
  }
}

/** The vault's first admin, enrolled in MFA, signed in and unrestricted. */
export async function adminSession(
  vault: TestVault,
  admin: Staff = { username: ADMIN, password: ADMIN_PASSWORD, role: 'admin', totpSecret: null },
) {
  const session = await signIn(vault, admin);
  await settleSession(session, admin);
  return { session, admin };
}

/** A staff member created by `by`, who has set their own password and enrolled where required. */
export async function addStaff(by: VaultSession, vault: TestVault, role: Role, username: string): Promise<Staff> {
  // Random letters can spell the user name ("k7accq" for "acc"), which the policy refuses.
  const candidates = Array.from({ length: 50 }, () => `Start-${Math.random().toString(36).slice(2, 8)}-Pass-9`);
  const password = candidates.find((p) => !passwordProblem(p, username));
  if (!password) throw new Error(`no acceptable test password for the user name ${username}`);
  const staff: Staff = { username, password, role, totpSecret: null };
  await createUser(by, { username, role, password: staff.password });
  // The admin holds the vault open; the new user signs in after the admin locks.
  return staff;
}

export async function activate(vault: TestVault, staff: Staff): Promise<void> {
  const s = await signIn(vault, staff);
  await settleSession(s, staff);
  s.lock();
  // The lock's keychain anchor is written in the background; the next step may read it.
  await s.anchorsWritten();
}
