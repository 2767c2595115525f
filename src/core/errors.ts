import { ERROR_TEXT, type ErrorCode, type Locale, type PublicError } from '../shared/errors';
import {
  INPUT_MESSAGES,
  inputMessage,
  localizeError,
  type InputMessageKey,
  type MessageParams,
} from '../shared/messages';

/**
 * The one error type the core throws on purpose. `detail` is English for logs and the CLI; it
 * must never contain a secret, a password or a full account number. `messageKey` names a
 * message a user can read in their own language (src/shared/messages.ts).
 */
export class LedgerVaultError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly messageKey: InputMessageKey | undefined;
  readonly params: MessageParams;

  constructor(
    code: ErrorCode,
    detail?: string,
    options?: { cause?: unknown; messageKey?: InputMessageKey; params?: MessageParams },
  ) {
    super(detail ? `${code}: ${detail}` : `${code}: ${ERROR_TEXT[code].en}`, { cause: options?.cause });
    this.name = 'LedgerVaultError';
    this.code = code;
    this.detail = detail ?? ERROR_TEXT[code].en;
    this.messageKey = options?.messageKey;
    this.params = options?.params ?? {};
  }

  /** What a person reads (the CLI): the same words the renderer shows for this error. */
  localized(locale: Locale): string {
    return localizeError(toPublicError(this), locale).message;
  }
}

export const authError = (detail?: string) => new LedgerVaultError('E_AUTH', detail);

/** E_INPUT with a reason in both languages. */
export function inputError(key: InputMessageKey, params: MessageParams = {}): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', inputMessage(key, 'en', params), { messageKey: key, params });
}

/** E_INPUT for a problem a shared rule found (src/shared/<feature>/rules.ts); nothing if none. */
export function refuseProblem(problem: { key: InputMessageKey; params?: MessageParams } | null): void {
  if (problem) throw inputError(problem.key, problem.params);
}

export const integrityError = (
  detail: string,
  cause?: unknown,
  message?: { messageKey: InputMessageKey; params?: MessageParams },
) => new LedgerVaultError('E_INTEGRITY', detail, { cause, ...message });
export const keychainError = (detail: string, cause?: unknown) =>
  new LedgerVaultError('E_KEYCHAIN', `${detail} ${KEYCHAIN_HINT}`, { cause });
export const busyError = (detail: string) => new LedgerVaultError('E_BUSY', detail);

export const KEYCHAIN_HINT =
  'The system keychain is locked, unavailable or lost; unlock it and retry, or open the vault with its recovery key (ledgervault recover).';

/**
 * What crosses a boundary: a stable code, and the key and parameters of a specific message when
 * there is one; each front end puts them into its user's language (src/shared/messages.ts), so
 * the core never needs to know the UI's. `detail` stays here. Unexpected errors become
 * E_INTERNAL so that no stack, path or SQL text reaches the renderer.
 */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof LedgerVaultError) {
    return err.messageKey
      ? { code: err.code, messageKey: err.messageKey, params: { ...err.params } }
      : { code: err.code, messageKey: null, params: {} };
  }
  // A disk failure that reached here unmapped (its layer should have named the folder, see
  // fs/disk-errors.ts) still says what happened, never "internal error".
  const disk = diskFailure(err);
  if (disk) return { code: disk.kind === 'full' ? 'E_DISK_FULL' : 'E_IO', messageKey: null, params: {} };
  return { code: 'E_INTERNAL', messageKey: null, params: {} };
}

/** Error codes of a full disk: node:fs (ENOSPC, EDQUOT: over quota) and SQLite (SQLITE_FULL). */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
/** A drive that fails, vanished or turned read-only under us (node:fs), and SQLite's SQLITE_IOERR_*. */
const IO_CODES = new Set(['EIO', 'EROFS', 'ENXIO', 'ENODEV', 'ESTALE']);

/**
 * Whether `err` is a full disk or an I/O error, from node:fs (NodeJS.ErrnoException) or
 * better-sqlite3 (SqliteError), with the system's code as the reason; null for anything else,
 * and for a LedgerVaultError (already worded).
 */
export function diskFailure(err: unknown): { kind: 'full' | 'io'; reason: string } | null {
  if (err instanceof LedgerVaultError || typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (FULL_CODES.has(code)) return { kind: 'full', reason: code };
  if (IO_CODES.has(code) || code.startsWith('SQLITE_IOERR')) return { kind: 'io', reason: code };
  return null;
}

export { INPUT_MESSAGES };
