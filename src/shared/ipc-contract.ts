/**
 * The one IPC contract: every channel the renderer may call, its zod input schema and its
 * output type. The main process (and the test harness) validate every payload against it; the
 * preload builds `window.ledgervault` from it; the renderer's types derive from it.
 */
import { z } from 'zod';
import type { PublicError, Locale } from './errors';
import { DISPLAY_NAME_MAX } from './account-rules';

const empty = z.strictObject({});
/** Bounded so that a hostile renderer cannot make the core hash a megabyte-long "password". */
const password = z.string().min(1).max(1024);
const username = z.string().trim().min(1).max(64);

export type VaultState = 'no-vault' | 'locked' | 'unlocked';

export interface SessionInfo {
  username: string;
  displayName: string;
  role: 'admin' | 'manager' | 'accountant' | 'auditor';
}

export interface VaultStatus {
  state: VaultState;
  locale: Locale;
  user: SessionInfo | null;
}

export interface AppInfo {
  version: string;
  vaultDir: string;
}

export interface CreatedVaultInfo {
  vaultId: string;
  /** Shown once, on the recovery kit screen; never stored by the app. */
  recoveryKey: string;
  status: VaultStatus;
}

/** Marks an output type without a runtime value. */
const out = <T>() => null as unknown as T;

export const ipcContract = {
  'app:info': { input: empty, output: out<AppInfo>() },
  'app:setLocale': { input: z.strictObject({ locale: z.enum(['zh-CN', 'en']) }), output: out<VaultStatus>() },
  'vault:status': { input: empty, output: out<VaultStatus>() },
  'vault:create': {
    input: z.strictObject({
      adminUsername: username,
      adminDisplayName: z.string().trim().max(DISPLAY_NAME_MAX).optional(),
      password,
    }),
    output: out<CreatedVaultInfo>(),
  },
  'vault:unlock': { input: z.strictObject({ username, password }), output: out<VaultStatus>() },
  'vault:lock': { input: empty, output: out<VaultStatus>() },
} as const;

export type Channel = keyof typeof ipcContract;
export type InputOf<C extends Channel> = z.input<(typeof ipcContract)[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<(typeof ipcContract)[C]['input']>;
export type OutputOf<C extends Channel> = (typeof ipcContract)[C]['output'];

export const CHANNELS = Object.keys(ipcContract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, value);
}

/** What every call returns: errors are values, so that only `{code, message}` ever crosses. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: PublicError };

type Namespace<C extends string> = C extends `${infer NS}:${string}` ? NS : never;
type MethodsOf<NS extends string> = {
  [C in Channel as C extends `${NS}:${infer M}` ? M : never]: (input: InputOf<C>) => Promise<IpcResult<OutputOf<C>>>;
};

/** `window.ledgervault`: one method per channel, `vault:unlock` as `vault.unlock(input)`. */
export type LedgerVaultApi = { readonly [NS in Namespace<Channel>]: Readonly<MethodsOf<NS>> };

/**
 * Builds the API object from the channel list over any transport (Electron IPC in the preload,
 * HTTP in the test harness). There is no generic invoke: only the contract's methods exist.
 */
export function buildApi(invoke: (channel: Channel, input: unknown) => Promise<unknown>): LedgerVaultApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [ns, method] = channel.split(':') as [string, string];
    api[ns] ??= {};
    api[ns][method] = (input?: unknown) => invoke(channel, input ?? {});
  }
  for (const ns of Object.keys(api)) Object.freeze(api[ns]);
  return Object.freeze(api) as unknown as LedgerVaultApi;
}
