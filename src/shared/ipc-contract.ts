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

/** What a fresh session must do first: change a temporary password, or enrol in MFA. */
export type SessionRestriction = 'password-change' | 'mfa-enrol' | null;

export type Role = 'admin' | 'manager' | 'accountant' | 'auditor';
export const ROLE_NAMES: readonly Role[] = ['admin', 'manager', 'accountant', 'auditor'];

export interface VaultStatus {
  state: VaultState;
  locale: Locale;
  user: SessionInfo | null;
  restriction: SessionRestriction;
  /** When the idle lock will close the vault (epoch ms), while unlocked. */
  idleLockAt: number | null;
  /** Operations the signed-in user may perform (for showing, not for enforcing). */
  can: string[];
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
  lockedUntil: string | null;
  extraPermissions: string[];
  createdAt: string;
}

export interface ClientSummary {
  id: number;
  name: string;
  uscc: string | null;
  status: 'active' | 'archived';
}

export interface GrantRow {
  username: string;
  clientId: number;
  clientName: string;
  canWrite: boolean;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
  recoveryCodes: string[];
}

export interface SecuritySignal {
  seq: number;
  at: string;
  username: string;
  kind: 'off_hours' | 'failure_burst' | 'new_workstation';
  details: Record<string, unknown>;
}

export interface AuditEventView {
  seq: number;
  at: string;
  tz: string;
  actor: string;
  workstation: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  clientId: number | null;
  outcome: string;
  details: Record<string, unknown>;
}

export interface AuditVerifyView {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  expected: { seq: number; hash: string };
  firstBadSeq: number | null;
  kind: 'edited' | 'deleted' | 'reordered' | 'truncated' | 'rolled_back' | null;
  exportKeyFingerprint: string;
}

