/**
 * When an account's lock ends, computed at read time from the lockout policy in force and the
 * time of the last counted failure (issue 12). The counters in vault.keys are sealed with the
 * device secret alone, which any program of the signed-in OS user can read from the keychain,
 * so a `lockedUntil` written there is never believed: an insider once locked the only admin out
 * until 2099 that way. The policy itself is under the vault MAC (the DEK).
 */
import type { FailureCounter, KeysFile } from '../vault/keys-file';

/**
 * How far ahead of this clock a last failure may be dated and still count. Generous, because a
 * workstation's clock is sometimes corrected backwards; bounded, so that a counter written by
 * hand can lock an account for at most this long plus the policy's minutes, never until 2099.
 */
const COUNTER_SKEW_MS = 24 * 60 * 60_000;

/**
 * The end of the lock this counter puts on its account, or null when it locks nothing: fewer
 * failures than the policy's limit, or a last failure dated further ahead than COUNTER_SKEW_MS
 * (written by hand, or the clock was set far back).
 */
export function lockEndOf(counter: FailureCounter | undefined, policy: KeysFile['lockout'], now: Date): Date | null {
  if (!counter?.lastFailureAt || counter.failures < policy.maxFailures) return null;
  const last = Date.parse(counter.lastFailureAt);
  if (!Number.isFinite(last) || last > now.getTime() + COUNTER_SKEW_MS) return null;
  return new Date(last + policy.lockMinutes * 60_000);
}

/** The lock's end while it lasts; null once it has run out (or never began). */
export function lockedUntil(counter: FailureCounter | undefined, policy: KeysFile['lockout'], now: Date): Date | null {
  const end = lockEndOf(counter, policy, now);
  return end && end.getTime() > now.getTime() ? end : null;
}
