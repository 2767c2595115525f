/**
 * Why a release was refused: one stable code per reason (the message key of
 * src/shared/update-messages.ts), the app-wide error code it travels under, and the parameters
 * of its message. A verdict carries a refusal as data; `refusalError` turns it into the error a
 * handler or the CLI throws.
 */
import type { ErrorCode } from '../../shared/errors';
import type { MessageParams } from '../../shared/messages';
import { LedgerVaultError } from '../errors';

export const REFUSAL_CODES = [
  'update.noUpdate',
  'update.malformed',
  'update.unknownKey',
  'update.badSignature',
  'update.otherApp',
  'update.expired',
  'update.rollback',
  'update.fileMissing',
  'update.fileMismatch',
  'update.extraFile',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** E_INPUT for what is not a manifest at all; E_INTEGRITY for everything a signature or hash decides. */
const ERROR_CODE: Record<RefusalCode, ErrorCode> = {
  'update.noUpdate': 'E_NOT_FOUND',
  'update.malformed': 'E_INPUT',
  'update.unknownKey': 'E_INTEGRITY',
  'update.badSignature': 'E_INTEGRITY',
  'update.otherApp': 'E_INTEGRITY',
  'update.expired': 'E_INTEGRITY',
  'update.rollback': 'E_INTEGRITY',
  'update.fileMissing': 'E_INTEGRITY',
  'update.fileMismatch': 'E_INTEGRITY',
  'update.extraFile': 'E_INTEGRITY',
};

export interface Refusal {
  code: RefusalCode;
  errorCode: ErrorCode;
  params: MessageParams;
  /** English, for logs and the audit event. */
  detail: string;
}

export function refusal(code: RefusalCode, params: MessageParams, detail: string): Refusal {
  return { code, errorCode: ERROR_CODE[code], params, detail };
}

export function refusalError(r: Refusal): LedgerVaultError {
  return new LedgerVaultError(r.errorCode, r.detail, { messageKey: r.code, params: r.params });
}

/** A LedgerVaultError that carries a refusal code back into a refusal (E_INPUT from parseManifest). */
export function refusalOf(err: unknown): Refusal | null {
  if (!(err instanceof LedgerVaultError) || !err.messageKey) return null;
  const code = err.messageKey as string;
  return (REFUSAL_CODES as readonly string[]).includes(code)
    ? { code: code as RefusalCode, errorCode: err.code, params: err.params, detail: err.detail }
    : null;
}
