import { Alert } from 'antd';
import { describeError } from '../api';
import { useLocale } from '../i18n';

/** A failed call, explained in the current language; `data-code` carries the stable E_* code. */
export function ErrorAlert(props: { error: unknown; title: string }) {
  const [locale] = useLocale();
  const { code, message } = describeError(props.error, locale);
  return <Alert type="error" showIcon data-code={code} title={props.title} description={message} />;
}
