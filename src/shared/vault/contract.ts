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
  /** The first admin's certificate fingerprint (hex groups), printed on the recovery kit. */
  rootFingerprint: string;
  status: VaultStatus;
}

/**
 * What the in-place upgrade of a version-1 vault (at the first admin sign-in) hands over, once:
 * a new recovery kit (the old one cannot open the recovery identity) and a temporary password
 * for every other active staff member, who sign in with it and choose their own.
 */
export interface UpgradeReport {
  recoveryKey: string;
  rootFingerprint: string;
  temporaryPasswords: { username: string; displayName: string; password: string }[];
}

/** The sign-in's answer: the status, and the upgrade's report when this sign-in upgraded the vault. */
export interface UnlockResult extends VaultStatus {
  upgrade?: UpgradeReport;
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
    input: z.strictObject({
      username,
      password,
      totp: z.string().trim().max(16).optional(),
      /** An admin accepts a vault folder older than this workstation has seen (a deliberate restore). */
      acceptRollback: z.literal(true).optional(),
    }),
    output: out<UnlockResult>(),
  },
  'vault:lock': { input: empty, output: out<VaultStatus>() },
} as const;
