/** Clients' payment records: entry, lists, reveal, history, exports, and the secret clipboard. */
import { z } from 'zod';
import { currency } from '../clients/contract';
import { LOCALES } from '../errors';
import { id, out, text } from '../schema-kit';
import { DIRECTIONS, REASON_MAX, REASON_MIN, RECORD_STATUSES } from './rules';

export { DIRECTIONS, RECORD_STATUSES };

/** Where an export went; null when the user cancelled the save dialog. */
export type SavedFile = { path: string; bytes: number } | null;

/**
 * A records export: where it went and how many records it holds. `handle` names the saved file
 * for records:showExport (the host never shows a path the window supplies).
 */
export type SavedRecordsFile = { path: string; bytes: number; rows: number; handle: string } | null;

export interface RecordView {
  id: number;
  clientId: number;
  clientName: string;
  accountId: number | null;
  occurredAt: string;
  /** False when only a date was entered: show it with formatRecordTime (src/shared/time.ts), no 00:00. */
  hasTime: boolean;
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

/**
 * The fields an edit may change, the client included (moving a record that was entered under the
 * wrong client: authorized on both clients, see record-changes.ts).
 */
export const recordPatch = newRecord.omit({ accountId: true, currency: true, allowDuplicate: true }).partial();
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

/**
 * The most records one batch (or one "select all within the filter") may name: enough for a
 * client's year of statements, small enough for one transaction and one audit event.
 */
export const BATCH_MAX = 10_000;
/** The records a batch acts on, each with the version the user saw (optimistic concurrency). */
const batchItems = z
  .array(z.strictObject({ id, version: recordVersion }))
  .min(1)
  .max(BATCH_MAX);
export const batchDelete = z.strictObject({ items: batchItems, reason });
export const batchMove = z.strictObject({ items: batchItems, toClientId: id });
export const batchStatus = z.strictObject({ items: batchItems, status: z.enum(RECORD_STATUSES) });
export type BatchItem = z.infer<typeof batchItems>[number];
/** Every record of a filter (not just the loaded page), for "select all"; `capped` past BATCH_MAX. */
export interface RecordIds {
  /** With each record's client, so that a confirmation can name the clients involved. */
  items: (BatchItem & { clientId: number })[];
  total: number;
  capped: boolean;
}

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
  'records:ids': { input: recordQuery.omit({ limit: true, offset: true }), output: out<RecordIds>() },
  'records:batchDelete': { input: batchDelete, output: out<{ count: number }>() },
  'records:batchMove': { input: batchMove, output: out<{ count: number }>() },
  'records:batchStatus': { input: batchStatus, output: out<{ count: number }>() },
  'records:export': {
    input: z.strictObject({
      query: recordQuery,
      format: z.enum(['csv', 'xlsx']),
      revealReason: reason.optional(),
      /** The language of the column headings and direction names (zh-CN unless given). */
      locale: z.enum(LOCALES).optional(),
    }),
    output: out<SavedRecordsFile>(),
  },
  /** 打开所在文件夹: shows a file this session exported, named by the handle records:export gave. */
  'records:showExport': {
    input: z.strictObject({ handle: z.string().regex(/^[0-9a-f]{32}$/) }),
    output: out<{ shown: true }>(),
  },
  /** Puts a revealed number on the clipboard and clears it after 30 s if it is still there. */
  'clipboard:copySecret': {
    input: z.strictObject({ text: z.string().min(1).max(200) }),
    output: out<{ clearsAt: number }>(),
  },
} as const;
