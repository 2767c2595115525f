import { ERROR_TEXT, type ErrorCode, type Locale, type PublicError } from '../shared/errors';

/**
 * The one error type the core throws on purpose. `detail` is English for logs and the CLI; it
 * must never contain a secret, a password or a full account number.
 */
export class LedgerVaultError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : `${code}: ${ERROR_TEXT[code].en}`, options);
    this.name = 'LedgerVaultError';
    this.code = code;
    this.detail = detail ?? ERROR_TEXT[code].en;
  }
}

export const authError = (detail?: string) => new LedgerVaultError('E_AUTH', detail);
export const inputError = (detail: string) => new LedgerVaultError('E_INPUT', detail);
export const integrityError = (detail: string, cause?: unknown) =>
  new LedgerVaultError('E_INTEGRITY', detail, { cause });
export const keychainError = (detail: string, cause?: unknown) =>
  new LedgerVaultError('E_KEYCHAIN', `${detail} ${KEYCHAIN_HINT}`, { cause });
export const busyError = (detail: string) => new LedgerVaultError('E_BUSY', detail);

export const KEYCHAIN_HINT =
  'The system keychain is locked, unavailable or lost; unlock it and retry, or open the vault with its recovery key (ledgervault recover).';

/**
 * What crosses a boundary: a stable code and a message in the caller's language. Unexpected
 * errors become E_INTERNAL so that no stack, path or SQL text reaches the renderer.
 */
export function toPublicError(err: unknown, locale: Locale = 'zh-CN'): PublicError {
  if (err instanceof LedgerVaultError) {
    const base = ERROR_TEXT[err.code][locale];
    const extra = err.code === 'E_INPUT' || err.code === 'E_INTEGRITY' ? err.detail : '';
    return { code: err.code, message: extra && extra !== base ? `${base} ${extra}` : base };
  }
  return { code: 'E_INTERNAL', message: ERROR_TEXT.E_INTERNAL[locale] };
}
