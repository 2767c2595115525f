// Runs in a sandboxed renderer before the page loads (built to out/preload/index.cjs: sandboxed
// preloads must be CommonJS and may only require 'electron', so the contract and zod are bundled
// in). The page gets exactly one frozen object, `window.ledgervault`, with one method per channel of
// src/shared/contract.ts: no raw ipcRenderer, no generic invoke/send/on, no Node objects; and
// `drop.importFile`, for a file dropped onto the import wizard (src/shared/import/drop.ts).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildApi, type LedgerVaultApi } from '../shared/contract';
import { DROP_CHANNEL, type DropBridge } from '../shared/import/drop';

const api: LedgerVaultApi = buildApi((channel, input) => ipcRenderer.invoke(channel, input));

// The path is Electron's, for a File the user dropped ("" for one the page made): the page never
// sees it, and the main process checks it again before the core opens it (src/main/drop.ts).
const drop: DropBridge = Object.freeze({
  importFile: (file: unknown) => {
    let path = '';
    try {
      path = webUtils.getPathForFile(file as File);
    } catch {
      path = ''; // not a File at all: refused by the main process like a made-up one
    }
    return ipcRenderer.invoke(DROP_CHANNEL, { path }) as ReturnType<DropBridge['importFile']>;
  },
});

contextBridge.exposeInMainWorld('ledgervault', Object.freeze({ ...api, drop }));
