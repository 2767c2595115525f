import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARGON2_FLOOR,
  createVault,
  OsKeyStore,
  unlockVault,
  type KeyStore,
  type VaultSession,
} from '../../src/core/index';

export const ADMIN = 'admin';
export const ADMIN_PASSWORD = 'Correct-Horse-2024';

/** Every test vault's keychain entries go under this service, so a run never touches real ones. */
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

/** A real encrypted vault in a temp folder, keyed through the real OS keychain. */
export async function createTestVault(opts: { keyStore?: KeyStore } = {}): Promise<TestVault> {
  const root = tempDir();
  const dir = path.join(root, 'vault');
  const keyStore = opts.keyStore ?? new OsKeyStore(TEST_SERVICE);
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
export class LockedKeyStore implements KeyStore {
  setCalls = 0;
  async get(): Promise<Buffer | null> {
    return null;
  }
  async set(): Promise<void> {
    this.setCalls += 1;
  }
  async delete(): Promise<boolean> {
    return false;
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
