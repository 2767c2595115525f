/**
 * A deliberately tiny i18n layer. Each feature keeps its strings beside its screens
 * (src/renderer/<feature>/i18n.ts) and gets its own typed `useT()` from `defineStrings`, joined
 * with the few strings every screen shares (below). The English table of each must have exactly
 * the keys of the Chinese one (the type checks it), and a feature can only name its own keys and
 * the shared ones, so no feature reaches into another's wording.
 */
import { createContext, createElement, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { isLocale, LOCALES, type Locale } from '../../shared/errors';

export { isLocale, LOCALES, type Locale };

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** What each locale is called in its own language, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const commonZh = {
  'app.name': '账安 LedgerVault',
  'app.tagline': '客户电子支付记录保险库',
  'lang.label': '界面语言',

  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.cancel': '取消',
  'common.failed': '操作未完成',
  'error.title': '出错了',

  'role.admin': '管理员',
  'role.manager': '经理',
  'role.accountant': '会计',
  'role.auditor': '审计员',
} as const;

const commonEn: Record<keyof typeof commonZh, string> = {
  'app.name': '账安 LedgerVault',
  'app.tagline': 'Encrypted vault for clients’ electronic payment records',
  'lang.label': 'Language',

  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.failed': 'That did not work',
  'error.title': 'Something went wrong',

  'role.admin': 'Admin',
  'role.manager': 'Manager',
  'role.accountant': 'Accountant',
  'role.auditor': 'Auditor',
};

export type CommonKey = keyof typeof commonZh;
export type Params = Record<string, string | number>;
export type Translate<K extends string = CommonKey> = (key: K, params?: Params) => string;

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The current locale and a setter, for the language switch and whatever formats by language. */
interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: { locale: Locale; setLocale: (locale: Locale) => void; children?: ReactNode }) {
  const { locale, setLocale, children } = props;
  const value = useMemo<I18nValue>(() => ({ locale, setLocale }), [locale, setLocale]);
  // Screen readers and CJK font selection follow <html lang>.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** The current locale and a setter. */
export function useLocale(): [Locale, (locale: Locale) => void] {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useLocale() must be used inside <I18nProvider>');
  return [value.locale, value.setLocale];
}

/**
 * A feature's strings (Chinese first; `en` typed `Record<keyof typeof zh, string>` where it is
 * written) joined with the shared ones: returns the feature's `useT()` hook.
 */
export function defineStrings<K extends string>(zh: Readonly<Record<K, string>>, en: Readonly<Record<K, string>>) {
  type Key = K | CommonKey;
  const tables: Record<Locale, Record<Key, string>> = {
    'zh-CN': { ...commonZh, ...zh },
    en: { ...commonEn, ...en },
  };
  return function useT(): Translate<Key> {
    const [locale] = useLocale();
    return useMemo(
      () =>
        (key: Key, params: Params = {}) =>
          fill(tables[locale][key], params),
      [locale],
    );
  };
}

/** The shared strings alone, for the app's own frame (screens, alerts, the language switch). */
export const useT = defineStrings<never>({}, {});

/** The only thing the renderer keeps in localStorage: the language the user picked. */
const LOCALE_STORAGE_KEY = 'ledgervault.locale';

export function loadStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode, quota); the choice then lasts for this session only.
  }
}
