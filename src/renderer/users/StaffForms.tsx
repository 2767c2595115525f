/** Staff screen additions: a generated temporary password, editing an account, re-enabling one. */
import { Alert, Button, Flex, Form, Input, Modal, Select, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { ROLE_NAMES, type Role, type UserSummary } from '../../shared/contract';
import { DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH } from '../../shared/users/rules';
import { client } from '../app/client';
import { describeError } from '../app/errors';
import { FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { useLocale } from '../app/i18n';
import { PasswordInput } from '../app/PasswordInput';
import { useT } from './i18n';
import { useStaffT } from './staff-i18n';
import { generateTemporaryPassword } from '../../shared/users/temp-password';

/**
 * Fills a form's `password` and `confirm` with a generated temporary password and shows it
 * once (it lives only in this dialog), with a copy through the core's 30-second clipboard.
 */
export function GeneratePassword(props: { form: FormInstance; username: () => string }) {
  const ts = useStaffT();
  const [locale] = useLocale();
  const [shown, setShown] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const generate = () => {
    const password = generateTemporaryPassword(props.username());
    props.form.setFieldsValue({ password, confirm: password });
    void props.form.validateFields(['password', 'confirm']).catch(() => undefined);
    setShown(password);
    setCopied(null);
  };
  const copy = async () => {
    if (!shown) return;
    try {
      await client.clipboard.copySecret({ text: shown });
      setCopied(ts('staff.generated.copied'));
    } catch (err) {
      setCopied(`${ts('staff.generated.copyFailed')}: ${describeError(err, locale).message}`);
    }
  };

  return (
    <Flex vertical gap={8} align="flex-start" style={{ marginBottom: 16 }}>
      <Button onClick={generate}>{ts('staff.generate')}</Button>
      {shown ? (
        <Alert
          style={{ alignSelf: 'stretch' }}
          type="info"
          title={ts('staff.generated.title')}
          description={
            <Flex vertical gap={6}>
              <Flex gap="small" align="center" wrap>
                <Typography.Text className="lv-mono lv-generated-value" data-testid="generated-password" translate="no">
                  {shown}
                </Typography.Text>
                <Button size="small" onClick={() => void copy()}>
                  {ts('staff.generated.copy')}
                </Button>
              </Flex>
              <span>{ts('staff.generated.body')}</span>
              {copied ? <span role="status">{copied}</span> : null}
            </Flex>
          }
        />
      ) : null}
    </Flex>
  );
}

interface EditValues {
  displayName: string;
  role: Role;
}

/** Display name and role (not one's own role: the core refuses it, and the field says why). */
export function EditUserModal(props: {
  user: UserSummary | null;
  self: boolean;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  const ts = useStaffT();
  return (
    <Modal
      open={user !== null}
      title={user ? ts('staff.edit.title', { username: user.username }) : ''}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={520}
    >
      {user ? <EditUserForm user={user} self={props.self} onCancel={props.onClose} onDone={props.onDone} /> : null}
    </Modal>
  );
}

function EditUserForm(props: {
  user: UserSummary;
  self: boolean;
  onCancel: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  const t = useT();
  const ts = useStaffT();
  const rules = useFormRules();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: EditValues) => {
    setError(null);
    setBusy(true);
    try {
      const list = await client.users.update({
        username: user.username,
        displayName: values.displayName.trim(),
        role: props.self ? undefined : values.role,
      });
      props.onDone(list, user.username);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('common.failed')} />
      <Form<EditValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onBlur"
        disabled={busy}
        initialValues={{ displayName: user.displayName, role: user.role }}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item
          name="displayName"
          label={t('users.form.displayName')}
          rules={[{ ...rules.required, whitespace: true }, ...rules.displayName]}
        >
          <Input autoFocus autoComplete="off" maxLength={DISPLAY_NAME_MAX} />
        </Form.Item>
        <Form.Item name="role" label={t('users.form.role')} extra={props.self ? ts('staff.edit.selfRole') : undefined}>
          <Select
            disabled={props.self}
            options={ROLE_NAMES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {ts('staff.edit.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

interface TemporaryPasswordValues {
  password: string;
  confirm: string;
}

/**
 * A dialog that sets a temporary password the person must change at their next sign-in: used
 * to reset a password and to re-enable a disabled account (whose keyslot was removed).
 */
export function TemporaryPasswordModal(props: {
  user: UserSummary | null;
  title: (username: string) => string;
  intro: string;
  submit: string;
  width: number;
  action: (username: string, temporaryPassword: string) => Promise<UserSummary[]>;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  return (
    <Modal
      open={user !== null}
      title={user ? props.title(user.username) : ''}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={props.width}
    >
      {user ? <TemporaryPasswordForm {...props} user={user} /> : null}
    </Modal>
  );
}

function TemporaryPasswordForm(props: {
  user: UserSummary;
  intro: string;
  submit: string;
  action: (username: string, temporaryPassword: string) => Promise<UserSummary[]>;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<TemporaryPasswordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: TemporaryPasswordValues) => {
    setError(null);
    setBusy(true);
    try {
      props.onDone(await props.action(user.username, values.password), user.username);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
      <FormError error={error} title={t('common.failed')} />
      <Form<TemporaryPasswordValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        validateTrigger="onBlur"
        disabled={busy}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item
          name="password"
          label={t('users.form.password')}
          extra={t('users.form.password.help', { min: PASSWORD_MIN_LENGTH })}
          rules={rules.password(() => user.username)}
          validateFirst
        >
          <PasswordInput autoFocus autoComplete="new-password" maxLength={1024} />
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
        <GeneratePassword form={form} username={() => user.username} />
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {props.submit}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** Re-enables a disabled account with a temporary password. */
export function EnableUserModal(props: {
  user: UserSummary | null;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const ts = useStaffT();
  return (
    <TemporaryPasswordModal
      {...props}
      title={(username) => ts('staff.enable.title', { username })}
      intro={ts('staff.enable.intro')}
      submit={ts('staff.enable.submit')}
      width={560}
      action={(username, temporaryPassword) => client.users.enable({ username, temporaryPassword })}
    />
  );
}
