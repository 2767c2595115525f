import { App as AntApp, Button, Flex, Popconfirm, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { Role, UserSummary } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { useSignedIn } from '../app/session';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { useStaffT } from './staff-i18n';
import { EditUserModal, EnableUserModal } from './StaffForms';
import { CreateUserModal, ResetPasswordModal } from './UserForms';

/** Roles whose permissions already include seeing full account numbers (ROLE_MATRIX). */
const REVEAL_BY_ROLE: readonly Role[] = ['manager'];

/** 员工与角色: every staff account, and what an admin can do to each. */
export function UsersPage() {
  const t = useT();
  const ts = useStaffT();
  const { message, modal } = AntApp.useApp();
  const me = useSignedIn().user;
  const users = useLoad(client.users.list);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [enabling, setEnabling] = useState<UserSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  /**
   * Runs one action on one account; the core answers with the new list. Never rejects (a failure
   * goes to the page's error alert), so event handlers start it with `void`.
   */
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
        until ? (
          <Tag color="red">{formatShanghai(until, 'second')}</Tag>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('users.col.mustChange'),
      dataIndex: 'mustChangePassword',
      render: (must: boolean, user) =>
        user.needsReset ? (
          <Tag color="red" data-testid={`needs-reset-${user.username}`}>
            {t('users.needsReset')}
          </Tag>
        ) : must ? (
          <Tag color="orange">{t('users.mustChange.yes')}</Tag>
        ) : (
          t('users.mustChange.no')
        ),
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
            onChange={(granted) => {
              const run = () =>
                act(
                  `reveal:${user.username}`,
                  () => client.users.setPermission({ username: user.username, permission: 'records.reveal', granted }),
                  t(granted ? 'users.done.reveal.on' : 'users.done.reveal.off', { username: user.username }),
                );
              // Granting says what it allows first; taking it away needs no second thought.
              if (!granted) return void run();
              void modal.confirm({
                title: ts('staff.reveal.confirm', { username: user.username }),
                content: ts('staff.reveal.body', { username: user.username }),
                okText: ts('staff.reveal.ok'),
                cancelText: t('common.cancel'),
                onOk: run,
              });
            }}
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
            <Button size="small" type="link" disabled={busy !== null} onClick={() => setEditing(user)}>
              {ts('staff.action.edit')}
            </Button>
            {user.status === 'disabled' ? (
              <Button size="small" type="link" disabled={busy !== null} onClick={() => setEnabling(user)}>
                {ts('staff.action.enable')}
              </Button>
            ) : null}
            {!self && user.status === 'active' ? (
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
                    () => client.users.unlock({ username: user.username }),
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
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  void act(
                    `mfa:${user.username}`,
                    () => client.users.resetMfa({ username: user.username }),
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
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  void act(
                    `disable:${user.username}`,
                    () => client.users.disable({ username: user.username }),
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
          <PageTitle>{t('users.title')}</PageTitle>
          <Typography.Paragraph type="secondary" className="lv-page-intro">
            {t('users.intro')}
          </Typography.Paragraph>
        </div>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      </Flex>
      <FormError error={error} title={t('common.failed')} />
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
      <EditUserModal
        user={editing}
        self={editing?.username === me.username}
        onClose={() => setEditing(null)}
        onDone={(list, username) => {
          setEditing(null);
          users.setData(list);
          void message.success(ts('staff.done.edit', { username }));
        }}
      />
      <EnableUserModal
        user={enabling}
        onClose={() => setEnabling(null)}
        onDone={(list, username) => {
          setEnabling(null);
          users.setData(list);
          void message.success(ts('staff.done.enable', { username }));
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
