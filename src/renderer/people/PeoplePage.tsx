import { Button, Card, List, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { AcknowledgementView, PeopleView, StaffDutiesView, TrainingSessionView } from '../../shared/contract';
import type { Due } from '../../shared/people/rules';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { DocumentLink } from '../documents/DocumentPick';
import { StatusTag } from '../posture/status';
import { useT } from './i18n';
import { AcknowledgeDialog, TrainingDialog } from './PeopleDialogs';

type Duty = 'confidentiality' | 'conduct' | 'training';
const DUTIES: Duty[] = ['confidentiality', 'conduct', 'training'];

function dutyLabel(t: ReturnType<typeof useT>, duty: Duty): string {
  return duty === 'training' ? t('people.training') : t(`people.kind.${duty}`);
}

/** One duty's cell: its colour, when it was last done and when it is next due, and the scan if any. */
function DutyCell(props: { due: Due; duty: Duty; ack?: AcknowledgementView | null }) {
  const t = useT();
  const { due } = props;
  return (
    <Space direction="vertical" size={0}>
      <Space size={4}>
        <StatusTag status={due.status} />
        <Typography.Text style={{ fontSize: 12 }}>
          {due.lastOn
            ? t(props.duty === 'training' ? 'people.passedOn' : 'people.signedOn', { day: due.lastOn })
            : t('people.never')}
        </Typography.Text>
      </Space>
      {due.dueOn ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('people.dueOn', { day: due.dueOn })}
        </Typography.Text>
      ) : null}
      {props.ack?.file ? (
        <DocumentLink
          file={props.ack.file}
          save={() => client.people.exportFile({ acknowledgementId: props.ack!.id })}
        />
      ) : null}
    </Space>
  );
}

/** Who is due or overdue, and for what: the screen's reminder. */
function DueList(props: { view: PeopleView }) {
  const t = useT();
  const due = props.view.staff.filter((s) => s.status !== 'green');
  const when = (d: Due) =>
    d.detail === 'never'
      ? t('people.due.never')
      : t(d.detail === 'overdue' ? 'people.due.overdue' : 'people.due.soon', { dueOn: d.dueOn ?? '' });
  return (
    <Card
      title={<PanelTitle>{t('people.due.title')}</PanelTitle>}
      className="lv-panel"
      size="small"
      data-testid="people-due"
    >
      {due.length === 0 ? (
        <Typography.Text type="secondary">{t('people.due.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={due}
          renderItem={(s) => (
            <List.Item data-person={s.username}>
              <Space wrap size={[12, 0]}>
                <StatusTag status={s.status} />
                <Typography.Text strong>{s.displayName || s.username}</Typography.Text>
                {DUTIES.filter((d) => s[d].status !== 'green').map((d) => (
                  <Typography.Text key={d} type={s[d].status === 'red' ? 'danger' : 'warning'}>
                    {t('people.due.item', { what: dutyLabel(t, d), when: when(s[d]) })}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function StaffTable(props: { view: PeopleView; actions: React.ReactNode }) {
  const t = useT();
  const columns: TableColumnsType<StaffDutiesView> = [
    {
      title: t('people.col.person'),
      key: 'person',
      render: (_: unknown, s) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{s.displayName || s.username}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.username} · {t(`role.${s.role}`)}
          </Typography.Text>
        </Space>
      ),
    },
    ...DUTIES.map((d) => ({
      title: dutyLabel(t, d),
      key: d,
      render: (_: unknown, s: StaffDutiesView) => (
        <DutyCell due={s[d]} duty={d} ack={d === 'training' ? null : s[d].latest} />
      ),
    })),
  ];
  return (
    <Card
      title={<PanelTitle>{t('people.staff.title')}</PanelTitle>}
      extra={props.actions}
      className="lv-panel"
      size="small"
    >
      <Table<StaffDutiesView>
        rowKey="username"
        size="small"
        columns={columns}
        dataSource={props.view.staff}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ 'data-person': s.username }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function Sessions(props: { sessions: TrainingSessionView[] }) {
  const t = useT();
  const columns: TableColumnsType<TrainingSessionView> = [
    { title: t('people.col.heldOn'), dataIndex: 'heldOn', width: 110 },
    { title: t('people.col.topic'), dataIndex: 'topic', ellipsis: true },
    { title: t('people.col.trainer'), dataIndex: 'trainer', width: 120 },
    {
      title: t('people.col.results'),
      key: 'results',
      render: (_: unknown, s) => (
        <Space wrap size={[4, 4]}>
          {s.results.map((r) => (
            <Tag
              key={r.username}
              color={r.result === 'passed' ? 'success' : r.result === 'failed' ? 'error' : 'default'}
            >
              {r.displayName || r.username} {t(`people.result.${r.result}`)}
              {r.score !== null ? ` ${r.score}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card title={<PanelTitle>{t('people.sessions.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<TrainingSessionView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.sessions}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="people-sessions"
      />
    </Card>
  );
}

function Acknowledgements(props: { rows: AcknowledgementView[] }) {
  const t = useT();
  const columns: TableColumnsType<AcknowledgementView> = [
    { title: t('people.col.person'), key: 'p', render: (_: unknown, a) => a.displayName || a.username },
    {
      title: t('people.col.kind'),
      dataIndex: 'kind',
      render: (k: AcknowledgementView['kind']) => t(`people.kind.${k}`),
    },
    { title: t('people.col.signedOn'), dataIndex: 'signedOn', width: 110 },
    {
      title: t('people.col.file'),
      key: 'file',
      render: (_: unknown, a) =>
        a.file ? (
          <DocumentLink file={a.file} save={() => client.people.exportFile({ acknowledgementId: a.id })} />
        ) : (
          '—'
        ),
    },
    {
      title: t('people.col.recorded'),
      key: 'rec',
      render: (_: unknown, a) => `${formatShanghai(a.recordedAt)} ${a.recordedBy}`,
    },
  ];
  return (
    <Card title={<PanelTitle>{t('people.acks.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<AcknowledgementView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </Card>
  );
}

/** 人员与培训 (issue 17, Build 4): admins and managers record, auditors read; checked again in the core. */
export function PeoplePage() {
  const t = useT();
  const people = useLoad(client.people.get);
  const view = people.data;
  const [dialog, setDialog] = useState<'ack' | 'training' | null>(null);
  const actions = view?.canManage ? (
    <Space>
      <Button onClick={() => setDialog('ack')} data-testid="people-ack-open">
        {t('people.ack.open')}
      </Button>
      <Button type="primary" onClick={() => setDialog('training')} data-testid="people-training-open">
        {t('people.training.open')}
      </Button>
    </Space>
  ) : null;
  return (
    <div className="lv-page" data-testid="people">
      <div className="lv-page-head">
        <PageTitle>{t('people.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('people.intro')}
        </Typography.Paragraph>
      </div>
      {people.error ? <ErrorAlert error={people.error} title={t('people.failed')} /> : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <DueList view={view} />
          <StaffTable view={view} actions={actions} />
          {view.sessions.length > 0 ? <Sessions sessions={view.sessions} /> : null}
          {view.acknowledgements.length > 0 ? <Acknowledgements rows={view.acknowledgements} /> : null}
          {dialog === 'ack' ? (
            <AcknowledgeDialog view={view} open onClose={() => setDialog(null)} onDone={people.setData} />
          ) : null}
          {dialog === 'training' ? (
            <TrainingDialog view={view} open onClose={() => setDialog(null)} onDone={people.setData} />
          ) : null}
        </Space>
      ) : null}
    </div>
  );
}
