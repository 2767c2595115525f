/**
 * Hands the recovery key from the setup screen to the recovery-kit screen, and nothing more: it
 * is held here only while the kit is on screen and dropped as soon as the user leaves it (the
 * router clears it on every navigation away). Never persisted; no other code reads it.
 */
import { useSyncExternalStore } from 'react';

export interface RecoveryKit {
  vaultId: string;
  recoveryKey: string;
  createdAt: Date;
}

let current: RecoveryKit | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const recoveryKitStore = {
  put(kit: RecoveryKit): void {
    current = kit;
    emit();
  },
  clear(): void {
    if (current === null) return;
    current = null;
    emit();
  },
  get(): RecoveryKit | null {
    return current;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useRecoveryKit(): RecoveryKit | null {
  return useSyncExternalStore(recoveryKitStore.subscribe, recoveryKitStore.get);
}
