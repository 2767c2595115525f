import {
  App as AntApp,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH } from '../../shared/account-rules';
import { ROLE_NAMES, type Role, type UserSummary } from '../../shared/ipc-contract';
import { api } from '../api';
import { ErrorAlert, FormError } from '../components/ErrorAlert';
import { formatDateTime, useLoad } from '../components/use-load';
import { useFormRules, useRevalidateOnLocale } from '../form-rules';
import { useT } from '../i18n';
import { useSignedIn } from '../session';

/** Roles whose permissions already include seeing full account numbers (ROLE_MATRIX). */
const REVEAL_BY_ROLE: readonly Role[] = ['manager'];

interface CreateValues {
  username: string;
  displayName?: string;
  role: Role;
  password: string;
  confirm: string;
}

interface ResetValues {
  password: string;
  confirm: string;
}

function CreateUserModal(props: { open: boolean; onClose: () => void; onCreated: (user: UserSummary) => void }) {
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
      const user = await api.users.create({
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
      <FormError error={error} title={t('access.failed')} />
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
          extra={t('setup.username.help')}
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
          <Input.Password autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.form.confirm')}
          rules={rules.confirm('password')}
          dependencies={['password']}
          validateFirst
        >
          <Input.Password autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('access.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('users.form.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

function ResetPasswordModal(props: {
  user: UserSummary | null;
  onClose: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  const t = useT();
  return (
    <Modal
      open={user !== null}
      title={user ? t('users.reset.title', { username: user.username }) : ''}
      footer={null}
      onCancel={props.onClose}
      destroyOnHidden
      width={520}
    >
      {user ? <ResetPasswordForm user={user} onCancel={props.onClose} onDone={props.onDone} /> : null}
    </Modal>
  );
}

function ResetPasswordForm(props: {
  user: UserSummary;
  onCancel: () => void;
  onDone: (users: UserSummary[], username: string) => void;
}) {
  const { user } = props;
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<ResetValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: ResetValues) => {
    setError(null);
    setBusy(true);
    try {
      const users = await api.users.resetPassword({ username: user.username, temporaryPassword: values.password });
      props.onDone(users, user.username);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('users.reset.intro')}</Typography.Paragraph>
      <FormError error={error} title={t('access.failed')} />
      <Form<ResetValues>
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
          <Input.Password autoFocus autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.form.confirm')}
          rules={rules.confirm('password')}
          dependencies={['password']}
          validateFirst
        >
          <Input.Password autoComplete="new-password" maxLength={1024} />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('access.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('users.reset.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** 员工与角色: every staff account, and what an admin can do to each. */
export function UsersPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const me = useSignedIn().user;
  const users = useLoad(api.users.list);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  /** Runs one action on one account; the core answers with the new list. */
  const act = async (key: string, run: () => Promise<UserSummary[]>, done: string) => {
    setError(null);
    setBusy(key);
    try {
      users.setData(await run());
      void message.success(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('users.col.username'),
      dataIndex: 'username',
      render: (username: string) => (
        <span className="lv-nowrap">
          {username}
          {username === me.username ? <Typography.Text type="secondary">{t('users.you')}</Typography.Text> : null}
        </span>
      ),
    },
    { title: t('users.col.displayName'), dataIndex: 'displayName' },
    { title: t('users.col.role'), dataIndex: 'role', render: (role: Role) => t(`role.${role}`) },
    {
      title: t('users.col.status'),
      dataIndex: 'status',
      render: (value: UserSummary['status']) =>
        value === 'active' ? (
          <Tag color="green">{t('users.status.active')}</Tag>
        ) : (
          <Tag>{t('users.status.disabled')}</Tag>
        ),
    },
    {
      title: t('users.col.mfa'),
      dataIndex: 'mfaEnrolled',
      render: (on: boolean) => (on ? <Tag color="blue">{t('users.mfa.on')}</Tag> : t('users.mfa.off')),
    },
    {
      title: t('users.col.lockedUntil'),
      dataIndex: 'lockedUntil',
      render: (until: string | null) =>
        until ? <Tag color="red">{formatDateTime(until)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('users.col.mustChange'),
      dataIndex: 'mustChangePassword',
      render: (must: boolean) =>
        must ? <Tag color="orange">{t('users.mustChange.yes')}</Tag> : t('users.mustChange.no'),
    },
    {
      title: t('users.col.reveal'),
      key: 'reveal',
      render: (_: unknown, user) =>
        REVEAL_BY_ROLE.includes(user.role) ? (
          <Typography.Text type="secondary">{t('users.reveal.role')}</Typography.Text>
        ) : (
          <Switch
            size="small"
            aria-label={t('users.reveal.label', { username: user.username })}
            checked={user.extraPermissions.includes('records.reveal')}
            loading={busy === `reveal:${user.username}`}
            disabled={busy !== null}
            onChange={(granted) =>
              void act(
                `reveal:${user.username}`,
                () => api.users.setPermission({ username: user.username, permission: 'records.reveal', granted }),
                t(granted ? 'users.done.reveal.on' : 'users.done.reveal.off', { username: user.username }),
              )
            }
          />
        ),
    },
    {
      title: t('users.col.actions'),
      key: 'actions',
      render: (_: unknown, user) => {
        const self = user.username === me.username;
        return (
          <Flex gap={4} wrap className="lv-actions">
            {!self ? (
              <Button size="small" type="link" disabled={busy !== null} onClick={() => setResetting(user)}>
                {t('users.action.resetPassword')}
              </Button>
            ) : null}
            {user.lockedUntil ? (
              <Button
                size="small"
                type="link"
                disabled={busy !== null}
                loading={busy === `unlock:${user.username}`}
                onClick={() =>
                  void act(
                    `unlock:${user.username}`,
                    () => api.users.unlock({ username: user.username }),
                    t('users.done.unlock', { username: user.username }),
                  )
                }
              >
                {t('users.action.unlock')}
              </Button>
            ) : null}
            {user.mfaEnrolled && !self ? (
              <Popconfirm
                title={t('users.confirm.resetMfa', { username: user.username })}
                description={t('users.confirm.resetMfa.body')}
                okText={t('users.confirm.ok.resetMfa')}
                cancelText={t('access.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  act(
                    `mfa:${user.username}`,
                    () => api.users.resetMfa({ username: user.username }),
                    t('users.done.resetMfa', { username: user.username }),
                  )
                }
              >
                <Button size="small" type="link" disabled={busy !== null} loading={busy === `mfa:${user.username}`}>
                  {t('users.action.resetMfa')}
                </Button>
              </Popconfirm>
            ) : null}
            {user.status === 'active' && !self ? (
              <Popconfirm
                title={t('users.confirm.disable', { username: user.username })}
                description={t('users.confirm.disable.body')}
                okText={t('users.confirm.ok.disable')}
                cancelText={t('access.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  act(
                    `disable:${user.username}`,
                    () => api.users.disable({ username: user.username }),
                    t('users.done.disable', { username: user.username }),
                  )
                }
              >
                <Button
                  size="small"
                  type="link"
                  danger
                  disabled={busy !== null}
                  loading={busy === `disable:${user.username}`}
                >
                  {t('users.action.disable')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <div className="lv-page">
      <Flex justify="space-between" align="flex-start" gap="middle" wrap className="lv-page-head">
        <div>
          <Typography.Title level={2} className="lv-page-title">
            {t('users.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="lv-page-intro">
            {t('users.intro')}
          </Typography.Paragraph>
        </div>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      </Flex>
      <FormError error={error} title={t('access.failed')} />
      {users.error ? (
        <ErrorAlert error={users.error} title={t('users.loadFailed')} />
      ) : (
        <Table<UserSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data ?? []}
          loading={users.loading}
          pagination={false}
          scroll={{ x: 980 }}
          className="lv-panel"
        />
      )}
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          users.reload();
          void message.success(t('users.created', { username: user.username }));
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(list, username) => {
          setResetting(null);
          users.setData(list);
          void message.success(t('users.done.resetPassword', { username }));
        }}
      />
    </div>
  );
}
