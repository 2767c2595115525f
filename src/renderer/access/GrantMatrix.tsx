import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import type { ClientSummary, GrantRow, UserSummary } from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { PanelTitle } from '../app/PanelTitle';
import { canAny, type SignedInStatus } from '../app/session';
import { sortByName } from '../app/sort';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import './access.css';

type Level = 'none' | 'read' | 'write';

const LEVELS: Level[] = ['none', 'read', 'write'];

function levelOf(grant: GrantRow | undefined): Level {
  return grant ? (grant.canWrite ? 'write' : 'read') : 'none';
}

interface AddValues {
  username: string;
  clientId: number;
  level: 'read' | 'write';
}

/**
 * Managers cannot list staff: they grant by user name, and the matrix shows whoever already
 * holds a grant.
 */
function GrantByUsername(props: { clients: ClientSummary[]; onGranted: (rows: GrantRow[], username: string) => void }) {
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<AddValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: AddValues) => {
    setError(null);
    setBusy(true);
    try {
      const username = values.username.trim();
      const rows = await client.grants.set({ username, clientId: values.clientId, canWrite: values.level === 'write' });
      form.resetFields(['username']);
      props.onGranted(rows, username);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="lv-grant-add" aria-labelledby="lv-grant-add-title">
      <Typography.Title level={4} className="lv-step-title" id="lv-grant-add-title">
        {t('grants.add.title')}
      </Typography.Title>
      <FormError error={error} title={t('grants.failed')} />
      <Form<AddValues>
        form={form}
        layout="inline"
        requiredMark={false}
        validateTrigger="onSubmit"
        disabled={busy}
        initialValues={{ level: 'read' }}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
        className="lv-grant-add-form"
      >
        <Form.Item name="username" label={t('grants.add.username')} rules={rules.username}>
          <Input spellCheck={false} maxLength={64} className="lv-grant-add-user" />
        </Form.Item>
        <Form.Item name="clientId" label={t('grants.add.client')} rules={[rules.required]}>
          <Select
            className="lv-grant-add-client"
            options={sortByName(props.clients).map((c) => ({ value: c.id, label: c.name }))}
            placeholder={t('grants.add.client.placeholder')}
          />
        </Form.Item>
        <Form.Item name="level" label={t('grants.add.level')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'read', label: t('grants.level.read') },
              { value: 'write', label: t('grants.level.write') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('grants.add.submit')}
          </Button>
        </Form.Item>
      </Form>
    </section>
  );
}

/** Rows: staff; columns: clients; each cell 无 / 只读 / 读写. */
export function GrantMatrix(props: { status: SignedInStatus; clients: ClientSummary[] }) {
  const { status } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const listsStaff = canAny(status, 'user.list');
  const grants = useLoad(client.grants.list);
  const staff = useLoad<UserSummary[] | null>(() => (listsStaff ? client.users.list() : Promise.resolve(null)));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<string[]>([]);

  const rows = grants.data ?? [];
  // Admins list only the clients granted to them; the grants name the others anyone holds.
  const columnsClients = useMemo(() => {
    const byId = new Map<number, { id: number; name: string }>();
    for (const c of props.clients) byId.set(c.id, { id: c.id, name: c.name });
    for (const g of rows) if (!byId.has(g.clientId)) byId.set(g.clientId, { id: g.clientId, name: g.clientName });
    return sortByName([...byId.values()]);
  }, [props.clients, rows]);

  const people = useMemo(() => {
    if (staff.data) {
      // Managers reach every client by their role: no grants for them. Disabled accounts cannot sign in.
      return staff.data
        .filter((u) => u.status === 'active' && u.role !== 'manager')
        .map((u) => ({ username: u.username, label: u.displayName, role: u.role }));
    }
    const names = [...new Set([...rows.map((g) => g.username), ...added])].sort();
    return names.map((username) => ({ username, label: null, role: null }));
  }, [staff.data, rows, added]);

  const setLevel = async (username: string, target: { id: number; name: string }, level: Level) => {
    const key = `${username}:${target.id}`;
    setError(null);
    setBusy(key);
    try {
      const next =
        level === 'none'
          ? await client.grants.revoke({ username, clientId: target.id })
          : await client.grants.set({ username, clientId: target.id, canWrite: level === 'write' });
      grants.setData(next);
      void message.success(t('grants.done', { username, client: target.name, level: t(`grants.level.${level}`) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  type Person = (typeof people)[number];
  const columns: TableColumnsType<Person> = [
    {
      title: t('grants.matrix.staff'),
      key: 'person',
      fixed: 'left',
      render: (_: unknown, p) => (
        <div className="lv-grant-person">
          <Typography.Text strong>{p.username}</Typography.Text>
          {p.label && p.label !== p.username ? <Typography.Text type="secondary">{p.label}</Typography.Text> : null}
          {p.role ? <Tag className="lv-grant-role">{t(`role.${p.role}`)}</Tag> : null}
        </div>
      ),
    },
    ...columnsClients.map((c) => ({
      title: c.name,
      key: `client-${c.id}`,
      render: (_: unknown, p: Person) => {
        const level = levelOf(rows.find((g) => g.username === p.username && g.clientId === c.id));
        const key = `${p.username}:${c.id}`;
        return (
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            aria-label={t('grants.cell.label', { username: p.username, client: c.name })}
            value={level}
            disabled={busy !== null}
            className={busy === key ? 'lv-grant-cell lv-grant-cell-busy' : 'lv-grant-cell'}
            onChange={(event) => void setLevel(p.username, c, event.target.value as Level)}
            options={LEVELS.map((value) => ({ value, label: t(`grants.level.${value}`) }))}
          />
        );
      },
    })),
  ];

  const loadError = grants.error ?? staff.error;
  const isManagerView = !listsStaff;

  return (
    <Card title={<PanelTitle>{t('grants.matrix.title')}</PanelTitle>} className="lv-panel" data-testid="grant-matrix">
      <Typography.Paragraph type="secondary">
        {t(isManagerView ? 'grants.matrix.intro.manager' : 'grants.matrix.intro.admin')}
      </Typography.Paragraph>
      <FormError error={error} title={t('grants.failed')} />
      {loadError ? (
        <ErrorAlert error={loadError} title={t('grants.loadFailed')} />
      ) : columnsClients.length === 0 ? (
        <Typography.Paragraph type="secondary" data-testid="grant-matrix-empty">
          {t('grants.matrix.noClients')}
        </Typography.Paragraph>
      ) : (
        <Table<Person>
          rowKey="username"
          size="middle"
          columns={columns}
          dataSource={people}
          loading={grants.loading || staff.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          bordered
          locale={{ emptyText: t(isManagerView ? 'grants.matrix.noGrants' : 'grants.matrix.noUsers') }}
        />
      )}
      {isManagerView && props.clients.length > 0 ? (
        <GrantByUsername
          clients={props.clients}
          onGranted={(next, username) => {
            grants.setData(next);
            setAdded((list) => (list.includes(username) ? list : [...list, username]));
            void message.success(t('grants.added', { username }));
          }}
        />
      ) : null}
    </Card>
  );
}
