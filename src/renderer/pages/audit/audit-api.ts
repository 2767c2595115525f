/**
 * The audit channels of `window.ledgervault`, typed, each returning its value or throwing an
 * `AppError` like src/renderer/api.ts does, so that `describeError` explains failures.
 */
import { ERROR_TEXT, isErrorCode, type ErrorCode, type Locale } from '../../../shared/errors';
import type {
  AuditEventView,
  AuditSpanView,
  AuditVerifyView,
  InputOf,
  IpcResult,
  LedgerVaultApi,
  SavedFile,
} from '../../../shared/ipc-contract';
import { AppError } from '../../api';

export type AuditFilter = NonNullable<InputOf<'audit:export'>['filter']>;
export type ExportFormat = InputOf<'audit:export'>['format'];

/** `locale`: the UI's language, which the core answers in (App keeps them in step). */
async function call<T>(locale: Locale, invoke: (lv: LedgerVaultApi) => Promise<IpcResult<T>>): Promise<T> {
  const lv = (window as { ledgervault?: LedgerVaultApi }).ledgervault;
  if (!lv) throw new AppError('E_INTERNAL', ERROR_TEXT.E_INTERNAL[locale], locale);
  let result: IpcResult<T> | undefined;
  try {
    result = await invoke(lv);
  } catch {
    throw new AppError('E_INTERNAL', ERROR_TEXT.E_INTERNAL[locale], locale);
  }
  if (result && result.ok === true) return result.value;
  const error: unknown = result && result.ok === false ? result.error : undefined;
  const rawCode = (error as { code?: unknown } | undefined)?.code;
  const rawMessage = (error as { message?: unknown } | undefined)?.message;
  const code: ErrorCode = isErrorCode(rawCode) ? rawCode : 'E_INTERNAL';
  const message = typeof rawMessage === 'string' && rawMessage.trim() !== '' ? rawMessage : ERROR_TEXT[code][locale];
  throw new AppError(code, message, locale);
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
