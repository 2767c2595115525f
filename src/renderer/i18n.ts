// A deliberately tiny i18n layer: one typed dictionary per locale, a context, and useT().
// The English dictionary must have exactly the keys of the Chinese one (the type checks it).
import { createContext, createElement, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Locale } from '../shared/errors';

export type { Locale };

export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const zhCN = {
  'app.name': '账安 LedgerVault',
  'home.welcome': '离线运行，所有记录均加密保存在本机。',
  'home.language': '界面语言',
  'home.version': '版本',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.name': '账安 LedgerVault',
  'home.welcome': 'Runs offline; every record is stored encrypted on this computer.',
  'home.language': 'Language',
  'home.version': 'Version',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** What each locale is called in its own language, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export type Translate = (key: MessageKey) => string;

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: { locale: Locale; setLocale: (locale: Locale) => void; children?: ReactNode }) {
  const { locale, setLocale, children } = props;
  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key) => MESSAGES[locale][key] }),
    [locale, setLocale],
  );
  // Screen readers and CJK font selection follow <html lang>.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return createElement(I18nContext.Provider, { value }, children);
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}

/** The translate function for the current locale. */
export function useT(): Translate {
  return useI18n().t;
}

/** The current locale and a setter, for the language switch. */
export function useLocale(): [Locale, (locale: Locale) => void] {
  const { locale, setLocale } = useI18n();
  return [locale, setLocale];
}
