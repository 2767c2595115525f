import type { IpcMain } from 'electron';
import { LedgerVaultError, toPublicError } from '../core/errors';
import { parseCall } from '../core/ipc/parse-call';
import { CHANNELS, type Channel, type IpcResult } from '../shared/contract';
import type { SenderCheck } from './sender-check';

const registered = new WeakSet<object>();

/** Sends a checked call on to the core host and brings back its answer (never rejects). */
export type Forward = (channel: Channel, payload: unknown) => Promise<IpcResult<unknown>>;

/** What an untrusted sender gets back: E_FORBIDDEN, and nothing runs. */
export function forbiddenResult(): IpcResult<never> {
  return {
    ok: false,
    error: toPublicError(
      new LedgerVaultError('E_FORBIDDEN', 'IPC from an untrusted sender', { messageKey: 'ipc.untrustedSender' }),
    ),
  };
}

/**
 * One `ipcMain.handle` per channel of the contract, and none for anything else. Each call is
 * checked against `isTrustedSender` first (a refusal is reported to `onRefused` and answered with
 * E_FORBIDDEN), then against the contract's schema (E_INPUT, and the core host never sees it),
 * and only then forwarded to the core host as the renderer sent it; the host checks it again.
 * Registering twice on the same ipcMain throws (Electron's own ipcMain.handle also refuses a
 * second handler for a channel).
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  forward: Forward,
  isTrustedSender: SenderCheck,
  onRefused: (channel: Channel) => void = () => undefined,
): void {
  if (registered.has(ipcMain)) throw new Error('IPC handlers are already registered');
  registered.add(ipcMain);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event)) {
        onRefused(channel);
        return forbiddenResult();
      }
      try {
        parseCall(channel, payload);
      } catch (err) {
        return { ok: false, error: toPublicError(err) };
      }
      return forward(channel, payload);
    });
  }
}
