import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH } from '../../shared/users/rules';
import { PasswordInput } from '../app/PasswordInput';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { Screen } from '../app/Screen';
import { sessionStore } from '../app/session';
import { useT } from './i18n';
import { recoveryKitStore } from './recovery-kit-store';
import '../restore/restore.css';

interface SetupValues {
  adminUsername: string;
  adminDisplayName?: string;
  password: string;
  confirm: string;
}

export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupValues>();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // The same rules the core enforces (src/shared/users/rules.ts), checked before any call.
  const rules = useFormRules();
  useRevalidateOnLocale(form);

  const onFinish = async (values: SetupValues) => {
    setError(null);
    setCreating(true);
    try {
      const created = await client.vault.create({
        adminUsername: values.adminUsername.trim(),
        adminDisplayName: values.adminDisplayName?.trim() || undefined,
        password: values.password,
      });
      form.resetFields();
      // Signed in as the new admin: the app layout knows when the idle lock is due.
      sessionStore.set(created.status);
      recoveryKitStore.put({
        vaultId: created.vaultId,
        recoveryKey: created.recoveryKey,
        rootFingerprint: created.rootFingerprint,
        createdAt: new Date(),
      });
      await navigate({ to: '/setup/recovery-kit' });
    } catch (err) {
      setError(err);
      setCreating(false);
    }
  };

  return (
    <Screen>
      <Card className="lv-card" aria-busy={creating}>
        <PageTitle className="lv-card-title">{t('setup.title')}</PageTitle>
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
            rules={rules.username}
            validateFirst
          >
            <Input autoFocus autoComplete="username" spellCheck={false} maxLength={64} />
          </Form.Item>
          <Form.Item
            name="adminDisplayName"
            label={t('setup.displayName')}
            extra={t('setup.displayName.help')}
            rules={rules.displayName}
          >
            <Input autoComplete="name" maxLength={DISPLAY_NAME_MAX} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('setup.password')}
            extra={t('setup.password.help', { min: PASSWORD_MIN_LENGTH })}
            rules={rules.password((get) => String(get('adminUsername') ?? ''))}
            dependencies={['adminUsername']}
            validateFirst
          >
            <PasswordInput autoComplete="new-password" maxLength={1024} />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirm')}
            extra={t('setup.confirm.help')}
            rules={rules.confirm('password')}
            dependencies={['password']}
            validateFirst
          >
            <PasswordInput autoComplete="new-password" maxLength={1024} />
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
        <div className="lv-restore-link">
          <Link to="/restore" data-testid="to-restore">
            {t('setup.restore')}
          </Link>
        </div>
      </Card>
    </Screen>
  );
}
