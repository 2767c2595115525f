/**
 * The audit channels of `window.ledgervault`, typed, each returning its value or throwing an
 * `AppError` like src/renderer/api.ts does, so that `describeError` explains failures.
 */
import type { Locale } from '../../../shared/errors';
import type {
  AuditEventView,
  AuditSpanView,
  AuditVerifyView,
  InputOf,
  IpcResult,
  LedgerVaultApi,
  SavedFile,
} from '../../../shared/ipc-contract';
import { call as callCore } from '../../api';

export type AuditFilter = NonNullable<InputOf<'audit:export'>['filter']>;
export type ExportFormat = InputOf<'audit:export'>['format'];

/** `locale`: the UI's language, which the core answers in (App keeps them in step). */
/** Through api.ts's one caller: the same error handling, and the idle countdown hears of it. */
function call<T>(_locale: Locale, invoke: (lv: LedgerVaultApi) => Promise<IpcResult<T>>): Promise<T> {
  return callCore(invoke);
}

export function auditApi(locale: Locale) {
  return {
    list: (filter: AuditFilter): Promise<AuditEventView[]> => call(locale, (lv) => lv.audit.list(filter)),
    span: (): Promise<AuditSpanView> => call(locale, (lv) => lv.audit.span({})),
    verify: (): Promise<AuditVerifyView> => call(locale, (lv) => lv.audit.verify({})),
    export: (format: ExportFormat, filter?: AuditFilter): Promise<SavedFile> =>
      call(locale, (lv) => lv.audit.export(filter ? { format, filter } : { format })),
  };
}
