import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { Alert, App as AntApp, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
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
import '../restore/restore.css';

interface UnlockValues {
  username: string;
  password: string;
  totp?: string;
}

/** A 6-digit code from the app, or a recovery code (ABCDE-FGHJK, dash and case optional). */
const SECOND_FACTOR = /^\s*(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})\s*$/;

const route = getRouteApi('/unlock');

/**
 * The core refused the folder as older than this workstation has seen (src/core/vault/audit-anchor.ts):
 * the password was right, and an admin may accept the older copy as a deliberate restore.
 */
function isRollback(err: unknown): boolean {
  return (
    isError(err, 'E_INTEGRITY') &&
    (err.messageKey === 'integrity.rolledBack' || err.messageKey === 'integrity.keysRolledBack')
  );
}

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
  const { modal } = AntApp.useApp();
  const [form] = Form.useForm<UnlockValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The account uses two-step verification: the core asked for a code (E_MFA_REQUIRED). */
  const [needsCode, setNeedsCode] = useState(false);
  /**
   * The user confirmed accepting the older folder: every submit carries acceptRollback until the
   * sign-in succeeds or fails for another reason (the core may first ask for the second factor).
   */
  const [accepting, setAccepting] = useState(false);
  /** The core refused the acceptance (E_FORBIDDEN): only an admin may accept a rollback. */
  const [acceptRefused, setAcceptRefused] = useState(false);
  const passwordRef = useRef<InputRef>(null);
  const codeRef = useRef<InputRef>(null);

  const onFinish = async (values: UnlockValues, acceptRollback = accepting) => {
    setError(null);
    setAcceptRefused(false);
    setBusy(true);
    try {
      const { status, to } = afterUnlock(
        await client.vault.unlock({
          username: values.username.trim(),
          password: values.password,
          totp: needsCode ? values.totp?.trim() : undefined,
          ...(acceptRollback ? { acceptRollback: true as const } : {}),
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
        // The password was right: keep it, and ask for the second factor (an acceptance stays asked).
        setNeedsCode(true);
      } else if (needsCode && isError(err, 'E_AUTH')) {
        // A wrong or used code: try another one.
        form.setFieldValue('totp', '');
      } else if (isRollback(err)) {
        // The password was right but the folder is older than this workstation has seen: keep
        // what was typed, so that an admin can accept the rollback with the same sign-in.
        setAccepting(false);
      } else {
        setAccepting(false);
        setAcceptRefused(acceptRollback && isError(err, 'E_FORBIDDEN'));
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

  /** Asks before accepting the older folder, then signs in again with the same answers and the acceptance. */
  const confirmAccept = () => {
    void modal.confirm({
      title: t('unlock.rollback.confirm.title'),
      width: 520,
      content: (
        <div data-testid="rollback-confirm">
          <Typography.Paragraph>{t('unlock.rollback.confirm.lost')}</Typography.Paragraph>
          <Typography.Paragraph>{t('unlock.rollback.confirm.audit')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('unlock.rollback.confirm.who')}
          </Typography.Paragraph>
        </div>
      ),
      okText: t('unlock.rollback.confirm.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => {
        setAccepting(true);
        form
          .validateFields()
          .then((values) => onFinish(values, true))
          // The form shows what is missing; the next submit still carries the acceptance.
          .catch(() => undefined);
      },
    });
  };

  const required = { required: true, message: inputMessage('field.required', locale) };
  const notice = locked ? LOCKED_NOTICE.manual : reason ? LOCKED_NOTICE[reason] : null;
  const mfaAsked = isError(error, 'E_MFA_REQUIRED');
  const rolledBack = isRollback(error);

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
        {acceptRefused ? (
          <div className="lv-alert-gap">
            <Alert
              type="error"
              showIcon
              data-code="E_FORBIDDEN"
              title={t('unlock.rollback.refused.title')}
              description={t('unlock.rollback.refused.body')}
            />
          </div>
        ) : error ? (
          <div className="lv-alert-gap">
            <ErrorAlert
              error={error}
              type={mfaAsked ? 'info' : 'error'}
              title={mfaAsked ? t('mfa.required.title') : t('unlock.failed')}
            />
          </div>
        ) : null}
        {rolledBack ? (
          <div className="lv-alert-gap">
            <Button block danger disabled={busy} onClick={confirmAccept}>
              {t('unlock.rollback.accept')}
            </Button>
          </div>
        ) : null}
        {accepting && needsCode && !rolledBack ? (
          <div className="lv-alert-gap" data-testid="rollback-accepting">
            <Alert
              type="warning"
              role="status"
              showIcon
              title={t('unlock.rollback.accepting')}
              action={
                <Button
                  size="small"
                  type="link"
                  disabled={busy}
                  onClick={() => {
                    setAccepting(false);
                    setError(null);
                  }}
                >
                  {t('unlock.rollback.accepting.cancel')}
                </Button>
              }
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
            // Someone else signing in: their account may not use a second factor, and an
            // acceptance of the older folder was asked for the one before.
            if (changed.username !== undefined && (needsCode || accepting || rolledBack)) {
              setNeedsCode(false);
              setAccepting(false);
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
            {busy ? t('unlock.submitting') : accepting ? t('unlock.rollback.submit') : t('unlock.submit')}
          </Button>
        </Form>
        <div className="lv-restore-link">
          <Link to="/restore" data-testid="to-restore">
            {t('unlock.restore')}
          </Link>
        </div>
      </Card>
    </Screen>
  );
}
