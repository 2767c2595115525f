import path from 'node:path';

/** The files of one vault folder. The keys file is the commit point: a vault exists iff it does. */
export interface VaultPaths {
  dir: string;
  db: string;
  keys: string;
  keysLock: string;
  pending: string;
}

export function vaultPaths(dir: string): VaultPaths {
  const abs = path.resolve(dir);
  return {
    dir: abs,
    db: path.join(abs, 'vault.db'),
    keys: path.join(abs, 'vault.keys'),
    keysLock: path.join(abs, 'vault.keys.lock'),
    pending: path.join(abs, 'vault.pending'),
  };
}
