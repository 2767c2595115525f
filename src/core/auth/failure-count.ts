/**
 * Counting a failed sign-in: the counter in vault.keys (sealed with the device secret, before
 * anyone has unlocked) and its line in vault.pending, under the keys lock.
 */
import { integrityError } from '../errors';
import {
  hasValidDeviceMac,
  resealCounters,
  updateKeysFile,
  type FailureCounter,
  type KeysFile,
} from '../vault/keys-file';
import { appendPendingEvent } from '../vault/pending-events';
import { newerCounter } from '../vault/signin-mirror';
import type { VaultPaths } from '../vault/paths';
import { lockedUntil } from './lockout';

/**
 * Counts one failed sign-in (and locks the account at the policy's limit), with its pending
 * audit line, in one update under the keys lock. The whole attempt runs under the sign-in lock
 * (unlockVault), a separate file, so that what a sign-in writes after its commit can still take
 * the keys lock as every other writer does.
 */
export async function recordFailure(
  paths: VaultPaths,
  deviceSecret: Buffer,
  username: string,
  now: Date,
  reason: string,
  mirrored: FailureCounter | undefined,
): Promise<boolean> {
  let locked = false;
  await updateKeysFile(
    paths,
    (file) => {
      if (!hasValidDeviceMac(file, deviceSecret)) throw integrityError('The keys file changed during sign-in.');
    },
    (file) => {
      const previous = newerCounter(file.counters[username], mirrored);
      // A count that reached the limit starts again once its lock has run out, or when it never
      // locked anything (dated in the future: see auth/lockout.ts).
      const spent =
        !!previous && previous.failures >= file.lockout.maxFailures && !lockedUntil(previous, file.lockout, now);
      const base = spent ? 0 : (previous?.failures ?? 0);
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

export async function recordPending(
  paths: VaultPaths,
  keys: KeysFile,
  deviceSecret: Buffer,
  username: string,
  details: Record<string, unknown>,
  outcome: 'failed' | 'denied' = 'failed',
): Promise<void> {
  await updateKeysFile(
    paths,
    () => undefined,
    () => {
      appendPendingEvent(paths, deviceSecret, keys.vaultId, { username, action: 'auth.signin', outcome, details });
      return null;
    },
  );
}
