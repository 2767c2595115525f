import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useRef, useState } from 'react';
import { DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH, passwordProblem, usernameProblem } from '../../shared/account-rules';
import { inputMessage, type InputMessageKey, type MessageParams } from '../../shared/messages';
import { api } from '../api';
import { FormError } from '../components/ErrorAlert';
import { Screen } from '../components/Screen';
import { useLocale, useT } from '../i18n';
import { recoveryKitStore } from '../recovery-kit-store';
import { sessionStore } from '../session';

interface SetupValues {
  adminUsername: string;
  adminDisplayName?: string;
  password: string;
  confirm: string;
}

export function SetupPage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupValues>();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const msg = (key: InputMessageKey, params?: MessageParams) => inputMessage(key, locale, params);
  const fail = (key: InputMessageKey, params?: MessageParams) => Promise.reject(new Error(msg(key, params)));

  // The same rules the core enforces (src/shared/account-rules.ts), checked before any call.
  const usernameRules: Rule[] = [
    { required: true, whitespace: true, message: msg('field.required') },
    {
      validator: (_, value: string | undefined) => {
        if (!value?.trim()) return Promise.resolve();
        const problem = usernameProblem(value.trim());
        return problem ? fail(problem.key, problem.params) : Promise.resolve();
      },
    },
  ];
  const displayNameRules: Rule[] = [
    {
      validator: (_, value: string | undefined) =>
        [...(value ?? '').trim()].length > DISPLAY_NAME_MAX ? fail('displayName.tooLong') : Promise.resolve(),
    },
  ];
  const passwordRules: Rule[] = [
    { required: true, message: msg('field.required') },
    ({ getFieldValue }) => ({
      validator: (_, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const problem = passwordProblem(value, String(getFieldValue('adminUsername') ?? '').trim());
        return problem ? fail(problem.key, problem.params) : Promise.resolve();
      },
    }),
  ];
  const confirmRules: Rule[] = [
    { required: true, message: msg('field.required') },
    ({ getFieldValue }) => ({
      validator: (_, value: string | undefined) =>
        !value || value === getFieldValue('password') ? Promise.resolve() : fail('password.mismatch'),
    }),
  ];

  // Errors already on screen follow a language switch.
  const firstLocale = useRef(locale);
  useEffect(() => {
    if (firstLocale.current === locale) return;
    firstLocale.current = locale;
    const shown = form
      .getFieldsError()
      .filter((field) => field.errors.length > 0)
      .map((field) => field.name);
    if (shown.length > 0) void form.validateFields(shown).catch(() => undefined);
  }, [locale, form]);

  const onFinish = async (values: SetupValues) => {
    setError(null);
    setCreating(true);
    try {
      const created = await api.create({
        adminUsername: values.adminUsername.trim(),
        adminDisplayName: values.adminDisplayName?.trim() || undefined,
        password: values.password,
      });
      form.resetFields();
      // Signed in as the new admin: the app layout knows when the idle lock is due.
      sessionStore.set(created.status);
      recoveryKitStore.put({ vaultId: created.vaultId, recoveryKey: created.recoveryKey, createdAt: new Date() });
      await navigate({ to: '/setup/recovery-kit' });
    } catch (err) {
      setError(err);
      setCreating(false);
    }
  };

  return (
    <Screen>
      <Card className="lv-card" aria-busy={creating}>
        <Typography.Title level={2} className="lv-card-title">
          {t('setup.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <FormError error={error} title={t('setup.failed')} />
        <Form<SetupValues>
          form={form}
          layout="vertical"
          requiredMark="optional"
          validateTrigger="onBlur"
          disabled={creating}
          onFinish={(values) => void onFinish(values)}
          autoComplete="off"
        >
          <Form.Item
            name="adminUsername"
            label={t('setup.username')}
            extra={t('setup.username.help')}
            rules={usernameRules}
            validateFirst
          >
            <Input autoFocus autoComplete="username" spellCheck={false} maxLength={64} />
          </Form.Item>
          <Form.Item
            name="adminDisplayName"
            label={t('setup.displayName')}
            extra={t('setup.displayName.help')}
            rules={displayNameRules}
          >
            <Input autoComplete="name" maxLength={DISPLAY_NAME_MAX} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('setup.password')}
            extra={t('setup.password.help', { min: PASSWORD_MIN_LENGTH })}
            rules={passwordRules}
            dependencies={['adminUsername']}
            validateFirst
          >
            <Input.Password autoComplete="new-password" maxLength={1024} />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirm')}
            extra={t('setup.confirm.help')}
            rules={confirmRules}
            dependencies={['password']}
            validateFirst
          >
            <Input.Password autoComplete="new-password" maxLength={1024} />
          </Form.Item>
          {creating ? (
            <div className="lv-alert-gap">
              <Alert
                type="info"
                role="status"
                showIcon
                title={t('setup.creating')}
                description={t('setup.creatingHint')}
              />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={creating}>
            {creating ? t('setup.creating') : t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
