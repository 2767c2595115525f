import { App as AntApp, Button, Card, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import type { PurgeRequestView, RetentionClientView, RetentionView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { Accounts, Holds, Periods, useClientLabel, type Act } from './RetentionParts';

const STATUS_COLOR = { pending: 'processing', approved: 'success', refused: 'default' } as const;

function Clients(props: { view: RetentionView; act: Act; busy: boolean }) {
  const t = useT();
  const label = useClientLabel();
  const columns: TableColumnsType<RetentionClientView> = [
    {
      title: t('retention.col.client'),
      key: 'client',
      ellipsis: true,
      render: (_: unknown, c) => (
        <Space size={4}>
          {label(c)}
          {c.held ? <Tag color="warning">{t('retention.held')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('retention.col.deleted'), dataIndex: 'deleted', width: 140 },
    { title: t('retention.col.eligible'), dataIndex: 'eligible', width: 120 },
    {
      title: t('retention.col.next'),
      dataIndex: 'nextPurgeableFrom',
      width: 160,
      render: (d: string | null) => d ?? '—',
    },
    {
      title: t('retention.col.action'),
      key: 'action',
      width: 120,
      render: (_: unknown, c) =>
        props.view.canManage ? (
          <Button
            size="small"
            loading={props.busy}
            onClick={() =>
              void props.act(
                () => client.retention.request({ clientId: c.clientId }),
                () => t('retention.requested'),
              )
            }
          >
            {t('retention.request')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={<PanelTitle>{t('retention.clients.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<RetentionClientView>
        rowKey="clientId"
        size="small"
        columns={columns}
        dataSource={props.view.clients}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('retention.clients.none') }}
        onRow={(c) => ({ 'data-client': String(c.clientId) }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function Requests(props: { view: RetentionView; act: Act; busy: boolean }) {
  const t = useT();
  const label = useClientLabel();
  const columns: TableColumnsType<PurgeRequestView> = [
    { title: t('retention.col.request'), dataIndex: 'id', width: 70 },
    { title: t('retention.col.client'), key: 'client', ellipsis: true, render: (_: unknown, r) => label(r) },
    { title: t('retention.col.records'), dataIndex: 'records', width: 80 },
    {
      title: t('retention.col.requestedBy'),
      key: 'by',
      width: 200,
      render: (_: unknown, r) => `${formatShanghai(r.requestedAt)} ${r.requestedBy}`,
    },
    {
      title: t('retention.col.status'),
      key: 'status',
      width: 300,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[r.status]} data-status={r.status}>
            {t(`retention.status.${r.status}`)}
          </Tag>
          {r.decidedAt ? (
            <span>{t('retention.decidedBy', { at: formatShanghai(r.decidedAt), by: r.decidedBy ?? '' })}</span>
          ) : null}
          {r.status === 'pending' && !r.canApprove && r.canRefuse ? (
            <Typography.Text type="secondary" data-testid="retention-waiting-other">
              {t('retention.waitingOther')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('retention.col.action'),
      key: 'action',
      width: 190,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.canApprove ? (
            <Popconfirm
              title={t('retention.approveAsk', { client: label(r), count: r.records })}
              onConfirm={() =>
                void props.act(
                  () => client.retention.approve({ requestId: r.id }),
                  () => t('retention.approved', { count: r.records }),
                )
              }
            >
              <Button size="small" type="primary" danger loading={props.busy}>
                {t('retention.approve')}
              </Button>
            </Popconfirm>
          ) : null}
          {r.canRefuse ? (
            <Button
              size="small"
              loading={props.busy}
              onClick={() => void props.act(() => client.retention.refuse({ requestId: r.id }))}
            >
              {t(r.canApprove ? 'retention.refuse' : 'retention.withdraw')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Card title={<PanelTitle>{t('retention.requests.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<PurgeRequestView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.view.requests}
        pagination={false}
        locale={{ emptyText: t('retention.requests.none') }}
        onRow={(r) => ({ 'data-request': String(r.id) }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

/** 会计档案保管 (issue 17, Build 9): admins and managers keep it, auditors read it; all checked again in the core. */
export function RetentionPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const loaded = useLoad(client.retention.get);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [clients, setClients] = useState<{ id: number; name: string }[]>([]);
  const view = loaded.data;
  useEffect(() => {
    if (!view?.canManage) return;
    client.clients.list({ includeArchived: true }).then(
      (list) => setClients(list.map((c) => ({ id: c.id, name: c.name }))),
      () => setClients([]),
    );
  }, [view?.canManage]);
  const act: Act = async (call, done) => {
    setBusy(true);
    setRefusal(null);
    try {
      const next = await call();
      loaded.setData(next);
      const note = done?.(next);
      if (note) void message.success(note);
    } catch (err) {
      // Kept on the screen (not a passing notice): a refusal says what to do and when.
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lv-page" data-testid="retention">
      <div className="lv-page-head">
        <PageTitle>{t('retention.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('retention.intro')}
        </Typography.Paragraph>
      </div>
      {loaded.error ? <ErrorAlert error={loaded.error} title={t('retention.failed')} /> : null}
      {refusal ? (
        <div className="lv-alert-gap" data-testid="retention-refusal">
          <ErrorAlert error={refusal} title={t('retention.refusedTitle')} />
        </div>
      ) : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Requests view={view} act={act} busy={busy} />
          <Clients view={view} act={act} busy={busy} />
          <Holds view={view} clients={clients} act={act} busy={busy} />
          <Periods view={view} act={act} busy={busy} />
          <Accounts view={view} act={act} busy={busy} />
        </Space>
      ) : null}
    </div>
  );
}
