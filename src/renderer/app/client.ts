/**
 * The renderer's one way to the core: `client.records.list(query)` for the channel
 * `records:list`, with one method per channel of the IPC contract, typed from it (input, output),
 * and no hand-written wrapper anywhere. A call returns the channel's value or throws an
 * `AppError` carrying the core's `{code, messageKey, params}`; screens word it with
 * `describeError` in the current language when they show it.
 */
import {
  CHANNELS,
  PASSIVE_CHANNELS,
  type Channel,
  type InputOf,
  type LedgerVaultApi,
  type OutputOf,
} from '../../shared/contract';
import { AppError, toAppError } from './errors';

/** A channel's method: the input may be left out where every field is optional. */
type Method<C extends Channel> =
  Record<never, never> extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<OutputOf<C>>
    : (input: InputOf<C>) => Promise<OutputOf<C>>;

type Namespace<C extends string> = C extends `${infer NS}:${string}` ? NS : never;

export type Client = {
  readonly [NS in Namespace<Channel>]: {
    readonly [C in Channel as C extends `${NS}:${infer M}` ? M : never]: Method<C>;
  };
};

type Bridge = Record<string, Record<string, ((input: unknown) => Promise<unknown>) | undefined> | undefined>;

/**
 * Told after every call the core counts as the user's activity (all but the status polls), once
 * it has answered: the idle lock was re-armed, so the UI re-reads when it will fire.
 */
const activityListeners = new Set<() => void>();

export function onActivity(listener: () => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}

const unavailable = () => new AppError({ code: 'E_INTERNAL', messageKey: null, params: {} });

async function invoke(channel: Channel, input: unknown): Promise<unknown> {
  const [ns, method] = channel.split(':') as [string, string];
  let result: unknown;
  try {
    // Typed as always present, but a page opened outside Electron or the harness has no bridge.
    const api = (window as { ledgervault?: LedgerVaultApi }).ledgervault as unknown as Bridge | undefined;
    const send = api?.[ns]?.[method];
    if (!send) throw unavailable();
    result = await send(input ?? {});
  } catch {
    throw unavailable();
  } finally {
    if (!PASSIVE_CHANNELS.includes(channel)) for (const listener of activityListeners) listener();
  }
  const answer = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  if (answer.ok === true) return answer.value;
  throw toAppError(answer.error);
}

function buildClient(): Client {
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [ns, method] = channel.split(':') as [string, string];
    (client[ns] ??= {})[method] = (input?: unknown) => invoke(channel, input);
  }
  return client as unknown as Client;
}

export const client: Client = buildClient();
