import { argon2idRaw } from '../crypto/argon2id';
import { wipe } from '../crypto/primitives';
import { LedgerVaultError, authError, integrityError, keychainError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import {
  hasValidDeviceMac,
  hasValidVaultMac,
  readKeysFile,
  resealCounters,
  updateKeysFile,
  userSlot,
  type FailureCounter,
  type KeysFile,
} from './keys-file';
import { unwrapUserSlot } from './keyslots';
import { openSession, type OpenOptions } from './open-session';
import { vaultPaths, type VaultPaths } from './paths';
import { appendPendingEvent, clearPendingEvents, readPendingEvents } from './pending-events';
import type { SessionRestriction, VaultSession } from './session';
import { eq } from 'drizzle-orm';
import { users, type Role } from '../db/schema';
import { readSettings, type Settings } from '../settings/settings';
import { verifySecondFactor } from '../auth/mfa';
import { recordSignInSignals } from '../auth/signals';

export interface UnlockInput extends OpenOptions {
  dir: string;
  username: string;
  password: string;
  /** The second factor, where the user has enrolled: a TOTP code or a recovery code. */
  totp?: string;
  keyStore: KeyStore;
  now?: () => Date;
}

/** Reads the device secret of an existing vault; null is never "no key yet" here. */
export async function requireDeviceSecret(keyStore: KeyStore, vaultId: string): Promise<Buffer> {
  const secret = await keyStore.get(vaultId);
  if (!secret) throw keychainError('This workstation has no device secret for this vault in its keychain.');
  return secret;
}

function isLocked(counter: FailureCounter | undefined, now: Date): boolean {
  return !!counter?.lockedUntil && Date.parse(counter.lockedUntil) > now.getTime();
}

/**
 * Signs a user in: keychain -> keys file authenticity -> lockout -> Argon2id + device secret
 * unwrap -> database. A wrong password changes nothing but the failure counter (and its pending
 * audit line); the tenth in a row locks the account for 30 minutes.
 */
export async function unlockVault(input: UnlockInput): Promise<VaultSession> {
  const now = input.now ?? (() => new Date());
  const paths = vaultPaths(input.dir);
  const keys = readKeysFile(paths);
  const deviceSecret = await requireDeviceSecret(input.keyStore, keys.vaultId);
  if (!hasValidDeviceMac(keys, deviceSecret)) {
    wipe(deviceSecret);
    throw integrityError(
      'The keys file (vault.keys) was changed outside LedgerVault, or belongs to another workstation.',
    );
  }
  const slot = userSlot(keys, input.username);
  if (!slot) {
    // Same work as a real attempt, so that timing does not tell which user names exist.
    const anySlot = keys.slots.find((s) => s.kind === 'user');
    if (anySlot?.kind === 'user') await argon2idRaw(input.password, Buffer.alloc(16), anySlot.kdf);
    recordPending(paths, keys, deviceSecret, '(unknown)', 'auth.signin', { reason: 'unknown_user' });
    wipe(deviceSecret);
    throw authError();
  }
  if (isLocked(keys.counters[input.username], now())) {
    recordPending(paths, keys, deviceSecret, input.username, 'auth.signin', { reason: 'account_locked' }, 'denied');
    wipe(deviceSecret);
    throw new LedgerVaultError(
      'E_LOCKED',
      `Account ${input.username} is locked until ${keys.counters[input.username]!.lockedUntil}.`,
    );
  }
  const dek = await unwrapUserSlot(slot, input.password, deviceSecret, keys.vaultId);
  if (!dek) {
    const locked = recordFailure(paths, deviceSecret, input.username, now());
    wipe(deviceSecret);
    throw locked
      ? new LedgerVaultError('E_LOCKED', `Too many failed sign-ins: ${input.username} is now locked.`)
      : authError();
  }
  if (!hasValidVaultMac(keys, dek)) {
    wipe(dek, deviceSecret);
    throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
  }
  let session: VaultSession;
  try {
    session = openSession(paths, keys, dek, deviceSecret, slot.userId, input);
  } catch (err) {
    wipe(dek, deviceSecret);
    throw err;
  }
  if (session.integrityAlarm) return session;
  const deviceCopy = Buffer.from(deviceSecret);
  try {
    completeSignIn(session, paths, input, now());
  } catch (err) {
    session.lock();
    if (err instanceof SecondFactorFailed) {
      const locked = recordFailure(paths, deviceCopy, input.username, now(), 'wrong_second_factor');
      wipe(deviceCopy);
      throw locked
        ? new LedgerVaultError('E_LOCKED', `Too many failed sign-ins: ${input.username} is now locked.`)
        : authError('The second factor is not correct.');
    }
    wipe(deviceCopy);
    throw err;
  }
  wipe(deviceCopy);
  return session;
}

class SecondFactorFailed extends Error {}

/**
 * After the password: the second factor where enrolled, then moves pending events into the
 * chain, records the sign-in with any abnormal-sign-in signals, sets what the session may do
 * first (change a temporary password, enrol in MFA), and resets the failure counter.
 */
function completeSignIn(session: VaultSession, paths: VaultPaths, input: UnlockInput, now: Date): void {
  const username = input.username;
  const deviceSecret = session.deviceSecret;
  const user = session.orm.select().from(users).where(eq(users.id, session.user.id)).get()!;
  const settings = readSettings(session);
  if (user.mfaSecret && !input.totp) throw new LedgerVaultError('E_MFA_REQUIRED');
  const pending = readPendingEvents(paths, deviceSecret, session.vaultId);
  const lastImported = session.getMeta('pending_last_mac');
  const skipUpTo = pending.events.findIndex((e) => e.mac === lastImported);
  const fresh = pending.events.slice(skipUpTo + 1);
  session.write((ctx) => {
    for (const e of fresh) {
      ctx.audit({
        action: e.action,
        actorId: null,
        actorName: e.username,
        outcome: e.outcome,
        at: e.at,
        details: { ...e.details, recordedWhileLocked: true, workstation: e.workstation },
      });
    }
    if (pending.brokenAtLine !== null) {
      ctx.audit({ action: 'audit.pending_tampered', outcome: 'failed', details: { line: pending.brokenAtLine } });
    }
    if (fresh.length > 0) session.setMeta(ctx, 'pending_last_mac', fresh.at(-1)!.mac);
    let factor: string | null = null;
    if (user.mfaSecret) {
      factor = verifySecondFactor(ctx.orm, user.id, user.mfaSecret, input.totp ?? '', now);
      if (!factor) throw new SecondFactorFailed();
    }
    const failures = fresh.filter(
      (e) => e.action === 'auth.signin' && e.outcome === 'failed' && e.username === username,
    ).length;
    recordSignInSignals(ctx, user, settings, now, failures);
    session.restriction = restrictionFor(user, settings, now);
    ctx.audit({
      action: 'auth.signin',
      targetType: 'user',
      targetId: session.user.id,
      details: { secondFactor: factor, restriction: session.restriction },
    });
  });
  clearPendingEvents(paths);
  updateKeysFile(
    paths,
    (file) => {
      if (!hasValidDeviceMac(file, deviceSecret)) throw integrityError('The keys file changed during sign-in.');
    },
    (file) => {
      if (!file.counters[username]) return null;
      const { [username]: _cleared, ...rest } = file.counters;
      return resealCounters(file, rest, deviceSecret);
    },
  );
}

/** What a fresh session must do before anything else, if anything. */
export function restrictionFor(
  user: { role: Role; mustChangePassword: boolean; passwordChangedAt: string | null; mfaSecret: string | null },
  settings: Settings,
  now: Date,
): SessionRestriction {
  const maxAgeMs = settings.passwordMaxAgeDays === null ? null : settings.passwordMaxAgeDays * 86_400_000;
  const expired =
    maxAgeMs !== null &&
    user.passwordChangedAt !== null &&
    now.getTime() - Date.parse(user.passwordChangedAt) > maxAgeMs;
  if (user.mustChangePassword || expired) return 'password-change';
  if (settings.mfaRequiredRoles.includes(user.role) && !user.mfaSecret) return 'mfa-enrol';
  return null;
}

function recordFailure(
  paths: VaultPaths,
  deviceSecret: Buffer,
  username: string,
  now: Date,
  reason = 'wrong_password',
): boolean {
  let locked = false;
  updateKeysFile(
    paths,
    (file) => {
      if (!hasValidDeviceMac(file, deviceSecret)) throw integrityError('The keys file changed during sign-in.');
    },
    (file) => {
      const previous = file.counters[username];
      // A lock that has run out starts a fresh count.
      const base =
        previous?.lockedUntil && Date.parse(previous.lockedUntil) <= now.getTime() ? 0 : (previous?.failures ?? 0);
      const failures = base + 1;
      locked = failures >= file.lockout.maxFailures;
      const counter: FailureCounter = {
        failures,
        lastFailureAt: now.toISOString(),
        lockedUntil: locked ? new Date(now.getTime() + file.lockout.lockMinutes * 60_000).toISOString() : null,
      };
      appendPendingEvent(paths, deviceSecret, file.vaultId, {
        username,
        action: 'auth.signin',
        outcome: 'failed',
        details: { reason, consecutiveFailures: failures },
      });
      if (locked) {
        appendPendingEvent(paths, deviceSecret, file.vaultId, {
          username,
          action: 'auth.lockout',
          outcome: 'denied',
          details: { lockedUntil: counter.lockedUntil, afterFailures: failures },
        });
      }
      return resealCounters(file, { ...file.counters, [username]: counter }, deviceSecret);
    },
  );
  return locked;
}

function recordPending(
  paths: VaultPaths,
  keys: KeysFile,
  deviceSecret: Buffer,
  username: string,
  action: string,
  details: Record<string, unknown>,
  outcome: 'failed' | 'denied' = 'failed',
): void {
  updateKeysFile(
    paths,
    () => undefined,
    () => {
      appendPendingEvent(paths, deviceSecret, keys.vaultId, { username, action, outcome, details });
      return null;
    },
  );
}
