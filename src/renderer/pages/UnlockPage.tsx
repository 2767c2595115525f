import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { inputMessage } from '../../shared/messages';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Screen } from '../components/Screen';
import { useLocale, useT } from '../i18n';

interface UnlockValues {
  username: string;
  password: string;
}

const route = getRouteApi('/unlock');

export function UnlockPage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { locked } = route.useSearch();
  const [form] = Form.useForm<UnlockValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordRef = useRef<InputRef>(null);

  const onFinish = async (values: UnlockValues) => {
    setError(null);
    setBusy(true);
    try {
      await api.unlock({ username: values.username.trim(), password: values.password });
      form.resetFields();
      await navigate({ to: '/home', replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
      // A wrong password is the usual reason: clear it and put the cursor back there.
      form.setFieldValue('password', '');
    }
  };

  // Once the form is enabled again after a failure, the cursor goes back to the password.
  useEffect(() => {
    if (error) passwordRef.current?.focus();
  }, [error]);

  const required = { required: true, message: inputMessage('field.required', locale) };

  return (
    <Screen>
      <Card className="lv-card">
        <Typography.Title level={2} className="lv-card-title">
          {t('unlock.title')}
        </Typography.Title>
        {locked && !error ? (
          <div className="lv-alert-gap">
            <Alert
              type="info"
              role="status"
              showIcon
              title={t('unlock.locked.title')}
              description={t('unlock.locked.body')}
            />
          </div>
        ) : (
          <Typography.Paragraph type="secondary">{t('unlock.intro')}</Typography.Paragraph>
        )}
        {error ? (
          <div className="lv-alert-gap">
            <ErrorAlert error={error} title={t('unlock.failed')} />
          </div>
        ) : null}
        <Form<UnlockValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          validateTrigger="onSubmit"
          disabled={busy}
          onFinish={(values) => void onFinish(values)}
        >
          <Form.Item name="username" label={t('unlock.username')} rules={[{ ...required, whitespace: true }]}>
            <Input autoFocus autoComplete="username" spellCheck={false} maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('unlock.password')} rules={[required]}>
            <Input.Password ref={passwordRef} autoComplete="current-password" maxLength={1024} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {busy ? t('unlock.submitting') : t('unlock.submit')}
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
