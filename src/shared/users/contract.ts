/** Staff accounts and the signed-in user's own password. */
import { z } from 'zod';
import { ROLE_NAMES, type Role } from '../access/roles';
import { displayName, empty, out, password, username } from '../schema-kit';
import type { MfaEnrolment } from '../auth/contract';
import type { VaultStatus } from '../vault/contract';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  /** Active, but no keyslot on this workstation (after a restore or recovery): an admin must reset the password. */
  needsReset: boolean;
  mfaEnrolled: boolean;
  lockedUntil: string | null;
  extraPermissions: string[];
  createdAt: string;
}

/** What an admin may change about an account besides its password; one's own role is refused. */
export const userUpdate = z.strictObject({
  username,
  displayName: displayName.optional(),
  role: z.enum(ROLE_NAMES).optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;
/** Re-enabling needs a temporary password: disabling removed the account's keyslot. */
export const userEnable = z.strictObject({ username, temporaryPassword: password });
export type UserEnable = z.infer<typeof userEnable>;

export const usersContract = {
  'account:changePassword': {
    input: z.strictObject({ currentPassword: password, newPassword: password }),
    output: out<VaultStatus>(),
  },
  'users:list': { input: empty, output: out<UserSummary[]>() },
  'users:create': {
    input: z.strictObject({
      username,
      displayName: displayName.optional(),
      role: z.enum(ROLE_NAMES),
      password,
    }),
    output: out<UserSummary>(),
  },
  'users:disable': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:resetPassword': {
    input: z.strictObject({ username, temporaryPassword: password }),
    output: out<UserSummary[]>(),
  },
  'users:update': { input: userUpdate, output: out<UserSummary[]>() },
  'users:enable': { input: userEnable, output: out<UserSummary[]>() },
  /**
   * The signed-in user's enrolment still waiting for its first code (after a reload), or null.
   * Its recovery codes were shown once when it began and are not kept: `recoveryCodes` is empty.
   */
  'account:mfaPending': { input: empty, output: out<MfaEnrolment | null>() },
  'users:unlock': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:resetMfa': { input: z.strictObject({ username }), output: out<UserSummary[]>() },
  'users:setPermission': {
    input: z.strictObject({ username, permission: z.enum(['records.reveal']), granted: z.boolean() }),
    output: out<UserSummary[]>(),
  },
} as const;
