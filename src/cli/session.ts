import { LedgerVaultError } from '../core/errors';
import { OsKeyStore, unlockVault, type KeyStore, type VaultSession } from '../core/index';
import { secretFrom } from './secrets-input';

export type Values = Record<string, string | boolean | undefined>;

export function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new LedgerVaultError('E_INPUT', `--${name} is required.`);
  return v;
}

export function optional(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Signs in exactly as the app does (password from stdin or LEDGERVAULT_PASSWORD, `--totp` where
 * enrolled), runs one command, and locks again whatever happens.
 */
export async function withSession<T>(
  values: Values,
  run: (session: VaultSession) => Promise<T> | T,
  keyStore: KeyStore = new OsKeyStore(),
): Promise<T> {
  const session = await unlockVault({
    dir: required(values, 'vault'),
    username: required(values, 'user'),
    password: await secretFrom({
      stdin: values['password-stdin'] === true,
      env: 'LEDGERVAULT_PASSWORD',
      what: 'password',
    }),
    totp: optional(values, 'totp'),
    keyStore,
  });
  try {
    return await run(session);
  } finally {
    session.lock();
  }
}

export function newPassword(): string {
  const value = process.env.LEDGERVAULT_NEW_PASSWORD;
  if (!value) throw new LedgerVaultError('E_INPUT', 'Set the new password in LEDGERVAULT_NEW_PASSWORD.');
  return value;
}

export function clientId(values: Values): number {
  const raw = required(values, 'client');
  if (!/^\d+$/.test(raw)) throw new LedgerVaultError('E_INPUT', `--client takes a client id (a number), not "${raw}".`);
  return Number(raw);
}
