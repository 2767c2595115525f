import {
  CHANNELS,
  isChannel,
  type Channel,
  type IpcResult,
  type OutputOf,
  type ParsedInputOf,
} from '../../shared/contract';
import { toPublicError } from '../errors';
import { parseCall } from './parse-call';

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
   * Validates and runs one call from an (untrusted) renderer. Errors become
   * `{code, messageKey, params}` (the renderer words them in its own language); nothing else
   * about them crosses the boundary.
   */
  async dispatch(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    try {
      // The same check the Electron shell runs before it forwards a call to the core host.
      const { channel: known, input } = parseCall(channel, payload);
      const handler = this.handlers.get(known);
      if (!handler) throw new Error(`no handler for ${known}`);
      this.onActivity?.(known);
      return { ok: true, value: await handler(input as never) };
    } catch (err) {
      return { ok: false, error: toPublicError(err) };
    }
  }
}
