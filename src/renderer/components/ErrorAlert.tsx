import { Alert } from 'antd';
import { describeError } from '../api';
import { useLocale } from '../i18n';

/**
 * A failed call, explained in the current language; `data-code` carries the stable E_* code.
 * `type` softens it for answers that are a next step rather than a failure (E_MFA_REQUIRED).
 */
export function ErrorAlert(props: { error: unknown; title: string; type?: 'error' | 'warning' | 'info' }) {
  const [locale] = useLocale();
  const { code, message } = describeError(props.error, locale);
  return <Alert type={props.type ?? 'error'} showIcon data-code={code} title={props.title} description={message} />;
}
