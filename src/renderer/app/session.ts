/**
 * The last vault status the UI read from the core: who is signed in, what they may do, what the
 * session must do first, and when the idle lock fires. The app layout keeps it fresh (polls,
 * window focus, after every call); screens read it with `useSignedIn()`. It only mirrors the
 * core, which enforces everything itself.
 */
import { useSyncExternalStore } from 'react';
import type { Operation, SessionInfo, VaultStatus } from '../../shared/contract';

let current: VaultStatus | null = null;
/** The last status with someone signed in: screens keep it while they give way to the unlock screen. */
let lastSignedIn: SignedInStatus | null = null;
const listeners = new Set<() => void>();

export type SignedInStatus = VaultStatus & { user: SessionInfo };

export const sessionStore = {
  get(): VaultStatus | null {
    return current;
  },
  set(status: VaultStatus): void {
    current = status;
    if (status.user) lastSignedIn = status as SignedInStatus;
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useVaultStatus(): VaultStatus | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

/**
 * The signed-in status, for screens inside the app layout (which its route shows only when
 * unlocked). Once the vault locks, the last signed-in status until the unlock screen takes over.
 */
export function useSignedIn(): SignedInStatus {
  const status = useVaultStatus();
  if (status?.user) return status as SignedInStatus;
  if (!lastSignedIn) throw new Error('useSignedIn() outside a signed-in screen');
  return lastSignedIn;
}

/** Why the unlock screen shows: the user locked (manual), the idle lock fired, or something else did. */
export type LockReason = 'idle' | 'system';

/**
 * Why a vault the UI last saw unlocked is now locked, when the UI did not lock it: if the idle
 * lock was due, it was the idle lock; otherwise the workstation (OS lock, suspend, session end).
 */
export function lockReason(previous: VaultStatus | null, now = Date.now()): LockReason | undefined {
  if (previous?.state !== 'unlocked') return undefined;
  // A little slack: the poll that notices may run just before the deadline it was armed for.
  if (previous.idleLockAt !== null && now >= previous.idleLockAt - 2_000) return 'idle';
  return 'system';
}

/** Whether the signed-in user may do any of these operations (for showing, never enforcing). */
export function canAny(status: Pick<VaultStatus, 'can'>, ...operations: Operation[]): boolean {
  return operations.some((op) => status.can.includes(op));
}

/**
 * Whether to show the grant controls. Managers grant clients to accountants through a permission
 * of their own (grants.manage.accountants) that `can` does not name: `grant.set` is listed only
 * for those who may grant to anyone. The core refuses anything else either way.
 */
export function canManageGrants(status: SignedInStatus): boolean {
  return status.restriction === null && (status.can.includes('grant.set') || status.user.role === 'manager');
}
