import { Button, Card, Descriptions, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { IncidentDetail, IncidentStepKind, IncidentStepView } from '../../shared/contract';
import { INCIDENT_STEP_KINDS } from '../../shared/incidents/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { AffectedClients } from './AffectedClients';
import { useT } from './i18n';
import { DrillTag, SEVERITY_COLOR } from './tags';
import { useAction } from './use-action';

type Props = { view: IncidentDetail; onChange: (v: IncidentDetail) => void };

function Team(props: Props & { staff: { username: string; displayName: string }[] }) {
  const t = useT();
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ username: string; role: string }>();
  const v = props.view;
  const add = async (input: { username: string; role: string }) => {
    const next = await run('team', () => client.incidents.setTeam({ id: v.id, ...input }));
    if (next) {
      props.onChange(next);
      form.resetFields();
    }
  };
  return (
    <Card title={<PanelTitle>{t('incidents.team.title')}</PanelTitle>} className="lv-panel" size="small">
      {v.team.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('incidents.team.none')}</Typography.Paragraph>
      ) : (
        <Space wrap style={{ marginBottom: 8 }} data-testid="incident-team">
          {v.team.map((m) => (
            <Tag key={m.username}>{`${m.displayName || m.username} · ${m.role}`}</Tag>
          ))}
        </Space>
      )}
      {v.canManage ? (
        <Form form={form} layout="inline" onFinish={(x) => void add(x)}>
          <Form.Item name="username" rules={[{ required: true, message: t('incidents.form.required') }]}>
            <Select
              aria-label={t('incidents.team.person')}
              placeholder={t('incidents.team.person')}
              style={{ width: 180 }}
              data-testid="team-person"
              options={props.staff.map((s) => ({ value: s.username, label: `${s.displayName}（${s.username}）` }))}
            />
          </Form.Item>
          <Form.Item name="role" rules={[{ required: true, message: t('incidents.form.required') }]}>
            <Input
              aria-label={t('incidents.team.role')}
              placeholder={t('incidents.team.role')}
              data-testid="team-role"
            />
          </Form.Item>
          <Button htmlType="submit" loading={busy === 'team'}>
            {t('incidents.team.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function Steps(props: Props) {
  const t = useT();
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ kind: IncidentStepKind; text: string }>();
  const v = props.view;
  const add = async (input: { kind: IncidentStepKind; text: string }) => {
    const next = await run('step', () => client.incidents.addStep({ id: v.id, ...input }));
    if (next) {
      props.onChange(next);
      form.resetFields(['text']);
    }
  };
  return (
    <Card title={<PanelTitle>{t('incidents.steps.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<IncidentStepView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={v.steps}
        locale={{ emptyText: t('incidents.steps.none') }}
        columns={[
          { title: t('incidents.steps.at'), dataIndex: 'at', width: 140, render: (at: string) => formatShanghai(at) },
          {
            title: t('incidents.steps.kind'),
            dataIndex: 'kind',
            width: 80,
            render: (k: IncidentStepKind) => t(`incidents.step.${k}`),
          },
          { title: t('incidents.steps.text'), dataIndex: 'text' },
          { title: t('incidents.steps.by'), dataIndex: 'by', width: 90 },
        ]}
      />
      {v.canManage ? (
        <Form
          form={form}
          layout="inline"
          onFinish={(x) => void add(x)}
          initialValues={{ kind: 'containment' }}
          style={{ marginTop: 8 }}
        >
          <Form.Item name="kind">
            <Select
              aria-label={t('incidents.steps.kind')}
              style={{ width: 100 }}
              data-testid="step-kind"
              options={INCIDENT_STEP_KINDS.map((k) => ({ value: k, label: t(`incidents.step.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="text" rules={[{ required: true, message: t('incidents.form.required') }]}>
            <Input
              aria-label={t('incidents.steps.text')}
              placeholder={t('incidents.steps.text')}
              style={{ width: 420 }}
              data-testid="step-text"
            />
          </Form.Item>
          <Button htmlType="submit" loading={busy === 'step'} data-testid="step-add">
            {t('incidents.steps.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function Closure(props: Props) {
  const t = useT();
  const { busy, run } = useAction();
  const v = props.view;
  const [lessons, setLessons] = useState(v.lessons ?? '');
  const save = async () => {
    const next = await run('lessons', () => client.incidents.lessons({ id: v.id, lessons }), t('incidents.saved'));
    if (next) props.onChange(next);
  };
  // Lessons typed but not saved go with the closure: closing asks for them first anyway.
  const close = async () => {
    const next = await run(
      'close',
      async () => {
        if (lessons.trim() && lessons !== (v.lessons ?? '')) await client.incidents.lessons({ id: v.id, lessons });
        return client.incidents.close({ id: v.id });
      },
      t('incidents.close.done'),
    );
    if (next) props.onChange(next);
  };
  return (
    <Card title={<PanelTitle>{t('incidents.lessons.title')}</PanelTitle>} className="lv-panel" size="small">
      {v.canManage ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('incidents.lessons.title')}
            rows={3}
            value={lessons}
            onChange={(e) => setLessons(e.target.value)}
            data-testid="incident-lessons"
          />
          <Space>
            <Button onClick={() => void save()} loading={busy === 'lessons'} disabled={!lessons.trim()}>
              {t('incidents.lessons.save')}
            </Button>
            <Popconfirm title={t('incidents.close.ask')} onConfirm={() => void close()}>
              <Button type="primary" loading={busy === 'close'} data-testid="incident-close">
                {t('incidents.close.button')}
              </Button>
            </Popconfirm>
          </Space>
        </Space>
      ) : (
        <Typography.Paragraph className="lv-incident-text">{v.lessons ?? '—'}</Typography.Paragraph>
      )}
    </Card>
  );
}

/** One incident or drill: what happened, who responds, what was done, whom it touched, and closure. */
export function IncidentView(props: {
  id: number;
  staff: { username: string; displayName: string }[];
  onBack: () => void;
}) {
  const t = useT();
  const loaded = useLoad(() => client.incidents.get({ id: props.id }));
  const v = loaded.data;
  return (
    <div className="lv-page" data-testid="incident">
      <div className="lv-page-head">
        <Button type="link" onClick={props.onBack} style={{ paddingLeft: 0 }}>
          ← {t('incidents.detail.back')}
        </Button>
        <PageTitle>{v ? v.title : t('incidents.title')}</PageTitle>
      </div>
      {loaded.error ? <ErrorAlert error={loaded.error} title={t('incidents.failed')} /> : null}
      {v ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card className="lv-panel" size="small">
            <Space size={6} style={{ marginBottom: 8 }}>
              <DrillTag isDrill={v.isDrill} />
              <Tag color={SEVERITY_COLOR[v.severity]}>{t(`incidents.severity.${v.severity}`)}</Tag>
              <Tag color={v.status === 'open' ? 'processing' : 'success'} data-testid="incident-status">
                {t(`incidents.status.${v.status}`)}
              </Tag>
            </Space>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('incidents.col.foundAt')}>
                {t('incidents.detail.found', {
                  foundAt: formatShanghai(v.foundAt),
                  foundBy: v.foundBy,
                  createdBy: v.createdBy,
                })}
                {v.closedAt
                  ? `；${t('incidents.detail.closed', { closedAt: formatShanghai(v.closedAt), closedBy: v.closedBy ?? '' })}`
                  : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('incidents.form.what')}>
                <span className="lv-incident-text">{v.whatHappened}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('incidents.detail.contact')}>{v.contact ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Team view={v} onChange={loaded.setData} staff={props.staff} />
          <Steps view={v} onChange={loaded.setData} />
          <AffectedClients view={v} onChange={loaded.setData} />
          <Closure key={v.status} view={v} onChange={loaded.setData} />
        </Space>
      ) : null}
    </div>
  );
}
