import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { inputMessage } from '../../shared/messages';
import { PasswordInput } from '../app/PasswordInput';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { isError } from '../app/errors';
import { ErrorAlert } from '../app/ErrorAlert';
import { Screen } from '../app/Screen';
import { useLocale } from '../app/i18n';
import { useT, type AuthKey } from './i18n';
import { sessionStore } from '../app/session';
import { afterUnlock } from '../vault/after-unlock';

interface UnlockValues {
  username: string;
  password: string;
  totp?: string;
}

/** A 6-digit code from the app, or a recovery code (ABCDE-FGHJK, dash and case optional). */
const SECOND_FACTOR = /^\s*(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})\s*$/;

const route = getRouteApi('/unlock');

const LOCKED_NOTICE: Record<'manual' | 'idle' | 'system', { title: AuthKey; body: AuthKey }> = {
  manual: { title: 'unlock.locked.title', body: 'unlock.locked.body' },
  idle: { title: 'session.locked.idle.title', body: 'session.locked.idle.body' },
  system: { title: 'session.locked.system.title', body: 'session.locked.system.body' },
};

export function UnlockPage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { locked, reason } = route.useSearch();
  const [form] = Form.useForm<UnlockValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The account uses two-step verification: the core asked for a code (E_MFA_REQUIRED). */
  const [needsCode, setNeedsCode] = useState(false);
  const passwordRef = useRef<InputRef>(null);
  const codeRef = useRef<InputRef>(null);

  const onFinish = async (values: UnlockValues) => {
    setError(null);
    setBusy(true);
    try {
      const { status, to } = afterUnlock(
        await client.vault.unlock({
          username: values.username.trim(),
          password: values.password,
          totp: needsCode ? values.totp?.trim() : undefined,
        }),
      );
      sessionStore.set(status);
      form.resetFields();
      // After the sign-in that upgraded the vault: its report first (src/renderer/vault).
      await navigate({ to, replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
      if (isError(err, 'E_MFA_REQUIRED')) {
        // The password was right: keep it, and ask for the second factor.
        setNeedsCode(true);
      } else if (needsCode && isError(err, 'E_AUTH')) {
        // A wrong or used code: try another one.
        form.setFieldValue('totp', '');
      } else {
        // A wrong password is the usual reason: clear it and put the cursor back there.
        setNeedsCode(false);
        form.setFieldsValue({ password: '', totp: '' });
      }
    }
  };

  // Once the form is enabled again after a failure, the cursor goes where the next answer goes.
  useEffect(() => {
    if (!error) return;
    if (needsCode) codeRef.current?.focus();
    else passwordRef.current?.focus();
  }, [error, needsCode]);

  const required = { required: true, message: inputMessage('field.required', locale) };
  const notice = locked ? LOCKED_NOTICE.manual : reason ? LOCKED_NOTICE[reason] : null;
  const mfaAsked = isError(error, 'E_MFA_REQUIRED');

  return (
    <Screen>
      <Card className="lv-card">
        <PageTitle className="lv-card-title">{t('unlock.title')}</PageTitle>
        {notice && !error ? (
          <div className="lv-alert-gap" data-testid="lock-notice">
            <Alert type="info" role="status" showIcon title={t(notice.title)} description={t(notice.body)} />
          </div>
        ) : (
          <Typography.Paragraph type="secondary">{t('unlock.intro')}</Typography.Paragraph>
        )}
        {error ? (
          <div className="lv-alert-gap">
            <ErrorAlert
              error={error}
              type={mfaAsked ? 'info' : 'error'}
              title={mfaAsked ? t('mfa.required.title') : t('unlock.failed')}
            />
          </div>
        ) : null}
        <Form<UnlockValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          validateTrigger="onSubmit"
          disabled={busy}
          onFinish={(values) => void onFinish(values)}
          onValuesChange={(changed: Partial<UnlockValues>) => {
            // Someone else signing in: their account may not use a second factor.
            if (changed.username !== undefined && needsCode) {
              setNeedsCode(false);
              setError(null);
            }
          }}
        >
          <Form.Item name="username" label={t('unlock.username')} rules={[{ ...required, whitespace: true }]}>
            <Input autoFocus autoComplete="username" spellCheck={false} maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('unlock.password')} rules={[required]}>
            <PasswordInput ref={passwordRef} autoComplete="current-password" maxLength={1024} />
          </Form.Item>
          {needsCode ? (
            <Form.Item
              name="totp"
              label={t('mfa.code')}
              extra={t('mfa.code.help')}
              rules={[required, { pattern: SECOND_FACTOR, message: t('mfa.code.invalid') }]}
              validateFirst
            >
              <Input ref={codeRef} className="lv-mono" autoComplete="one-time-code" spellCheck={false} maxLength={16} />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {busy ? t('unlock.submitting') : t('unlock.submit')}
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
