/**
 * A payment export dropped onto the import wizard (issue 14, Build 2). The renderer never names a
 * path: the preload asks Electron for the dropped File's path (webUtils.getPathForFile, which
 * answers "" for a File the page made itself) and sends it on this process's own drop channel,
 * nowhere else. Here it must be a regular file (not a folder, a device or a socket); it is kept
 * for a moment as the one pending drop, and the core is asked to open it as it would the open
 * dialog's choice ('import:pick' with `dropped`): the core asks back for a 'dropped-payment-export'
 * and gets this path, once, after it was checked again to be the same regular file. The core
 * then opens and limits it itself, exactly as a file from the dialog.
 */
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { LedgerVaultError, toPublicError } from '../core/errors';
import type { IpcResult } from '../shared/contract';
import { DROP_CHANNEL } from '../shared/import/drop';
import { forbiddenResult, type Forward } from './ipc';

/** A drop is handed to the core at once; one older than this was never asked for and is dropped. */
const PENDING_MS = 30_000;

const dropInput = z.strictObject({ path: z.string().min(1).max(4096) });

interface Pending {
  path: string;
  stat: Stats;
  at: number;
}

let pending: Pending | null = null;

const notAFile = () =>
  new LedgerVaultError('E_INPUT', 'Only a file can be dropped here, not a folder or anything else.', {
    messageKey: 'import.dropNotFile',
  });

/** The regular file at `file`, or E_INPUT; follows a link as the open dialog would. */
function regularFile(file: string): Stats {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    throw notAFile();
  }
  if (!stat.isFile()) throw notAFile();
  return stat;
}

/**
 * The dropped file the core asks for ('dropped-payment-export'), once: null when there is none,
 * it is stale, or it is no longer the regular file that was dropped (replaced, moved, a folder now).
 */
export function takeDroppedFile(): string | null {
  const drop = pending;
  pending = null;
  if (!drop || Date.now() - drop.at > PENDING_MS) return null;
  try {
    const now = regularFile(drop.path);
    return now.ino === drop.stat.ino && now.dev === drop.stat.dev ? drop.path : null;
  } catch {
    return null;
  }
}

/** The drop channel: from the app's own window only, a checked path, then the core's pick. */
export function registerDropHandler(
  ipcMain: Pick<IpcMain, 'handle'>,
  forward: Forward,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  onRefused: () => void = () => undefined,
): void {
  ipcMain.handle(DROP_CHANNEL, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event)) {
      onRefused();
      return forbiddenResult();
    }
    try {
      const parsed = dropInput.safeParse(payload);
      // "" is what Electron answers for a File that did not come from the disk (one the page made).
      if (!parsed.success || !path.isAbsolute(parsed.data.path)) throw notAFile();
      pending = { path: parsed.data.path, stat: regularFile(parsed.data.path), at: Date.now() };
    } catch (err) {
      return { ok: false, error: toPublicError(err) };
    }
    return forward('import:pick', { dropped: true });
  });
}
