import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARGON2_FLOOR, createVault, unlockVault, type KeyStore, type VaultSession } from '../../src/core/index';
import { MemoryKeyStore } from './memory-keystore';

export const ADMIN = 'admin';
export const ADMIN_PASSWORD = 'Correct-Horse-2024';

/**
 * The keychain service for tests that use the real OS keychain (`new OsKeyStore(TEST_SERVICE)`),
 * so such a run never touches a real vault's entry.
 */
export const TEST_SERVICE = 'LedgerVaultTest';

export interface TestVault {
  dir: string;
  vaultId: string;
  recoveryKey: string;
  keyStore: KeyStore;
  unlock(username?: string, password?: string): Promise<VaultSession>;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'lv-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real encrypted vault in a temp folder. Its device secret is kept in memory unless a test
 * passes a keychain: only tests of the keychain itself, or that share the vault with another
 * process (the CLI, a crash child), need the OS one and D-Bus.
 */
export async function createTestVault(opts: { keyStore?: KeyStore } = {}): Promise<TestVault> {
  const root = tempDir();
  const dir = path.join(root, 'vault');
  const keyStore = opts.keyStore ?? new MemoryKeyStore();
  const created = await createVault({
    dir,
    adminUsername: ADMIN,
    adminPassword: ADMIN_PASSWORD,
    keyStore,
    kdf: ARGON2_FLOOR,
  });
  return {
    dir,
    vaultId: created.vaultId,
    recoveryKey: created.recoveryKey,
    keyStore,
    unlock: (username = ADMIN, password = ADMIN_PASSWORD) => unlockVault({ dir, username, password, keyStore }),
    cleanup: async () => {
      await keyStore.delete(created.vaultId).catch(() => false);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every regular file below `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) out.push(...filesUnder(p));
    else if (st?.isFile()) out.push(p);
  }
  return out;
}

/** A KeyStore that answers like a locked keyring: null for everything, writes refused. */
export class LockedKeyStore extends MemoryKeyStore {
  constructor() {
    super({ locked: true });
  }
}

export async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if ((err as { code?: string }).code !== code) {
      throw new Error(`expected ${code}, got ${(err as { code?: string }).code ?? 'no code'}: ${String(err)}`);
    }
    return err as Error;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
