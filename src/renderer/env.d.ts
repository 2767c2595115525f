import type { LedgerVaultApi } from '../shared/contract';

declare global {
  interface Window {
    /**
     * The app's only way to the rest of LedgerVault: one method per channel of the IPC contract.
     * Exposed by the preload in Electron and by the bridge script in the browser harness. app/client.ts
     * still checks that it exists before use, so a page opened anywhere else fails clearly.
     */
    readonly ledgervault: LedgerVaultApi;
  }
}

export {};
