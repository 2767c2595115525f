// Runs in a sandboxed renderer before the page loads (built to out/preload/index.cjs: sandboxed
// preloads must be CommonJS and may only require 'electron'). Everything the page can reach goes
// through the one frozen object below; raw ipcRenderer is never exposed.
import { contextBridge } from 'electron';
import type { LedgerVaultApi } from './api';

/** Replaced at build time with package.json's version (electron.vite.config.ts, preload `define`). */
declare const __LEDGERVAULT_VERSION__: string;

const api: LedgerVaultApi = Object.freeze({
  version: __LEDGERVAULT_VERSION__,
});

contextBridge.exposeInMainWorld('ledgervault', api);
