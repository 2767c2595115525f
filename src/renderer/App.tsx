import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useState } from 'react';
import { api } from './api';
import { I18nProvider, loadStoredLocale, storeLocale, type Locale } from './i18n';
import { router } from './router';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;

/** System UI fonts first, then the CJK fonts of Windows, macOS and Linux, so Chinese never falls back to boxes. */
const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export function App() {
  const [locale, setLocaleState] = useState<Locale>(loadStoredLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    storeLocale(next);
    void api.setLocale(next);
  }, []);
  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      <ConfigProvider
        locale={ANTD_LOCALES[locale]}
        theme={{ token: { fontFamily: FONT_FAMILY } }}
        // "打印", not "打 印": button labels read (and are named) exactly as written.
        button={{ autoInsertSpace: false }}
      >
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}
