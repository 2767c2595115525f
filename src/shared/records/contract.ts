/** Clients' payment records: entry, lists, reveal, history, exports, and the secret clipboard. */
import { z } from 'zod';
import { currency } from '../clients/contract';
import { LOCALES } from '../errors';
import { id, out, text } from '../schema-kit';
import { DIRECTIONS, REASON_MAX, REASON_MIN, RECORD_STATUSES } from './rules';

export { DIRECTIONS, RECORD_STATUSES };

/** Where an export went; null when the user cancelled the save dialog. */
export type SavedFile = { path: string; bytes: number } | null;

export interface RecordView {
  id: number;
  clientId: number;
  clientName: string;
  accountId: number | null;
  occurredAt: string;
  direction: (typeof DIRECTIONS)[number];
  amountMinor: number;
  currency: string;
  channel: string | null;
  counterparty: string | null;
  /** Masked unless revealed with a reason. */
  counterpartyAccount: string | null;
  reference: string | null;
  merchantOrderRef: string | null;
  memo: string | null;
  category: string | null;
  status: (typeof RECORD_STATUSES)[number];
  source: string;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface RecordPage {
  rows: RecordView[];
  total: number;
  totals: { inMinor: number; outMinor: number };
}

export interface RecordChange {
  id: number;
  recordId: number;
  version: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedBy: string;
  changedAt: string;
}

export const recordQuery = z.strictObject({
  clientId: id.optional(),
  from: text(40).optional(),
  to: text(40).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  minAmount: text(32).optional(),
  maxAmount: text(32).optional(),
  accountId: id.optional(),
  channel: text(32).optional(),
  status: z.enum(RECORD_STATUSES).optional(),
  text: text(100).optional(),
  sort: z.enum(['occurredAt', 'amount']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().positive().max(1000).optional(),
  offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type RecordQuery = z.infer<typeof recordQuery>;

export const newRecord = z.strictObject({
  clientId: id,
  accountId: id.optional(),
  occurredAt: text(40),
  direction: z.enum(DIRECTIONS),
  amount: text(32),
  currency: currency.optional(),
  channel: text(32).optional(),
  counterparty: text(200),
  counterpartyAccount: text(64).optional(),
  reference: text(128).optional(),
  merchantOrderRef: text(128).optional(),
  memo: text(500).optional(),
  category: text(64).optional(),
  status: z.enum(RECORD_STATUSES).optional(),
  allowDuplicate: z.boolean().optional(),
});
export type NewRecord = z.infer<typeof newRecord>;

export const recordPatch = newRecord
  .omit({ clientId: true, accountId: true, currency: true, allowDuplicate: true })
  .partial();
export type RecordPatch = z.infer<typeof recordPatch>;

/** A reason that goes to the audit log (reveal, export with full numbers, delete): src/shared/records/rules.ts. */
export const reason = z.string().trim().min(REASON_MIN).max(REASON_MAX);

/** The version a change was made against (optimistic concurrency): a safe integer like an id. */
export const recordVersion = id;

/** The inputs of the channels that name one record; the core functions parse them too. */
export const recordRef = z.strictObject({ id });
export const recordUpdate = z.strictObject({ id, version: recordVersion, patch: recordPatch });
export const recordDelete = z.strictObject({ id, version: recordVersion, reason });
export const recordReveal = z.strictObject({ id, reason });

export const recordsContract = {
  'records:list': { input: recordQuery, output: out<RecordPage>() },
  'records:add': { input: newRecord, output: out<RecordView>() },
  'records:update': { input: recordUpdate, output: out<{ version: number }>() },
  'records:delete': { input: recordDelete, output: out<{ deleted: true }>() },
  'records:reveal': {
    input: recordReveal,
    output: out<{ id: number; counterpartyAccount: string | null }>(),
  },
  'records:history': { input: recordRef, output: out<RecordChange[]>() },
  'records:export': {
    input: z.strictObject({
      query: recordQuery,
      format: z.enum(['csv', 'xlsx']),
      revealReason: reason.optional(),
      /** The language of the column headings and direction names (zh-CN unless given). */
      locale: z.enum(LOCALES).optional(),
    }),
    output: out<SavedFile>(),
  },
  /** Puts a revealed number on the clipboard and clears it after 30 s if it is still there. */
  'clipboard:copySecret': {
    input: z.strictObject({ text: z.string().min(1).max(200) }),
    output: out<{ clearsAt: number }>(),
  },
} as const;
