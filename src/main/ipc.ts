import type { IpcMain } from 'electron';
import type { IpcRegistry } from '../core/index';
import { LedgerVaultError, toPublicError } from '../core/index';
import type { Locale } from '../shared/errors';
import { CHANNELS, type Channel, type IpcResult } from '../shared/ipc-contract';
import type { SenderCheck } from './sender-check';

const registered = new WeakSet<object>();

/** What an untrusted sender gets back: E_FORBIDDEN in the user's language, and nothing runs. */
export function forbiddenResult(locale: Locale): IpcResult<never> {
  return {
    ok: false,
    error: toPublicError(
      new LedgerVaultError('E_FORBIDDEN', 'IPC from an untrusted sender', { messageKey: 'ipc.untrustedSender' }),
      locale,
    ),
  };
}

/**
 * One `ipcMain.handle` per channel of the contract, and none for anything else. Each call is
 * checked against `isTrustedSender` first (a refusal is reported to `onRefused` and answered with
 * E_FORBIDDEN), then validated and run by the registry, which turns every error into
 * `{code, message}`. Registering twice on the same ipcMain throws (Electron's own
 * ipcMain.handle also refuses a second handler for a channel).
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  registry: Pick<IpcRegistry, 'dispatch'>,
  isTrustedSender: SenderCheck,
  locale: () => Locale,
  onRefused: (channel: Channel) => void = () => undefined,
): void {
  if (registered.has(ipcMain)) throw new Error('IPC handlers are already registered');
  registered.add(ipcMain);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event)) {
        onRefused(channel);
        return forbiddenResult(locale());
      }
      return registry.dispatch(channel, payload, locale);
    });
  }
}
