import { Button, Form, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../shared/users/rules';
import type { VaultStatus } from '../../shared/contract';
import { PasswordInput } from '../app/PasswordInput';
import { client } from '../app/client';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useT } from './i18n';
import { FormError } from '../app/ErrorAlert';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changes the signed-in user's own password: current, new (the shared rules) and confirmation. */
export function PasswordChangeForm(props: {
  username: string;
  autoFocus?: boolean;
  onDone: (status: VaultStatus) => void;
}) {
  const { username, onDone } = props;
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const currentRef = useRef<InputRef>(null);
  useRevalidateOnLocale(form);

  useEffect(() => {
    if (error) currentRef.current?.focus();
  }, [error]);

  const onFinish = async (values: PasswordValues) => {
    setError(null);
    setBusy(true);
    try {
      const status = await client.account.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      form.resetFields();
      setBusy(false);
      onDone(status);
    } catch (err) {
      setError(err);
      setBusy(false);
      form.setFieldsValue({ currentPassword: '' });
    }
  };

  return (
    <>
      <FormError error={error} title={t('account.password.failed')} />
      <Form<PasswordValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onBlur"
        disabled={busy}
        onFinish={(values) => void onFinish(values)}
        className="lv-form-narrow"
      >
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[rules.required]}>
          <PasswordInput
            ref={currentRef}
            autoFocus={props.autoFocus}
            autoComplete="current-password"
            maxLength={1024}
          />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.password.new')}
          extra={t('account.password.new.help', { min: PASSWORD_MIN_LENGTH })}
          rules={rules.password(() => username)}
          validateFirst
        >
          <PasswordInput autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.password.confirm')}
          rules={rules.confirm('newPassword')}
          dependencies={['newPassword']}
          validateFirst
        >
          <PasswordInput autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.password.submit')}
        </Button>
      </Form>
    </>
  );
}
