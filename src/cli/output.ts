import { ERROR_TEXT, type ErrorCode, type Locale } from '../shared/errors';
import { LedgerVaultError, toPublicError } from '../core/errors';
import { withUpgrade } from './recovery-kit';

export function cliLocale(): Locale {
  const lang = process.env.LEDGERVAULT_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  return /^zh/i.test(lang) ? 'zh-CN' : 'en';
}

/**
 * The exit status of each error code, one per code (the type makes a new code add its line):
 * scripts branch on the number, people read the code at the start of the stderr line.
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
  E_INTERNAL: 1,
  E_INPUT: 2,
  E_AUTH: 3,
  E_LOCKED: 4,
  E_KEYCHAIN: 5,
  E_INTEGRITY: 6,
  E_BUSY: 7,
  E_FORBIDDEN: 8,
  E_NOT_FOUND: 9,
  E_EXISTS: 10,
  E_MFA_REQUIRED: 11,
  E_CONFLICT: 12,
  E_VAULT_LOCKED: 13,
  E_CANCELLED: 14,
  E_DISK_FULL: 15,
  E_IO: 16,
};

/** What each exit status means at the command line (the same table is in the README). */
const EXIT_MEANING: Record<ErrorCode, string> = {
  E_INTERNAL: 'internal error (a bug); nothing was changed',
  E_INPUT: 'a flag, value or file name is not valid; nothing was changed',
  E_AUTH: 'wrong user name, password, code or recovery key',
  E_LOCKED: 'the account is locked after failed sign-ins',
  E_KEYCHAIN: "this workstation's keychain has no usable device secret (use recover)",
  E_INTEGRITY: 'the vault, its audit log or an export does not verify',
  E_BUSY: 'the vault is open in another window or process',
  E_FORBIDDEN: 'not allowed for this user (the attempt is audited)',
  E_NOT_FOUND: 'no such item',
  E_EXISTS: 'it already exists (a vault, a user, an --out file without --force)',
  E_MFA_REQUIRED: 'two-step verification is on: add --totp CODE',
  E_CONFLICT: 'changed by someone else meanwhile, or a likely duplicate',
  E_VAULT_LOCKED: 'the vault locked meanwhile',
  E_CANCELLED: 'cancelled; no incomplete file was left',
  E_DISK_FULL: 'a disk is full (the message names the folder); nothing saved was lost, no incomplete file left',
  E_IO: 'a disk read or write failed (a drive removed?); nothing saved was lost, no incomplete file left',
};

export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code];
}

/** The exit-status table for --help: 0, then each code by number. */
export function exitCodeTable(): string {
  const rows = (Object.entries(EXIT_CODES) as [ErrorCode, number][]).sort((a, b) => a[1] - b[1]);
  return [
    '  0   ok',
    ...rows.map(([code, n]) => `  ${String(n).padEnd(3)} ${code.padEnd(15)} ${EXIT_MEANING[code]}`),
  ].join('\n');
}

/**
 * In English: the specific message where the error names one (an E_INTEGRITY at sign-in says
 * which certificate or grant was edited), with the technical detail after it when that differs.
 */
function englishLine(err: LedgerVaultError): string {
  if (!err.messageKey) return err.detail;
  const message = err.localized('en');
  return message === err.detail ? message : `${message} (${err.detail})`;
}

/** One line on stderr that starts with the stable code; the exit code says the same. */
export function reportError(err: unknown): number {
  const locale = cliLocale();
  if (err instanceof LedgerVaultError) {
    const generic = err.detail === ERROR_TEXT[err.code].en;
    const line =
      locale === 'en'
        ? englishLine(err)
        : err.messageKey || generic
          ? err.localized(locale)
          : `${err.localized(locale)} (${err.detail})`;
    process.stderr.write(`${err.code}: ${line.trim()}\n`);
    return exitCodeFor(err.code);
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  // A full disk or a failing drive that no layer named is still said as such (core/fs/disk-errors.ts).
  const code = toPublicError(err).code;
  process.stderr.write(`${code}: ${ERROR_TEXT[code][locale]} (${message})\n`);
  return EXIT_CODES[code];
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(withUpgrade(value), null, 2)}\n`);
}

/** A command's result: `data` as JSON with --json, else the line(s) of text. Exit status 0. */
export function done(json: boolean, data: unknown, text: string): number {
  if (json) printJson(data);
  else if (text !== '') process.stdout.write(`${text}\n`);
  return 0;
}
