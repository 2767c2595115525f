import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useState } from 'react';
import { I18nProvider, loadStoredLocale, storeLocale, type Locale } from './app/i18n';
import { router } from './router';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;

const LATIN_FONTS = ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial'];
const CJK_FONTS = [
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
];

/**
 * The CJK fonts of macOS, Windows and Linux are always in the list, so Chinese never falls back to
 * boxes. In Chinese they come first (full-width punctuation, matching Latin glyphs); in English
 * the Latin fonts do, so quotes and apostrophes are not set full-width.
 */
const FONT_FAMILY: Record<Locale, string> = {
  'zh-CN': [...LATIN_FONTS.slice(0, 3), ...CJK_FONTS, ...LATIN_FONTS.slice(3), 'sans-serif'].join(', '),
  en: [...LATIN_FONTS, ...CJK_FONTS, 'sans-serif'].join(', '),
};

export function App() {
  const [locale, setLocaleState] = useState<Locale>(loadStoredLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    storeLocale(next);
  }, []);
  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      <ConfigProvider
        locale={ANTD_LOCALES[locale]}
        theme={{ token: { fontFamily: FONT_FAMILY[locale] } }}
        // "打印", not "打 印": button labels read (and are named) exactly as written.
        button={{ autoInsertSpace: false }}
      >
        {/* Notices appear below the header, never over the user's name or the idle countdown. */}
        <AntApp message={{ top: 72, maxCount: 3 }}>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}
