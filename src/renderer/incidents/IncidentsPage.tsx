import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { IncidentDetail, IncidentSeverity, IncidentSummary } from '../../shared/contract';
import { INCIDENT_SEVERITIES } from '../../shared/incidents/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { IncidentView } from './IncidentView';
import { DrillTag, SEVERITY_COLOR } from './tags';
import { LetterTemplates } from './LetterTemplates';
import { useAction } from './use-action';
import './incidents.css';

interface NewForm {
  title: string;
  severity: IncidentSeverity;
  foundAt: string;
  foundBy: string;
  whatHappened: string;
  contact?: string;
}

function NewIncident(props: { isDrill: boolean; onClose: () => void; onDone: (d: IncidentDetail) => void }) {
  const t = useT();
  const { busy, run } = useAction();
  const [form] = Form.useForm<NewForm>();
  const required = [{ required: true, message: t('incidents.form.required') }];
  const submit = async (v: NewForm) => {
    const made = await run('add', () =>
      client.incidents.add({ ...v, isDrill: props.isDrill, contact: v.contact ?? null }),
    );
    if (made) props.onDone(made);
  };
  return (
    <Modal
      open
      title={t(props.isDrill ? 'incidents.form.drillTitle' : 'incidents.form.incidentTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('incidents.form.submit')}
      confirmLoading={busy === 'add'}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ severity: 'medium' }}>
        <Form.Item name="title" label={t('incidents.form.title')} rules={required}>
          <Input data-testid="incident-title" maxLength={200} />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }}>
          <Form.Item name="severity" label={t('incidents.form.severity')} rules={required}>
            <Select
              style={{ width: 120 }}
              data-testid="incident-severity"
              options={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="foundAt"
            label={t('incidents.form.foundAt')}
            rules={required}
            tooltip={t('incidents.form.foundAt.help')}
          >
            <Input data-testid="incident-found-at" placeholder="2026-12-01 09:30" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="foundBy" label={t('incidents.form.foundBy')} rules={required}>
            <Input data-testid="incident-found-by" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="whatHappened" label={t('incidents.form.what')} rules={required}>
          <Input.TextArea data-testid="incident-what" rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="contact" label={t('incidents.form.contact')}>
          <Input data-testid="incident-contact" maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Register(props: { rows: IncidentSummary[]; onOpen: (id: number) => void }) {
  const t = useT();
  const columns: TableColumnsType<IncidentSummary> = [
    {
      title: t('incidents.col.title'),
      key: 'title',
      render: (_: unknown, r) => (
        <Space size={4}>
          <DrillTag isDrill={r.isDrill} />
          <Typography.Link onClick={() => props.onOpen(r.id)}>{r.title}</Typography.Link>
        </Space>
      ),
    },
    {
      title: t('incidents.col.severity'),
      dataIndex: 'severity',
      width: 100,
      render: (s: IncidentSeverity) => <Tag color={SEVERITY_COLOR[s]}>{t(`incidents.severity.${s}`)}</Tag>,
    },
    { title: t('incidents.col.foundAt'), dataIndex: 'foundAt', width: 150, render: (at: string) => formatShanghai(at) },
    {
      title: t('incidents.col.clients'),
      key: 'clients',
      width: 150,
      render: (_: unknown, r) => `${r.notified} / ${r.clients}`,
    },
    {
      title: t('incidents.col.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: 'open' | 'closed') => (
        <Tag color={s === 'open' ? 'processing' : 'success'}>{t(`incidents.status.${s}`)}</Tag>
      ),
    },
  ];
  return (
    <Table<IncidentSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={props.rows}
      pagination={{ pageSize: 15, hideOnSinglePage: true }}
      locale={{ emptyText: t('incidents.none') }}
      onRow={(r) => ({ 'data-incident': r.title }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

/** 事件与演练 (issue 17, Build 3): admins and managers keep the register, auditors read it; the core decides. */
export function IncidentsPage() {
  const t = useT();
  const list = useLoad(client.incidents.list);
  const [creating, setCreating] = useState<'incident' | 'drill' | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const view = list.data;
  if (openId !== null)
    return (
      <IncidentView
        id={openId}
        staff={view?.staff ?? []}
        onBack={() => {
          setOpenId(null);
          list.reload();
        }}
      />
    );
  return (
    <div className="lv-page" data-testid="incidents">
      <div className="lv-page-head">
        <PageTitle>{t('incidents.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('incidents.intro')}
        </Typography.Paragraph>
      </div>
      {list.error ? <ErrorAlert error={list.error} title={t('incidents.failed')} /> : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card
            title={<PanelTitle>{t('incidents.register')}</PanelTitle>}
            className="lv-panel"
            size="small"
            extra={
              view.canManage ? (
                <Space>
                  <Button type="primary" danger onClick={() => setCreating('incident')} data-testid="incident-new">
                    {t('incidents.new')}
                  </Button>
                  <Button onClick={() => setCreating('drill')} data-testid="incident-new-drill">
                    {t('incidents.newDrill')}
                  </Button>
                </Space>
              ) : null
            }
          >
            <Register rows={view.incidents} onOpen={setOpenId} />
          </Card>
          <LetterTemplates canManage={view.canManage} />
        </Space>
      ) : null}
      {creating ? (
        <NewIncident
          isDrill={creating === 'drill'}
          onClose={() => setCreating(null)}
          onDone={(d) => {
            setCreating(null);
            setOpenId(d.id);
          }}
        />
      ) : null}
    </div>
  );
}
