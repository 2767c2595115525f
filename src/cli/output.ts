import { ERROR_TEXT, type Locale } from '../shared/errors';
import { LedgerVaultError } from '../core/errors';

export function cliLocale(): Locale {
  const lang = process.env.LEDGERVAULT_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  return /^zh/i.test(lang) ? 'zh-CN' : 'en';
}

const EXIT_CODES: Record<string, number> = {
  E_INPUT: 2,
  E_AUTH: 3,
  E_LOCKED: 4,
  E_KEYCHAIN: 5,
  E_INTEGRITY: 6,
  E_BUSY: 7,
  E_FORBIDDEN: 8,
  E_NOT_FOUND: 9,
  E_EXISTS: 10,
};

export function exitCodeFor(code: string): number {
  return EXIT_CODES[code] ?? 1;
}

/** One line on stderr that starts with the stable code; the exit code says the same. */
export function reportError(err: unknown): number {
  const locale = cliLocale();
  if (err instanceof LedgerVaultError) {
    const generic = err.detail === ERROR_TEXT[err.code].en;
    const line =
      locale === 'en'
        ? err.detail
        : err.messageKey || generic
          ? err.localized(locale)
          : `${err.localized(locale)} (${err.detail})`;
    process.stderr.write(`${err.code}: ${line.trim()}\n`);
    return exitCodeFor(err.code);
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  process.stderr.write(`E_INTERNAL: ${ERROR_TEXT.E_INTERNAL[locale]} (${message})\n`);
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
