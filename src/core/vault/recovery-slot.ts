/**
 * Opening a vault's recovery slot with the recovery key as typed: the one way recovery (version 2),
 * recovery of a version-1 vault (upgrade/upgrade-v2-recover.ts) and `page-key` do it. The parsed
 * secret is wiped whatever happens; a key that does not open the slot is E_AUTH, a keys file
 * without a recovery slot E_INTEGRITY. The caller wipes the contents (wipeSlotContents).
 */
import { parseRecoveryKey } from '../crypto/recovery-key';
import { wipe } from '../crypto/primitives';
import { authError, integrityError } from '../errors';
import { recoverySlot, type KeysFile } from './keys-file';
import { unwrapRecoverySlot, type SlotContents } from './keyslots';

export function openRecoverySlot(keys: KeysFile, recoveryKey: string): SlotContents {
  const secret = parseRecoveryKey(recoveryKey);
  let contents: SlotContents | null;
  try {
    const slot = recoverySlot(keys);
    if (!slot) throw integrityError('The keys file has no recovery slot.');
    contents = unwrapRecoverySlot(slot, secret, keys.vaultId);
  } finally {
    wipe(secret);
  }
  if (!contents) throw authError('The recovery key does not open this vault.');
  return contents;
}
