// Runs in a sandboxed renderer before the page loads (built to out/preload/index.cjs: sandboxed
// preloads must be CommonJS and may only require 'electron', so the contract and zod are bundled
// in). The page gets exactly one frozen object, `window.ledgervault`, with one method per channel of
// src/shared/contract.ts: no raw ipcRenderer, no generic invoke/send/on, no Node objects.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type LedgerVaultApi } from '../shared/contract';

const api: LedgerVaultApi = buildApi((channel, input) => ipcRenderer.invoke(channel, input));

contextBridge.exposeInMainWorld('ledgervault', api);
