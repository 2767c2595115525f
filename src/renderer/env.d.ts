import type { LedgerVaultApi } from '../preload/api';

declare global {
  interface Window {
    /** Exposed by src/preload/index.ts through contextBridge. Absent when the page runs outside Electron. */
    readonly ledgervault?: LedgerVaultApi;
  }
}

export {};
