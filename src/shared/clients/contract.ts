/** Clients and their payment accounts. */
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../masking';
import { id, out, text } from '../schema-kit';

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
  /** 期初余额 in minor units at the start of `openingBalanceDate`, when entered. */
  openingBalanceMinor: number | null;
  /** YYYY-MM-DD (Beijing). */
  openingBalanceDate: string | null;
}

export const currency = z.string().regex(/^[A-Z]{3}$/);

/** The inputs of these channels; the core functions parse them too (src/core/parse-input.ts). */
export const newClient = z.strictObject({
  name: z.string().trim().min(1).max(200),
  uscc: z.string().trim().max(18).optional(),
});
export type NewClient = z.infer<typeof newClient>;
export const clientRef = z.strictObject({ clientId: id });
/** Archived clients are left out of lists (and so of pickers) unless asked for. */
export const clientListQuery = z.strictObject({ includeArchived: z.boolean().optional() });
export type ClientListQuery = z.infer<typeof clientListQuery>;
export const clientUpdate = newClient.extend({ clientId: id });
export type ClientUpdate = z.infer<typeof clientUpdate>;
export const clientArchive = z.strictObject({ clientId: id, archived: z.boolean() });
export type ClientArchive = z.infer<typeof clientArchive>;
export const newAccount = z.strictObject({
  clientId: id,
  kind: z.enum(ACCOUNT_KINDS),
  institution: text(100).optional(),
  accountNumber: text(64).optional(),
  holder: text(100).optional(),
  currency: currency.optional(),
  /** 期初余额 as typed ("1234.56", "-20" for an overdraft), with the day it holds at the start of. */
  openingBalance: text(32).optional(),
  openingBalanceDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type NewAccount = z.infer<typeof newAccount>;
/** Sets or clears (both null) an account's opening balance. */
export const accountOpening = z.strictObject({
  id,
  openingBalance: text(32).nullable(),
  openingBalanceDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
export type AccountOpening = z.infer<typeof accountOpening>;

export const clientsContract = {
  'clients:list': { input: clientListQuery, output: out<ClientSummary[]>() },
  'clients:update': { input: clientUpdate, output: out<ClientSummary>() },
  'clients:archive': { input: clientArchive, output: out<ClientSummary>() },
  'clients:create': { input: newClient, output: out<ClientSummary>() },
  'accounts:list': { input: clientRef, output: out<AccountView[]>() },
  'accounts:add': { input: newAccount, output: out<AccountView>() },
  'accounts:update': { input: accountOpening, output: out<AccountView>() },
} as const;
