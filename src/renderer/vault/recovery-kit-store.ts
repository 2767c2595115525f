/**
 * Hands what a screen shows once from the call that produced it to that screen, and nothing
 * more: the recovery key after creating the vault (setup -> recovery kit), and the upgrade report
 * after the sign-in that upgraded a version-1 vault (unlock -> upgrade report: a new recovery
 * key and the other staff's temporary passwords). Each is held only while its screen shows and
 * dropped as soon as the user leaves it (the router clears it on every navigation away). Never
 * persisted; no other code reads them.
 */
import { useSyncExternalStore } from 'react';
import type { UpgradeReport } from '../../shared/contract';

export interface RecoveryKit {
  vaultId: string;
  recoveryKey: string;
  /** The first admin's certificate fingerprint (hex groups, as the core formats it). */
  rootFingerprint: string;
  createdAt: Date;
}

export interface ShownUpgrade {
  report: UpgradeReport;
  upgradedAt: Date;
}

export interface ShownOnceStore<T> {
  put(value: T): void;
  clear(): void;
  get(): T | null;
  subscribe(listener: () => void): () => void;
}

function shownOnceStore<T>(): ShownOnceStore<T> {
  let current: T | null = null;
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    put(value) {
      current = value;
      emit();
    },
    clear() {
      if (current === null) return;
      current = null;
      emit();
    },
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const recoveryKitStore = shownOnceStore<RecoveryKit>();
export const upgradeReportStore = shownOnceStore<ShownUpgrade>();

export function useRecoveryKit(): RecoveryKit | null {
  return useSyncExternalStore(recoveryKitStore.subscribe, recoveryKitStore.get);
}

export function useUpgradeReport(): ShownUpgrade | null {
  return useSyncExternalStore(upgradeReportStore.subscribe, upgradeReportStore.get);
}
