import type { Locale } from '../../shared/errors';
import { inputMessage } from '../../shared/messages';
import {
  CHANNELS,
  ipcContract,
  isChannel,
  type Channel,
  type IpcResult,
  type OutputOf,
  type ParsedInputOf,
} from '../../shared/ipc-contract';
import { LedgerVaultError, toPublicError } from '../errors';

export type Handler<C extends Channel> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

/**
 * Channel -> handler, filled feature by feature. Registering a channel twice throws, and
 * `dispatch` refuses to run until every channel of the contract has its handler.
 */
export class IpcRegistry {
  private readonly handlers = new Map<Channel, Handler<Channel>>();

  /** `onActivity` hears every valid call before it runs (the idle lock listens). */
  constructor(private readonly onActivity?: (channel: Channel) => void) {}

  register<C extends Channel>(channel: C, handler: Handler<C>): void {
    if (!isChannel(channel)) throw new Error(`${String(channel)} is not in the IPC contract`);
    if (this.handlers.has(channel)) throw new Error(`IPC channel ${channel} is registered twice`);
    this.handlers.set(channel, handler as unknown as Handler<Channel>);
  }

  assertComplete(): void {
    const missing = CHANNELS.filter((c) => !this.handlers.has(c));
    if (missing.length > 0) throw new Error(`IPC channels without a handler: ${missing.join(', ')}`);
  }

  /**
   * Validates and runs one call from an (untrusted) renderer. Errors become `{code, message}` in
   * the user's language; nothing else about them crosses the boundary.
   */
  async dispatch(channel: unknown, payload: unknown, locale: () => Locale): Promise<IpcResult<unknown>> {
    try {
      if (!isChannel(channel)) {
        const shown = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
        throw new LedgerVaultError('E_INPUT', `Unknown channel ${shown}`, {
          messageKey: 'ipc.unknownChannel',
          params: { channel: shown },
        });
      }
      const parsed = ipcContract[channel].input.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(payload)'}: ${i.code}`)
          .join('; ');
        throw new LedgerVaultError('E_INPUT', inputMessage('ipc.invalidPayload', 'en', { issues }), {
          messageKey: 'ipc.invalidPayload',
          params: { issues },
        });
      }
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      this.onActivity?.(channel);
      return { ok: true, value: await handler(parsed.data as never) };
    } catch (err) {
      return { ok: false, error: toPublicError(err, locale()) };
    }
  }
}
