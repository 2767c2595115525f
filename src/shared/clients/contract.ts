/** Clients and their payment accounts. */
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../masking';
import { empty, id, out, text } from '../schema-kit';

export { ACCOUNT_KINDS };

export interface ClientSummary {
  id: number;
  name: string;
  uscc: string | null;
  status: 'active' | 'archived';
}

export interface AccountView {
  id: number;
  clientId: number;
  kind: AccountKind;
  institution: string | null;
  /** Always masked. */
  accountNumber: string | null;
  holder: string | null;
  currency: string;
}

export const currency = z.string().regex(/^[A-Z]{3}$/);

/** The inputs of these channels; the core functions parse them too (src/core/parse-input.ts). */
export const newClient = z.strictObject({
  name: z.string().trim().min(1).max(200),
  uscc: z.string().trim().max(18).optional(),
});
export type NewClient = z.infer<typeof newClient>;
export const clientRef = z.strictObject({ clientId: id });
export const newAccount = z.strictObject({
  clientId: id,
  kind: z.enum(ACCOUNT_KINDS),
  institution: text(100).optional(),
  accountNumber: text(64).optional(),
  holder: text(100).optional(),
  currency: currency.optional(),
});
export type NewAccount = z.infer<typeof newAccount>;

export const clientsContract = {
  'clients:list': { input: empty, output: out<ClientSummary[]>() },
  'clients:create': { input: newClient, output: out<ClientSummary>() },
  'accounts:list': { input: clientRef, output: out<AccountView[]>() },
  'accounts:add': { input: newAccount, output: out<AccountView>() },
} as const;
