/**
 * A tiny typed client over `window.ledgervault`: each call returns its value or throws an
 * `AppError` built from the `{ok: false, error}` envelope. It also keeps the core's locale in
 * step with the UI's, so that the messages the core localizes arrive in the user's language.
 */
import { ERROR_TEXT, isErrorCode, type ErrorCode, type Locale } from '../shared/errors';
import type {
  AppInfo,
  ClientSummary,
  CreatedVaultInfo,
  GrantRow,
  InputOf,
  IpcResult,
  LedgerVaultApi,
  MfaEnrolment,
  SecuritySignal,
  SettingsView,
  UserSummary,
  VaultStatus,
} from '../shared/ipc-contract';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The language `message` is in (the core's locale when it answered). */
  readonly locale: Locale;

  constructor(code: ErrorCode, message: string, locale: Locale) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.locale = locale;
  }
}

/** The locale last sent to the core, and the promise of that call; every call waits for it. */
let coreLocale: Locale = 'zh-CN';
let localeSent: Promise<unknown> = Promise.resolve();

function bridge(): LedgerVaultApi {
  // Typed as always present, but a page opened outside Electron or the harness has no bridge.
  const api = (window as { ledgervault?: LedgerVaultApi }).ledgervault;
  if (!api) throw new AppError('E_INTERNAL', ERROR_TEXT.E_INTERNAL[coreLocale], coreLocale);
  return api;
}

/**
 * Told after every call the core counts as the user's activity (all but the status polls), once
 * it has answered: the idle lock was re-armed, so the UI re-reads when it will fire.
 */
const activityListeners = new Set<() => void>();

export function onActivity(listener: () => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}

export async function call<T>(invoke: (api: LedgerVaultApi) => Promise<IpcResult<T>>, passive = false): Promise<T> {
  try {
    return await answer(invoke);
  } finally {
    if (!passive) for (const listener of activityListeners) listener();
  }
}

async function answer<T>(invoke: (api: LedgerVaultApi) => Promise<IpcResult<T>>): Promise<T> {
  await localeSent;
  const locale = coreLocale;
  let result: IpcResult<T> | undefined;
  try {
    result = await invoke(bridge());
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('E_INTERNAL', ERROR_TEXT.E_INTERNAL[locale], locale);
  }
  if (result && result.ok === true) return result.value;
  const error: unknown = result && result.ok === false ? result.error : undefined;
  const rawCode = (error as { code?: unknown } | undefined)?.code;
  const rawMessage = (error as { message?: unknown } | undefined)?.message;
  const code: ErrorCode = isErrorCode(rawCode) ? rawCode : 'E_INTERNAL';
  const message = typeof rawMessage === 'string' && rawMessage.trim() !== '' ? rawMessage : ERROR_TEXT[code][locale];
  throw new AppError(code, message, locale);
}

export const api = {
  /** Tells the core which language to answer in. Calls made after this one wait for it. */
  setLocale(locale: Locale): Promise<void> {
    const previous = localeSent;
    const sent = previous
      .then(() => {
        coreLocale = locale;
        return bridge().app.setLocale({ locale });
      })
      .catch(() => undefined);
    localeSent = sent;
    return sent.then(() => undefined);
  },
  /** Status polls are passive: they do not keep the vault from locking itself when idle. */
  info: (): Promise<AppInfo> => call((lv) => lv.app.info({}), true),
  status: (): Promise<VaultStatus> => call((lv) => lv.vault.status({}), true),
  create: (input: InputOf<'vault:create'>): Promise<CreatedVaultInfo> => call((lv) => lv.vault.create(input)),
  unlock: (input: InputOf<'vault:unlock'>): Promise<VaultStatus> => call((lv) => lv.vault.unlock(input)),
  lock: (): Promise<VaultStatus> => call((lv) => lv.vault.lock({})),

  account: {
    changePassword: (input: InputOf<'account:changePassword'>): Promise<VaultStatus> =>
      call((lv) => lv.account.changePassword(input)),
    mfaBegin: (): Promise<MfaEnrolment> => call((lv) => lv.account.mfaBegin({})),
    mfaConfirm: (input: InputOf<'account:mfaConfirm'>): Promise<VaultStatus> =>
      call((lv) => lv.account.mfaConfirm(input)),
  },
  users: {
    list: (): Promise<UserSummary[]> => call((lv) => lv.users.list({})),
    create: (input: InputOf<'users:create'>): Promise<UserSummary> => call((lv) => lv.users.create(input)),
    disable: (input: InputOf<'users:disable'>): Promise<UserSummary[]> => call((lv) => lv.users.disable(input)),
    resetPassword: (input: InputOf<'users:resetPassword'>): Promise<UserSummary[]> =>
      call((lv) => lv.users.resetPassword(input)),
    unlock: (input: InputOf<'users:unlock'>): Promise<UserSummary[]> => call((lv) => lv.users.unlock(input)),
    resetMfa: (input: InputOf<'users:resetMfa'>): Promise<UserSummary[]> => call((lv) => lv.users.resetMfa(input)),
    setPermission: (input: InputOf<'users:setPermission'>): Promise<UserSummary[]> =>
      call((lv) => lv.users.setPermission(input)),
  },
  clients: {
    list: (): Promise<ClientSummary[]> => call((lv) => lv.clients.list({})),
    create: (input: InputOf<'clients:create'>): Promise<ClientSummary> => call((lv) => lv.clients.create(input)),
  },
  grants: {
    list: (): Promise<GrantRow[]> => call((lv) => lv.grants.list({})),
    set: (input: InputOf<'grants:set'>): Promise<GrantRow[]> => call((lv) => lv.grants.set(input)),
    revoke: (input: InputOf<'grants:revoke'>): Promise<GrantRow[]> => call((lv) => lv.grants.revoke(input)),
  },
  settings: {
    get: (): Promise<SettingsView> => call((lv) => lv.settings.get({})),
    update: (input: InputOf<'settings:update'>): Promise<SettingsView> => call((lv) => lv.settings.update(input)),
  },
  signals: (): Promise<SecuritySignal[]> => call((lv) => lv.security.signals({})),
};

/**
 * What to show for a failure, in the current UI language: the core's own (possibly more
 * specific) message when it is in that language, else the generic text for the code.
 */
export function describeError(err: unknown, locale: Locale): { code: ErrorCode; message: string } {
  if (err instanceof AppError) {
    return { code: err.code, message: err.locale === locale ? err.message : ERROR_TEXT[err.code][locale] };
  }
  return { code: 'E_INTERNAL', message: ERROR_TEXT.E_INTERNAL[locale] };
}
