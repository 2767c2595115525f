/**
 * The page key (the DEK) and page cipher of vault.db, given the recovery key: what an office needs
 * to open a copy of the database with standard tools when LedgerVault cannot run (docs/security.md,
 * "Opening a vault without LedgerVault"). It opens nothing under client keys: those need the
 * recovery identity, which only LedgerVault's own recovery uses.
 */
import { integrityError } from '../errors';
import { hasValidVaultMac, readKeysFile } from './keys-file';
import { wipeSlotContents } from './keyslots';
import { openRecoverySlot } from './recovery-slot';
import type { PageCipher } from './database';
import { vaultPaths } from './paths';
import { pageCipherOf } from './vault-format';

export interface PageKey {
  vaultId: string;
  pageCipher: PageCipher;
  /** 64 hex digits: whoever holds them reads everything the DEK protects. */
  dekHex: string;
}

export function readPageKey(input: { dir: string; recoveryKey: string }): PageKey {
  const keys = readKeysFile(vaultPaths(input.dir));
  const contents = openRecoverySlot(keys, input.recoveryKey);
  try {
    if (!hasValidVaultMac(keys, contents.dek))
      throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
    return { vaultId: keys.vaultId, pageCipher: pageCipherOf(keys), dekHex: contents.dek.toString('hex') };
  } finally {
    wipeSlotContents(contents);
  }
}
