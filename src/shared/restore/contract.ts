/**
 * Restore (issue 13, Build 6): the first-run and sign-in screens' way back in without a working
 * keychain entry. A backup file picked in the shell's open dialog restores into this workstation's
 * vault folder (over an existing vault only when confirmed); a vault folder picked in the folder
 * dialog, or the vault already here, opens with the recovery key. The renderer holds handles,
 * never paths.
 */
import { z } from 'zod';
import { empty, out, password, username } from '../schema-kit';
import type { VaultStatus } from '../vault/contract';

const handle = z.string().regex(/^[0-9a-f]{32}$/);
const recoveryKey = z.string().trim().min(1).max(200);

/** A backup file the user picked, as read (and checked) without a secret. */
export interface RestorePickView {
  handle: string;
  fileName: string;
  vaultId: string;
  createdAt: string;
  createdBy: string;
  appVersion: string;
  /** The office passphrase restores it too (it carries the passphrase's escrow of the recovery key). */
  passphraseRestores: boolean;
  /** A vault is on this workstation now: restoring replaces it (kept aside). */
  replacesVault: boolean;
}

/** A vault folder the user picked, to open with the recovery key. */
export interface FolderPickView {
  handle: string;
  vaultId: string;
}

export interface RestoredView {
  vaultId: string;
  backupCreatedAt: string | null;
  backupCreatedBy: string | null;
  /** Staff whose passwords an admin must reset (their keyslots belonged to another workstation). */
  usersNeedingReset: string[];
  previousVaultMovedTo: string | null;
  status: VaultStatus;
}

export const restoreContract = {
  'restore:pickBackup': { input: empty, output: out<RestorePickView | null>() },
  'restore:fromBackup': {
    input: z.strictObject({
      handle,
      /** One of the two (the core refuses neither or both). */
      recoveryKey: recoveryKey.optional(),
      passphrase: z.string().min(1).max(1024).optional(),
      adminUsername: username,
      newPassword: password,
      replaceExisting: z.literal(true).optional(),
    }),
    output: out<RestoredView>(),
  },
  'restore:pickFolder': { input: empty, output: out<FolderPickView | null>() },
  'restore:withRecoveryKey': {
    input: z.strictObject({ handle: handle.optional(), recoveryKey, adminUsername: username, newPassword: password }),
    output: out<RestoredView>(),
  },
} as const;
