import {
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import type { ClientSummary, GrantRow, UserSummary } from '../../shared/ipc-contract';
import { api } from '../api';
import { ErrorAlert, FormError } from '../components/ErrorAlert';
import { PanelTitle } from '../components/PanelTitle';
import { useLoad, type Loaded } from '../components/use-load';
import { useFormRules, useRevalidateOnLocale } from '../form-rules';
import { useT } from '../i18n';
import { canAny, canManageGrants, useSignedIn, type SignedInStatus } from '../session';

type Level = 'none' | 'read' | 'write';

const LEVELS: Level[] = ['none', 'read', 'write'];

function levelOf(grant: GrantRow | undefined): Level {
  return grant ? (grant.canWrite ? 'write' : 'read') : 'none';
}

/** Client names in the order a person looks for them (pinyin for Chinese names). */
function sortByName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

interface ClientValues {
  name: string;
  uscc?: string;
}

function CreateClientForm(props: { onCancel: () => void; onCreated: (client: ClientSummary) => void }) {
  const t = useT();
  const rules = useFormRules();
  const [form] = Form.useForm<ClientValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useRevalidateOnLocale(form);

  const onFinish = async (values: ClientValues) => {
    setError(null);
    setBusy(true);
    try {
      // The unified social credit code is checked by the core (GB 32100-2015), which explains any problem.
      const client = await api.clients.create({ name: values.name.trim(), uscc: values.uscc?.trim() || undefined });
      props.onCreated(client);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('grants.clients.failed')} />
      <Form<ClientValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        validateTrigger="onBlur"
        disabled={busy}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item name="name" label={t('grants.clients.form.name')} rules={[{ ...rules.required, whitespace: true }]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="uscc" label={t('grants.clients.form.uscc')} extra={t('grants.clients.form.uscc.help')}>
          <Input className="lv-mono" maxLength={18} spellCheck={false} />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('access.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('grants.clients.form.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** The clients this user may see; managers add new ones. */
function ClientsCard(props: { clients: Loaded<ClientSummary[]>; mayCreate: boolean; granted: boolean }) {
  const { clients } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const sorted = useMemo(() => sortByName(clients.data ?? []), [clients.data]);

  const columns: TableColumnsType<ClientSummary> = [
    { title: t('grants.clients.col.name'), dataIndex: 'name' },
    {
      title: t('grants.clients.col.uscc'),
      dataIndex: 'uscc',
      render: (uscc: string | null) =>
        uscc ? <span className="lv-mono">{uscc}</span> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('grants.clients.col.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: ClientSummary['status']) =>
        status === 'active' ? (
          <Tag color="green">{t('grants.clients.status.active')}</Tag>
        ) : (
          <Tag>{t('grants.clients.status.archived')}</Tag>
        ),
    },
  ];

  return (
    <Card
      title={<PanelTitle>{t('grants.clients')}</PanelTitle>}
      className="lv-panel"
      data-testid="clients-card"
      extra={
        props.mayCreate ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('grants.clients.create')}
          </Button>
        ) : null
      }
    >
      {props.granted ? (
        <Typography.Paragraph type="secondary">{t('grants.clients.grantedOnly')}</Typography.Paragraph>
      ) : null}
      {clients.error ? (
        <ErrorAlert error={clients.error} title={t('grants.clients.loadFailed')} />
      ) : (
        <Table<ClientSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sorted}
          loading={clients.loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t(props.granted ? 'grants.clients.noneGranted' : 'grants.clients.empty') }}
        />
      )}
      <Modal
        open={creating}
        title={t('grants.clients.create')}
        footer={null}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        width={520}
      >
        <CreateClientForm
          onCancel={() => setCreating(false)}
          onCreated={(client) => {
            setCreating(false);
            clients.reload();
            void message.success(t('grants.clients.created', { name: client.name }));
          }}
        />
      </Modal>
    </Card>
  );
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
      const rows = await api.grants.set({ username, clientId: values.clientId, canWrite: values.level === 'write' });
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
function GrantMatrix(props: { status: SignedInStatus; clients: ClientSummary[] }) {
  const { status } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const listsStaff = canAny(status, 'user.list');
  const grants = useLoad(api.grants.list);
  const staff = useLoad<UserSummary[] | null>(() => (listsStaff ? api.users.list() : Promise.resolve(null)));
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

  const setLevel = async (username: string, client: { id: number; name: string }, level: Level) => {
    const key = `${username}:${client.id}`;
    setError(null);
    setBusy(key);
    try {
      const next =
        level === 'none'
          ? await api.grants.revoke({ username, clientId: client.id })
          : await api.grants.set({ username, clientId: client.id, canWrite: level === 'write' });
      grants.setData(next);
      void message.success(t('grants.done', { username, client: client.name, level: t(`grants.level.${level}`) }));
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
    ...columnsClients.map((client) => ({
      title: client.name,
      key: `client-${client.id}`,
      render: (_: unknown, p: Person) => {
        const level = levelOf(rows.find((g) => g.username === p.username && g.clientId === client.id));
        const key = `${p.username}:${client.id}`;
        return (
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            aria-label={t('grants.cell.label', { username: p.username, client: client.name })}
            value={level}
            disabled={busy !== null}
            className={busy === key ? 'lv-grant-cell lv-grant-cell-busy' : 'lv-grant-cell'}
            onChange={(event) => void setLevel(p.username, client, event.target.value as Level)}
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

/** 客户与授权: the clients this user may see and, for admins and managers, who may reach which. */
export function ClientsPage() {
  const t = useT();
  const status = useSignedIn();
  const clients = useLoad(api.clients.list);
  const grantsShown = canManageGrants(status);
  const mayCreate = canAny(status, 'client.create');
  // Managers see every client; everyone else only those granted to them.
  const granted = status.user.role !== 'manager';

  return (
    <div className="lv-page">
      <div className="lv-page-head">
        <Typography.Title level={2} className="lv-page-title">
          {t(grantsShown ? 'grants.title' : 'grants.title.clientsOnly')}
        </Typography.Title>
      </div>
      <Flex vertical gap="large">
        <ClientsCard clients={clients} mayCreate={mayCreate} granted={granted} />
        {grantsShown ? <GrantMatrix status={status} clients={clients.data ?? []} /> : null}
      </Flex>
    </div>
  );
}
