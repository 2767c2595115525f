import { Radio } from 'antd';
import { LOCALE_NAMES, LOCALES, useLocale, useT } from './i18n';

/** One radio group (one Tab stop; arrow keys switch), on every screen. */
export function LanguageSwitch() {
  const t = useT();
  const [locale, setLocale] = useLocale();
  return (
    <Radio.Group
      aria-label={t('lang.label')}
      name="ui-language"
      optionType="button"
      size="small"
      value={locale}
      onChange={(event) => setLocale(event.target.value)}
      options={LOCALES.map((value) => ({ value, label: <span lang={value}>{LOCALE_NAMES[value]}</span> }))}
    />
  );
}
