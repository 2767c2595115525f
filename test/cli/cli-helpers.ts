import { base32Decode, timeStep, totpAt } from '../../src/core/crypto/totp';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { OsKeyStore, type KeyStore } from '../../src/core/index';

export const BIN = path.resolve(__dirname, '../../bin/ledgervault');

/**
 * The built CLI is production code, so it keeps device secrets under the production keychain
 * service (OsKeyStore ignores the environment). What keeps these tests away from a developer's
 * own keychain is the throwaway keyring of scripts/with-keyring.sh, so refuse to run outside it.
 */
function assertThrowawayKeyring(): void {
  if (process.env.LEDGERVAULT_IN_DBUS !== '1') {
    throw new Error('CLI tests use the production keychain service: run them inside scripts/with-keyring.sh');
  }
}

/** The keychain the CLI under test uses: to look at or remove the entries it made. */
export function cliKeyStore(): KeyStore {
  assertThrowawayKeyring();
  return new OsKeyStore();
}

/** Removes the device secret a CLI test vault left in the keychain (finding none is fine). */
export async function forgetCliVault(vaultId: string): Promise<void> {
  const store = cliKeyStore();
  await store.delete(vaultId).catch(() => false);
}

/** Runs the built CLI as a user would, inside the throwaway keyring. */
export function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  assertThrowawayKeyring();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LEDGERVAULT_LANG: 'en', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `init` a vault through the CLI with admin `boss`, who then enrols two-step verification as the
 * README says; the vault's id and the admin's ten recovery codes (one per signed-in command).
 */
export function initWithMfaAdmin(
  dir: string,
  password: string,
): { vaultId: string; codes: string[]; recoveryKey: string; rootFingerprint: string } {
  const init = cli(['init', '--vault', dir, '--admin', 'boss', '--json'], { LEDGERVAULT_NEW_PASSWORD: password });
  const { vaultId, recoveryKey, rootFingerprint } = JSON.parse(init.stdout) as {
    vaultId: string;
    recoveryKey: string;
    rootFingerprint: string;
  };
  const e = JSON.parse(
    cli(['mfa', 'enroll', '--vault', dir, '--user', 'boss', '--json'], { LEDGERVAULT_PASSWORD: password }).stdout,
  ) as { secret: string; recoveryCodes: string[] };
  const code = totpAt(base32Decode(e.secret), timeStep(new Date()));
  const confirm = cli(['mfa', 'confirm', '--vault', dir, '--user', 'boss', '--code', code], {
    LEDGERVAULT_PASSWORD: password,
  });
  if (confirm.code !== 0) throw new Error(`mfa confirm failed: ${confirm.stderr}`);
  return { vaultId, codes: [...e.recoveryCodes], recoveryKey, rootFingerprint };
}
