/**
 * The one IPC contract: every channel the renderer may call, its zod input schema and its
 * output type, joined from the feature contracts (src/shared/<feature>/contract.ts). The main
 * process, the core host and the test harness validate every payload against it; the preload
 * builds `window.ledgervault` from it; the renderer's types derive from it.
 */
import type { z } from 'zod';
import type { PublicError } from './errors';
import { accessContract } from './access/contract';
import { auditContract } from './audit/contract';
import { backupContract } from './backup/contract';
import { authContract } from './auth/contract';
import { clientsContract } from './clients/contract';
import { homeContract } from './home/contract';
import { importContract } from './import/contract';
import { incidentsContract } from './incidents/contract';
import { internalAuditContract } from './internal-audit/contract';
import { recordsContract } from './records/contract';
import { restoreContract } from './restore/contract';
import { periodContract } from './records/period-contract';
import { postureContract } from './posture/contract';
import { reviewContract } from './review/contract';
import { reportContract } from './report/contract';
import { peopleContract } from './people/contract';
import { agreementsContract } from './agreements/contract';
import { retentionContract } from './retention/contract';
import { partnersContract } from './partners/contract';
import { risksContract } from './risks/contract';
import { settingsContract } from './settings/contract';
import { usersContract } from './users/contract';
import { updateContract } from './update/contract';
import { vaultContract } from './vault/contract';

export type * from './access/contract';
export type * from './audit/contract';
export type * from './backup/contract';
export type * from './auth/contract';
export type * from './clients/contract';
export type * from './home/contract';
export type * from './import/contract';
export type * from './incidents/contract';
export type * from './internal-audit/contract';
export type * from './records/contract';
export type * from './records/period-contract';
export type * from './posture/contract';
export type * from './review/contract';
export type * from './report/contract';
export type * from './people/contract';
export type * from './agreements/contract';
export type * from './documents/contract';
export type * from './retention/contract';
export type * from './partners/contract';
export type * from './risks/contract';
export type * from './restore/contract';
export type * from './settings/contract';
export type * from './update/contract';
export type * from './users/contract';
export type * from './vault/contract';
export { ROLE_NAMES, type Role } from './access/roles';
export { OPERATION_NAMES, type Operation } from './access/operations';

export const ipcContract = {
  ...vaultContract,
  ...usersContract,
  ...authContract,
  ...clientsContract,
  ...accessContract,
  ...settingsContract,
  ...recordsContract,
  ...periodContract,
  ...auditContract,
  ...backupContract,
  ...restoreContract,
  ...homeContract,
  ...importContract,
  ...updateContract,
  ...postureContract,
  ...reviewContract,
  ...reportContract,
  ...peopleContract,
  ...agreementsContract,
  ...incidentsContract,
  ...retentionContract,
  ...internalAuditContract,
  ...partnersContract,
  ...risksContract,
} as const;

export const PASSIVE_CHANNELS: readonly Channel[] = ['vault:status', 'app:info', 'backup:progress'];

export type Channel = keyof typeof ipcContract;
export type InputOf<C extends Channel> = z.input<(typeof ipcContract)[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<(typeof ipcContract)[C]['input']>;
export type OutputOf<C extends Channel> = (typeof ipcContract)[C]['output'];

export const CHANNELS = Object.keys(ipcContract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, value);
}

/** What every call returns: errors are values, so that only `{code, messageKey, params}` ever crosses. */
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
