/**
 * A file dropped onto the import wizard (issue 14, Build 2): not a channel of the contract, because
 * the renderer does not send it to the core. The preload (src/preload/index.ts) takes the dropped
 * File's path from Electron and sends it on DROP_CHANNEL to the main process, which checks it
 * (src/main/drop.ts) and has the core open it as 'import:pick' opens the dialog's choice; the page
 * gets the same pick (a handle, the file's name and size), never the path. The test harness's
 * bridge keeps the same contract with the File's bytes (test/harness).
 */
import type { IpcResult } from '../contract';
import type { ImportPickView } from './contract';

/** The main process's own channel for a drop; registered beside the contract's, never forwarded. */
export const DROP_CHANNEL = 'shell:importDropped';

/** What `window.ledgervault.drop` holds besides the contract's namespaces. */
export interface DropBridge {
  /** The dropped File (a DOM File; typed loosely so the core's code need not know the DOM). */
  importFile(file: unknown): Promise<IpcResult<ImportPickView | null>>;
}