export interface AuditSpanView {
  count: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** Where an export went; null when the user cancelled the save dialog. */
export type SavedFile = { path: string; bytes: number } | null;

export interface RecordView {
  id: number;
  clientId: number;
  clientName: string;
  accountId: number | null;
  occurredAt: string;
  direction: 'in' | 'out' | 'neutral';
  amountMinor: number;
  currency: string;
  channel: string | null;
  counterparty: string | null;
  /** Masked unless revealed with a reason. */
  counterpartyAccount: string | null;
  reference: string | null;
  merchantOrderRef: string | null;
  memo: string | null;
  category: string | null;
  status: 'succeeded' | 'refunded' | 'closed' | 'pending';
  source: string;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface AccountView {
  id: number;
  clientId: number;
  kind: 'bank' | 'alipay' | 'wechat' | 'card' | 'other';
  institution: string | null;
  /** Always masked. */
  accountNumber: string | null;
  holder: string | null;
  currency: string;
}

export interface RecordPage {
  rows: RecordView[];
  total: number;
  totals: { inMinor: number; outMinor: number };
}

export interface RecordChange {
  id: number;
  recordId: number;
  version: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedBy: string;
  changedAt: string;
}

export interface SettingsView {
  passwordHistory: number;
  passwordMaxAgeDays: number | null;
  lockoutThreshold: number;
  lockoutMinutes: number;
  idleMinutes: number;
  mfaRequiredRoles: Role[];
  officeHours: { start: string; end: string; weekdays: number[] };
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

const text = (max: number) => z.string().trim().max(max);
const recordQuery = z.strictObject({
  clientId: z.number().int().positive().optional(),
  from: text(40).optional(),
  to: text(40).optional(),
  direction: z.enum(['in', 'out', 'neutral']).optional(),
  minAmount: text(32).optional(),
  maxAmount: text(32).optional(),
  accountId: z.number().int().positive().optional(),
  channel: text(32).optional(),
  status: z.enum(['succeeded', 'refunded', 'closed', 'pending']).optional(),
  text: text(100).optional(),
  sort: z.enum(['occurredAt', 'amount']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().positive().max(1000).optional(),
  offset: z.number().int().nonnegative().optional(),
});
const newRecord = z.strictObject({
  clientId: z.number().int().positive(),
  accountId: z.number().int().positive().optional(),
  occurredAt: text(40),
  direction: z.enum(['in', 'out', 'neutral']),
  amount: text(32),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  channel: text(32).optional(),
  counterparty: text(200),
  counterpartyAccount: text(64).optional(),
  reference: text(128).optional(),
  merchantOrderRef: text(128).optional(),
  memo: text(500).optional(),
  category: text(64).optional(),
  status: z.enum(['succeeded', 'refunded', 'closed', 'pending']).optional(),
  allowDuplicate: z.boolean().optional(),
});
const reason = z.string().trim().min(1).max(200);

const auditFilter = z.strictObject({
  clientId: z.number().int().positive().optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().positive().max(100_000).optional(),
  /** 'desc' for the newest events first (the viewer); 'asc' (the default) for exports. */
  order: z.enum(['asc', 'desc']).optional(),
});

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
  'vault:unlock': {
    input: z.strictObject({ username, password, totp: z.string().trim().max(16).optional() }),
    output: out<VaultStatus>(),
  },
  'vault:lock': { input: empty, output: out<VaultStatus>() },
  'account:changePassword': {
    input: z.strictObject({ currentPassword: password, newPassword: password }),
    output: out<VaultStatus>(),
  },
  'account:mfaBegin': { input: empty, output: out<MfaEnrolment>() },
  'account:mfaConfirm': { input: z.strictObject({ code: z.string().trim().max(16) }), output: out<VaultStatus>() },
  'users:list': { input: empty, output: out<UserSummary[]>() },
  'users:create': {
    input: z.strictObject({
      username,
      displayName: z.string().trim().max(DISPLAY_NAME_MAX).optional(),
      role: z.enum(['admin', 'manager', 'accountant', 'auditor']),
      password,
    }),
    output: out<UserSummary>(),
  },
  'users:disable': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:resetPassword': {
    input: z.strictObject({ username, temporaryPassword: password }),
    output: out<UserSummary[]>(),
  },
  'users:unlock': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:resetMfa': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:setPermission': {
    input: z.strictObject({ username, permission: z.enum(['records.reveal']), granted: z.boolean() }),
    output: out<UserSummary[]>(),
  },
  'clients:list': { input: empty, output: out<ClientSummary[]>() },
  'clients:create': {
    input: z.strictObject({ name: z.string().trim().min(1).max(200), uscc: z.string().trim().max(18).optional() }),
    output: out<ClientSummary>(),
  },
  'grants:list': { input: empty, output: out<GrantRow[]>() },
  'grants:set': {
    input: z.strictObject({ username, clientId: z.number().int().positive(), canWrite: z.boolean() }),
    output: out<GrantRow[]>(),
  },
  'grants:revoke': {
    input: z.strictObject({ username, clientId: z.number().int().positive() }),
    output: out<GrantRow[]>(),
  },
  'settings:get': { input: empty, output: out<SettingsView>() },
  'settings:update': {
    input: z.strictObject({
      passwordHistory: z.number().int().optional(),
      passwordMaxAgeDays: z.number().int().nullable().optional(),
      lockoutThreshold: z.number().int().optional(),
      lockoutMinutes: z.number().int().optional(),
      idleMinutes: z.number().int().optional(),
      mfaRequiredRoles: z.array(z.enum(['admin', 'manager', 'accountant', 'auditor'])).optional(),
      officeHours: z
        .strictObject({ start: z.string().max(5), end: z.string().max(5), weekdays: z.array(z.number().int()).max(7) })
        .optional(),
    }),
    output: out<SettingsView>(),
  },
  'security:signals': { input: empty, output: out<SecuritySignal[]>() },
  'accounts:list': { input: z.strictObject({ clientId: z.number().int().positive() }), output: out<AccountView[]>() },
  'accounts:add': {
    input: z.strictObject({
      clientId: z.number().int().positive(),
      kind: z.enum(['bank', 'alipay', 'wechat', 'card', 'other']),
      institution: text(100).optional(),
      accountNumber: text(64).optional(),
      holder: text(100).optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
    }),
    output: out<AccountView>(),
  },
  'records:list': { input: recordQuery, output: out<RecordPage>() },
  'records:add': { input: newRecord, output: out<RecordView>() },
  'records:update': {
    input: z.strictObject({
      id: z.number().int().positive(),
      version: z.number().int().positive(),
      patch: newRecord.omit({ clientId: true, accountId: true, currency: true, allowDuplicate: true }).partial(),
    }),
    output: out<{ version: number }>(),
  },
  'records:delete': {
    input: z.strictObject({ id: z.number().int().positive(), version: z.number().int().positive(), reason }),
    output: out<{ deleted: true }>(),
  },
  'records:reveal': {
    input: z.strictObject({ id: z.number().int().positive(), reason }),
    output: out<{ id: number; counterpartyAccount: string | null }>(),
  },
  'records:history': { input: z.strictObject({ id: z.number().int().positive() }), output: out<RecordChange[]>() },
  'records:export': {
    input: z.strictObject({ query: recordQuery, format: z.enum(['csv', 'xlsx']), revealReason: reason.optional() }),
    output: out<SavedFile>(),
  },
  /** Puts a revealed number on the clipboard and clears it after 30 s if it is still there. */
  'clipboard:copySecret': {
    input: z.strictObject({ text: z.string().min(1).max(200) }),
    output: out<{ clearsAt: number }>(),
  },
  'audit:list': { input: auditFilter, output: out<AuditEventView[]>() },
  'audit:span': { input: empty, output: out<AuditSpanView>() },
  'audit:verify': { input: empty, output: out<AuditVerifyView>() },
  'audit:export': {
    input: z.strictObject({ format: z.enum(['csv', 'jsonl']), filter: auditFilter.optional() }),
    output: out<SavedFile>(),
  },
} as const;

/** Channels that do not count as the user's activity for the idle lock (the UI polls them). */
export const PASSIVE_CHANNELS: readonly Channel[] = ['vault:status', 'app:info'];

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
