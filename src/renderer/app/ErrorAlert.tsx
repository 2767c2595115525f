import { Alert } from 'antd';
import { describeError } from './errors';
import { useLocale } from './i18n';

/**
 * A failed call, explained in the current language; `data-code` carries the stable E_* code.
 * `type` softens it for answers that are a next step rather than a failure (E_MFA_REQUIRED).
 */
export function ErrorAlert(props: { error: unknown; title: string; type?: 'error' | 'warning' | 'info' }) {
  const [locale] = useLocale();
  const { code, message } = describeError(props.error, locale);
  return <Alert type={props.type ?? 'error'} showIcon data-code={code} title={props.title} description={message} />;
}

/** The error above a form, with the usual gap, or nothing while there is none. */
export function FormError(props: { error: unknown; title: string }) {
  if (!props.error) return null;
  return (
    <div className="lv-alert-gap">
      <ErrorAlert error={props.error} title={props.title} />
    </div>
  );
}
