import {
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
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
      const created = await client.clients.create({ name: values.name.trim(), uscc: values.uscc?.trim() || undefined });
      props.onCreated(created);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <FormError error={error} title={t('clients.failed')} />
      <Form<ClientValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        validateTrigger="onBlur"
        disabled={busy}
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
            {t('clients.form.submit')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

/** The clients this user may see; managers add new ones. */
export function ClientsCard(props: { clients: Loaded<ClientSummary[]>; mayCreate: boolean; granted: boolean }) {
  const { clients } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const sorted = useMemo(() => sortByName(clients.data ?? []), [clients.data]);

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
    </Card>
  );
}
