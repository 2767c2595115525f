import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useState } from 'react';
import { I18nProvider, loadStoredLocale, storeLocale, type Locale } from './app/i18n';
import { router } from './router';

/**
 * antd's own strings, with the password reveal button named for what it shows ("显示密码", not a
 * bare "显示"): antd uses global.show/hide only for that button.
 */
function withPasswordNames(base: AntdLocale, show: string, hide: string): AntdLocale {
  // The bundled module can arrive as a CommonJS namespace ({ default: locale, ... }); antd then
  // reads `default` and would ignore a spread copy's changes (ant-design issue 57295).
  const locale = (base as AntdLocale & { default?: AntdLocale }).default ?? base;
  return { ...locale, global: { ...locale.global, show, hide } };
}

const ANTD_LOCALES: Record<Locale, AntdLocale> = {
  'zh-CN': withPasswordNames(zhCN, '显示密码', '隐藏密码'),
  en: withPasswordNames(enUS, 'Show password', 'Hide password'),
};

/**
 * WCAG 2.1 AA asks 4.5:1 for normal text. antd's secondary text (help, descriptions, hints) is
 * rgba(0,0,0,.45), about 3.4:1 on white: darkened to 0.6 (5.7:1 on white, 5.3:1 on the page's grey).
 */
const CONTRAST_TOKENS = {
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextDescription: 'rgba(0, 0, 0, 0.6)',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  // Blue-7 instead of blue-6: white on #1677ff (primary buttons) and #1677ff links on white are
  // 4.1:1; #0958d9 is 6.2:1.
  colorPrimary: '#0958d9',
  colorLink: '#0958d9',
  colorInfo: '#0958d9',
  // Red-7: form errors, 删除 links and danger buttons (#ff4d4f is 3.9:1 on white, white on it 3.6:1).
  colorError: '#cf1322',
  // Placeholders that stand in for a label (选择客户, 开始日期) are read: 0.25 is 2:1; 0.56 is 4.9:1.
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
} as const;

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
        theme={{ token: { fontFamily: FONT_FAMILY[locale], ...CONTRAST_TOKENS } }}
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
