/** The app and the vault: status, creation, sign-in and lock. */
import { z } from 'zod';
import type { Operation } from '../access/operations';
import type { Role } from '../access/roles';
import { displayName, empty, out, password, username } from '../schema-kit';

export type VaultState = 'no-vault' | 'locked' | 'unlocked';

export interface SessionInfo {
  username: string;
  displayName: string;
  role: Role;
}

/** What a fresh session must do first: change a temporary password, or enrol in MFA. */
export type SessionRestriction = 'password-change' | 'mfa-enrol' | null;

export interface VaultStatus {
  state: VaultState;
  user: SessionInfo | null;
  restriction: SessionRestriction;
  /** When the idle lock will close the vault (epoch ms), while unlocked. */
  idleLockAt: number | null;
  /** Operations the signed-in user may perform (for showing, not for enforcing). */
  can: Operation[];
}

export interface AppInfo {
  version: string;
  vaultDir: string;
}

export interface CreatedVaultInfo {
  vaultId: string;
  /** Shown once, on the recovery kit screen; never stored by the app. */
  recoveryKey: string;
  status: VaultStatus;
}

export const vaultContract = {
  'app:info': { input: empty, output: out<AppInfo>() },
  'vault:status': { input: empty, output: out<VaultStatus>() },
  'vault:create': {
    input: z.strictObject({
      adminUsername: username,
      adminDisplayName: displayName.optional(),
      password,
    }),
    output: out<CreatedVaultInfo>(),
  },
  'vault:unlock': {
    input: z.strictObject({ username, password, totp: z.string().trim().max(16).optional() }),
    output: out<VaultStatus>(),
  },
  'vault:lock': { input: empty, output: out<VaultStatus>() },
} as const;
