import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';

/** The files of one vault folder. The keys file is the commit point: a vault exists iff it does. */
export interface VaultPaths {
  dir: string;
  db: string;
  keys: string;
  keysLock: string;
  /** Held for a whole sign-in attempt (auth/unlock-vault.ts): lockout check, password, counter. */
  signInLock: string;
  pending: string;
}

export function vaultPaths(dir: string): VaultPaths {
  const abs = path.resolve(dir);
  return {
    dir: abs,
    db: path.join(abs, 'vault.db'),
    keys: path.join(abs, 'vault.keys'),
    keysLock: path.join(abs, 'vault.keys.lock'),
    signInLock: path.join(abs, 'vault.signin.lock'),
    pending: path.join(abs, 'vault.pending'),
  };
}

/**
 * Puts the keys and pending files back to 0600 (owner only), for vaults made before every file
 * was created that way or copied in with looser modes. vault.db and its side files are fixed by
 * openVaultDatabase; new files are created 0600 from the start.
 */
export function restrictFileModes(paths: VaultPaths): void {
  for (const f of [paths.keys, paths.pending]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
