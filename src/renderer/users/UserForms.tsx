/** The staff screen's two forms: a new account, and a temporary password for an existing one. */
import { Button, Flex, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ROLE_NAMES, type Role, type UserSummary } from '../../shared/contract';
import { DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH } from '../../shared/users/rules';
import { PasswordInput } from '../app/PasswordInput';
import { client } from '../app/client';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useT } from './i18n';
import { GeneratePassword, TemporaryPasswordModal } from './StaffForms';

interface CreateValues {
  username: string;
  displayName?: string;
  role: Role;
  password: string;
  confirm: string;
}

export function CreateUserModal(props: { open: boolean; onClose: () => void; onCreated: (user: UserSummary) => void }) {
  const t = useT();
  return (
    <Modal
      open={props.open}
      title={t('users.create')}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
    >
      <CreateUserForm onCancel={props.onClose} onCreated={props.onCreated} />
    </Modal>
  );
}

function CreateUserForm(props: { onCancel: () => void; onCreated: (user: UserSummary) => void }) {
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: CreateValues) => {
    setError(null);
    setBusy(true);
    try {
      const user = await client.users.create({
        username: values.username.trim(),
        displayName: values.displayName?.trim() || undefined,
        role: values.role,
        password: values.password,
      });
      props.onCreated(user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('common.failed')} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        validateTrigger="onBlur"
        disabled={busy}
        initialValues={{ role: 'accountant' }}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item
          name="username"
          label={t('users.form.username')}
          extra={t('users.form.username.help')}
          rules={rules.username}
          validateFirst
        >
          <Input autoFocus autoComplete="off" spellCheck={false} maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.form.displayName')} rules={rules.displayName}>
          <Input autoComplete="off" maxLength={DISPLAY_NAME_MAX} />
        </Form.Item>
        <Form.Item name="role" label={t('users.form.role')} rules={[rules.required]}>
          <Select options={ROLE_NAMES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.form.password')}
          extra={t('users.form.password.help', { min: PASSWORD_MIN_LENGTH })}
          rules={rules.password((get) => String(get('username') ?? ''))}
          dependencies={['username']}
          validateFirst
        >
          <PasswordInput autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.form.confirm')}
          rules={rules.confirm('password')}
          dependencies={['password']}
          validateFirst
        >
          <PasswordInput autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <GeneratePassword form={form} username={() => String(form.getFieldValue('username') ?? '')} />
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('users.form.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** Sets a new temporary password for an account (the person must change it at sign-in). */
export function ResetPasswordModal(props: {
  user: UserSummary | null;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const t = useT();
  return (
    <TemporaryPasswordModal
      {...props}
      title={(username) => t('users.reset.title', { username })}
      intro={t('users.reset.intro')}
      submit={t('users.reset.submit')}
      width={520}
      action={(username, temporaryPassword) => client.users.resetPassword({ username, temporaryPassword })}
    />
  );
}
