import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useState } from 'react';
import { DEFAULT_LOCALE, I18nProvider, type Locale } from './i18n';
import { router } from './router';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;

export function App() {
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);
  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      <ConfigProvider locale={ANTD_LOCALES[locale]}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}
