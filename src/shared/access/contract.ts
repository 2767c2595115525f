/** Per-client grants for accountants and auditors. */
import { z } from 'zod';
import { empty, id, out, username } from '../schema-kit';

export interface GrantRow {
  username: string;
  clientId: number;
  /** Null when the viewer does not hold the client's key: shown by number. */
  clientName: string | null;
  canWrite: boolean;
}

/** Someone a grant can be given to, as the grant screens list them: nothing more. */
export interface StaffOption {
  username: string;
  displayName: string;
  role: 'accountant' | 'auditor';
}

/** The inputs of these channels; the core functions parse them too (src/core/parse-input.ts). */
export const grantSet = z.strictObject({ username, clientId: id, canWrite: z.boolean() });
export type GrantSet = z.infer<typeof grantSet>;
export const grantRevoke = z.strictObject({ username, clientId: id });
export type GrantRevoke = z.infer<typeof grantRevoke>;

export const accessContract = {
  'grants:list': { input: empty, output: out<GrantRow[]>() },
  /** Active staff the signed-in user may grant clients to (managers: accountants only). */
  'grants:staff': { input: empty, output: out<StaffOption[]>() },
  'grants:set': { input: grantSet, output: out<GrantRow[]>() },
  'grants:revoke': { input: grantRevoke, output: out<GrantRow[]>() },
} as const;
