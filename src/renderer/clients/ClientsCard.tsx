import {
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { clientMatches } from '../../shared/clients/client-search';
import type { ClientSummary } from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { useFormRules, useRevalidateOnLocale } from '../app/form-rules';
import { PanelTitle } from '../app/PanelTitle';
import { sortByName } from '../app/sort';
import type { Loaded } from '../app/use-load';
import { useT } from './i18n';

interface ClientValues {
  name: string;
  uscc?: string;
}

/** The new-client form, and the same form correcting an existing client (`editing`). */
function CreateClientForm(props: {
  editing?: ClientSummary;
  onCancel: () => void;
  onCreated: (client: ClientSummary) => void;
}) {
  const { editing } = props;
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
      const fields = { name: values.name.trim(), uscc: values.uscc?.trim() || undefined };
      const created = editing
        ? await client.clients.update({ clientId: editing.id, ...fields })
        : await client.clients.create(fields);
      props.onCreated(created);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t(editing ? 'clients.editFailed' : 'clients.failed')} />
      <Form<ClientValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        validateTrigger="onBlur"
        disabled={busy}
        initialValues={editing ? { name: editing.name, uscc: editing.uscc ?? undefined } : undefined}
        onFinish={(values) => void onFinish(values)}
        autoComplete="off"
      >
        <Form.Item name="name" label={t('clients.form.name')} rules={[{ ...rules.required, whitespace: true }]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="uscc" label={t('clients.form.uscc')} extra={t('clients.form.uscc.help')}>
          <Input className="lv-mono" maxLength={18} spellCheck={false} />
        </Form.Item>
        <Flex gap="small" justify="flex-end">
          <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t(editing ? 'clients.form.save' : 'clients.form.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** The clients this user may see; managers add new ones. */
export function ClientsCard(props: {
  clients: Loaded<ClientSummary[]>;
  mayCreate: boolean;
  mayEdit?: boolean;
  granted: boolean;
}) {
  const { clients } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ClientSummary | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const sorted = useMemo(
    () =>
      sortByName(
        (clients.data ?? []).filter((c) => (showArchived || c.status === 'active') && clientMatches(c.name, search)),
      ),
    [clients.data, showArchived, search],
  );
  const archivedCount = (clients.data ?? []).filter((c) => c.status === 'archived').length;

  const setArchived = async (target: ClientSummary, archived: boolean) => {
    setError(null);
    setBusy(target.id);
    try {
      await client.clients.archive({ clientId: target.id, archived });
      clients.reload();
      void message.success(t(archived ? 'clients.archived' : 'clients.restored', { name: target.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<ClientSummary> = [
    { title: t('clients.col.name'), dataIndex: 'name' },
    {
      title: t('clients.col.uscc'),
      dataIndex: 'uscc',
      render: (uscc: string | null) =>
        uscc ? <span className="lv-mono">{uscc}</span> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('clients.col.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: ClientSummary['status']) =>
        status === 'active' ? (
          <Tag color="green">{t('clients.status.active')}</Tag>
        ) : (
          <Tag>{t('clients.status.archived')}</Tag>
        ),
    },
    ...(props.mayEdit
      ? [
          {
            title: t('clients.col.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, c: ClientSummary) => (
              <Flex gap={4} wrap>
                <Button
                  size="small"
                  type="link"
                  disabled={busy !== null}
                  aria-label={t('clients.action.edit.label', { name: c.name })}
                  onClick={() => setEditing(c)}
                >
                  {t('clients.action.edit')}
                </Button>
                {c.status === 'active' ? (
                  <Popconfirm
                    title={t('clients.confirm.archive', { name: c.name })}
                    description={<div className="lv-popconfirm-body">{t('clients.confirm.archive.body')}</div>}
                    okText={t('clients.confirm.archive.ok')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void setArchived(c, true)}
                  >
                    <Button
                      size="small"
                      type="link"
                      disabled={busy !== null}
                      loading={busy === c.id}
                      aria-label={t('clients.action.archive.label', { name: c.name })}
                    >
                      {t('clients.action.archive')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    type="link"
                    disabled={busy !== null}
                    loading={busy === c.id}
                    aria-label={t('clients.action.restore.label', { name: c.name })}
                    onClick={() => void setArchived(c, false)}
                  >
                    {t('clients.action.restore')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={<PanelTitle>{t('clients.heading')}</PanelTitle>}
      className="lv-panel"
      data-testid="clients-card"
      extra={
        props.mayCreate ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('clients.create')}
          </Button>
        ) : null
      }
    >
      {props.granted ? <Typography.Paragraph type="secondary">{t('clients.grantedOnly')}</Typography.Paragraph> : null}
      <Flex gap="large" align="center" wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 280, maxWidth: '100%' }}
          aria-label={t('clients.search.label')}
          placeholder={t('clients.search.placeholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {archivedCount > 0 ? (
          <Flex gap="small" align="center">
            <Switch
              size="small"
              checked={showArchived}
              onChange={setShowArchived}
              aria-label={t('clients.showArchived', { count: archivedCount })}
            />
            <Typography.Text>{t('clients.showArchived', { count: archivedCount })}</Typography.Text>
          </Flex>
        ) : null}
      </Flex>
      <FormError error={error} title={t('clients.editFailed')} />
      {clients.error ? (
        <ErrorAlert error={clients.error} title={t('clients.loadFailed')} />
      ) : (
        <Table<ClientSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sorted}
          loading={clients.loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t(props.granted ? 'clients.noneGranted' : 'clients.empty') }}
        />
      )}
      <Modal
        open={creating}
        title={t('clients.create')}
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
            void message.success(t('clients.created', { name: client.name }));
          }}
        />
      </Modal>
      <Modal
        open={editing !== null}
        title={editing ? t('clients.edit.title', { name: editing.name }) : ''}
        footer={null}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        width={520}
      >
        {editing ? (
          <CreateClientForm
            editing={editing}
            onCancel={() => setEditing(null)}
            onCreated={(saved) => {
              setEditing(null);
              clients.reload();
              void message.success(t('clients.saved', { name: saved.name }));
            }}
          />
        ) : null}
      </Modal>
    </Card>
  );
}
