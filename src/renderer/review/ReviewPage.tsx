import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ReviewItemView, ReviewRoundView, ReviewView } from '../../shared/contract';
import { formatShanghai, shanghaiDate } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';

const DECISION_COLOR = { confirmed: 'success', revoked: 'error', gone: 'default' } as const;

/** Admins: a due date (two weeks ahead unless changed) and the manager who decides accountants' grants. */
function StartRound(props: { view: ReviewView; onDone: (v: ReviewView) => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [due, setDue] = useState<Dayjs | null>(dayjs(shanghaiDate(Date.now() + 14 * 86_400_000)));
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    if (!due) return;
    setBusy(true);
    try {
      const next = await client.review.start({ dueDate: due.format('YYYY-MM-DD'), reviewer });
      void message.success(t('review.start.done', { count: next.items.length }));
      props.onDone(next);
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<PanelTitle>{t('review.start.title')}</PanelTitle>} className="lv-panel" size="small">
      <Form layout="inline" onFinish={() => void start()}>
        <Form.Item label={t('review.start.due')} htmlFor="review-due">
          <DatePicker
            id="review-due"
            value={due}
            onChange={setDue}
            format="YYYY-MM-DD"
            allowClear={false}
            data-testid="review-due"
          />
        </Form.Item>
        <Form.Item label={t('review.start.reviewer')} htmlFor="review-reviewer">
          <Select
            id="review-reviewer"
            style={{ width: 200 }}
            value={reviewer ?? ''}
            onChange={(v: string) => setReviewer(v === '' ? null : v)}
            data-testid="review-reviewer"
            options={[
              { value: '', label: t('review.start.reviewer.admins') },
              ...props.view.reviewers.map((r) => ({ value: r.username, label: `${r.displayName}（${r.username}）` })),
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="review-start">
            {t('review.start.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function OpenRound(props: { view: ReviewView; onDone: (v: ReviewView) => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<number | null>(null);
  const open = props.view.open!;
  const decide = async (item: ReviewItemView, decision: 'confirm' | 'revoke') => {
    setBusy(item.id);
    try {
      props.onDone(await client.review.decide({ itemId: item.id, decision }));
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(null);
    }
  };
  const clientOf = (i: ReviewItemView) => i.clientName ?? t('review.client.unnamed', { id: i.clientId });
  const columns: TableColumnsType<ReviewItemView> = [
    {
      title: t('review.col.person'),
      key: 'person',
      render: (_: unknown, i) =>
        `${i.displayName || i.username}（${t(i.role === 'auditor' ? 'role.auditor.short' : 'role.accountant.short')}）`,
    },
    { title: t('review.col.client'), key: 'client', ellipsis: true, render: (_: unknown, i) => clientOf(i) },
    {
      title: t('review.col.access'),
      dataIndex: 'canWrite',
      width: 90,
      render: (w: boolean) => t(w ? 'review.access.write' : 'review.access.read'),
    },
    {
      title: t('review.col.grantedAt'),
      dataIndex: 'grantedAt',
      width: 150,
      render: (at: string) => formatShanghai(at),
    },
    {
      title: t('review.col.assignee'),
      dataIndex: 'assignee',
      width: 110,
      render: (a: string | null) => a ?? t('review.assignee.admins'),
    },
    {
      title: t('review.col.decision'),
      key: 'decision',
      width: 190,
      render: (_: unknown, i) =>
        i.decision ? (
          <Tag color={DECISION_COLOR[i.decision]} data-decision={i.decision}>
            {t(`review.decision.${i.decision}`)}
          </Tag>
        ) : i.mine ? (
          <Space size={4}>
            <Button size="small" loading={busy === i.id} onClick={() => void decide(i, 'confirm')}>
              {t('review.confirm')}
            </Button>
            <Popconfirm
              title={t('review.revoke.ask', { person: i.displayName || i.username, client: clientOf(i) })}
              onConfirm={() => void decide(i, 'revoke')}
            >
              <Button size="small" danger loading={busy === i.id}>
                {t('review.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ) : (
          <Tag data-decision="pending">{t('review.decision.pending')}</Tag>
        ),
    },
  ];
  return (
    <Card
      title={<PanelTitle>{t('review.open.title', { dueDate: open.dueDate })}</PanelTitle>}
      className="lv-panel"
      size="small"
      data-testid="review-open"
    >
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text data-testid="review-progress">
          {t('review.open.progress', { decided: open.decided, total: open.total, revoked: open.revoked })}
        </Typography.Text>
        {open.overdue ? <Tag color="error">{t('review.open.overdue')}</Tag> : null}
      </Space>
      <Table<ReviewItemView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.view.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(i) => ({ 'data-item': `${i.username}:${i.clientId}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function History(props: { rounds: ReviewRoundView[] }) {
  const t = useT();
  const columns: TableColumnsType<ReviewRoundView> = [
    { title: t('review.col.round'), dataIndex: 'id', width: 70 },
    { title: t('review.col.due'), dataIndex: 'dueDate', width: 120 },
    {
      title: t('review.col.started'),
      key: 'started',
      render: (_: unknown, r) => `${formatShanghai(r.startedAt)} ${r.startedBy}`,
    },
    {
      title: t('review.col.closed'),
      dataIndex: 'closedAt',
      render: (c: string | null) => (c ? formatShanghai(c) : t('review.open')),
    },
    {
      title: t('review.col.result'),
      key: 'result',
      render: (_: unknown, r) => t('review.result', { decided: r.decided, total: r.total, revoked: r.revoked }),
    },
  ];
  return (
    <Card title={<PanelTitle>{t('review.history.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<ReviewRoundView> rowKey="id" size="small" columns={columns} dataSource={props.rounds} pagination={false} />
    </Card>
  );
}

/** 访问权限复核 (issue 17, Build 2), for admins and managers; decided and checked again in the core. */
export function ReviewPage() {
  const t = useT();
  const reviews = useLoad(client.review.get);
  const view = reviews.data;
  return (
    <div className="lv-page" data-testid="review">
      <div className="lv-page-head">
        <PageTitle>{t('review.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('review.intro')}
        </Typography.Paragraph>
      </div>
      {reviews.error ? <ErrorAlert error={reviews.error} title={t('review.failed')} /> : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {view.canStart ? <StartRound view={view} onDone={reviews.setData} /> : null}
          {view.open ? (
            <OpenRound view={view} onDone={reviews.setData} />
          ) : (
            <Typography.Paragraph type="secondary">{t('review.none')}</Typography.Paragraph>
          )}
          {view.rounds.length > 0 ? <History rounds={view.rounds} /> : null}
        </Space>
      ) : null}
    </div>
  );
}
