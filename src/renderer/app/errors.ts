/**
 * A failed call as the renderer holds it: the core's `{code, messageKey, params}`, put into the
 * user's language only when shown (src/shared/messages.ts, the tables the CLI uses too), so an
 * error on screen follows a language switch. Nothing here touches the DOM (a unit test runs it).
 */
import { isErrorCode, type ErrorCode, type Locale, type PublicError } from '../../shared/errors';
import { isInputMessageKey, localizeError, type InputMessageKey, type MessageParams } from '../../shared/messages';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: InputMessageKey | null;
  readonly params: MessageParams;

  constructor(error: PublicError) {
    // Not a sentence for people: they read describeError's, in their language.
    super(error.messageKey ? `${error.code} ${error.messageKey}` : error.code);
    this.name = 'AppError';
    this.code = error.code;
    this.messageKey = error.messageKey;
    this.params = error.params;
  }
}

/** Only scalar parameters are kept: a message fills them in as text. */
function scalars(value: unknown): MessageParams {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string | number] =>
      ['string', 'number'].includes(typeof entry[1]),
    ),
  );
}

/**
 * The `error` of an `{ok: false}` answer, checked field by field: it came over IPC. A code this
 * build does not know reads as E_INTERNAL; a message key it does not know is dropped, so the
 * code's own text shows instead.
 */
export function toAppError(wire: unknown): AppError {
  const raw = (typeof wire === 'object' && wire !== null ? wire : {}) as Record<string, unknown>;
  const code = isErrorCode(raw.code) ? raw.code : 'E_INTERNAL';
  const messageKey = code === raw.code && isInputMessageKey(raw.messageKey) ? raw.messageKey : null;
  return new AppError({ code, messageKey, params: messageKey ? scalars(raw.params) : {} });
}

/** What to show for a failure, in `locale`; anything that is not an AppError is E_INTERNAL. */
export function describeError(err: unknown, locale: Locale): { code: ErrorCode; message: string } {
  if (err instanceof AppError) return localizeError(err, locale);
  return localizeError({ code: 'E_INTERNAL' }, locale);
}

/** Whether `err` is a failure the core answered with `code`. */
export function isError(err: unknown, code: ErrorCode): err is AppError {
  return err instanceof AppError && err.code === code;
}
