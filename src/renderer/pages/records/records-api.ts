/**
 * The records channels of `window.ledgervault`, typed, each returning its value or throwing an
 * `AppError` like src/renderer/api.ts does, so that `describeError` explains failures.
 */
import type { Locale } from '../../../shared/errors';
import type {
  ClientSummary,
  InputOf,
  IpcResult,
  LedgerVaultApi,
  RecordChange,
  RecordPage,
  RecordView,
  SavedFile,
} from '../../../shared/ipc-contract';
import { formatAmount } from '../../../shared/money';
import { call as callCore } from '../../api';

export type RecordQuery = InputOf<'records:list'>;
export type NewRecordInput = InputOf<'records:add'>;
export type ExportFormat = InputOf<'records:export'>['format'];
export type RecordPatch = InputOf<'records:update'>['patch'];

/** `locale`: the UI's language, which the core answers in (App keeps them in step). */
/** Through api.ts's one caller: the same error handling, and the idle countdown hears of it. */
function call<T>(_locale: Locale, invoke: (lv: LedgerVaultApi) => Promise<IpcResult<T>>): Promise<T> {
  return callCore(invoke);
}

export function recordsApi(locale: Locale) {
  return {
    clients: (): Promise<ClientSummary[]> => call(locale, (lv) => lv.clients.list({})),
    list: (query: RecordQuery): Promise<RecordPage> => call(locale, (lv) => lv.records.list(query)),
    add: (input: NewRecordInput): Promise<RecordView> => call(locale, (lv) => lv.records.add(input)),
    update: (id: number, version: number, patch: RecordPatch): Promise<{ version: number }> =>
      call(locale, (lv) => lv.records.update({ id, version, patch })),
    remove: (id: number, version: number, reason: string): Promise<{ deleted: true }> =>
      call(locale, (lv) => lv.records.delete({ id, version, reason })),
    reveal: (id: number, reason: string): Promise<{ id: number; counterpartyAccount: string | null }> =>
      call(locale, (lv) => lv.records.reveal({ id, reason })),
    history: (id: number): Promise<RecordChange[]> => call(locale, (lv) => lv.records.history({ id })),
    export: (query: RecordQuery, format: ExportFormat, revealReason?: string): Promise<SavedFile> =>
      call(locale, (lv) => lv.records.export(revealReason ? { query, format, revealReason } : { query, format })),
    copySecret: (text: string): Promise<{ clearsAt: number }> =>
      call(locale, (lv) => lv.clipboard.copySecret({ text })),
  };
}

/** "¥1,234.56" for yuan, "USD 1,234.56" otherwise; exact, from minor units. */
export function money(minor: number, currency = 'CNY'): string {
  return currency === 'CNY' ? `¥${formatAmount(minor, currency)}` : `${currency} ${formatAmount(minor, currency)}`;
}

/** "2024-03-01 14:05" from the core's "2024-03-01T14:05:00+08:00" (already Beijing time). */
export function shanghaiTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** "2024-03-01 14:05" in Beijing time from epoch milliseconds (as the history stores times). */
export function shanghaiTimeOfMs(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today in Beijing time, as the entry form's default date. */
export function todayShanghai(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export const DIRECTION_COLOR = { in: 'green', out: 'red', neutral: 'default' } as const;
export const CHANNELS = ['alipay', 'wechat', 'bank', 'card', 'cash', 'other'] as const;
