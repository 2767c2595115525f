import { Card, Table, Typography, type TableColumnsType } from 'antd';
import type { HomeClientMonth, HomeRecentWork, HomeSummary } from '../../shared/contract';
import { formatAmount } from '../../shared/money';
import { formatRecordTime, formatShanghai } from '../../shared/time';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

function monthLabel(t: ReturnType<typeof useT>, month: string): string {
  const [year, mm] = month.split('-');
  return t('home.month', { year: year ?? '', month: String(Number(mm)) });
}

/** 我的客户: each granted client with this month's count and 收入/支出 totals. */
export function ClientsThisMonth(props: { summary: HomeSummary }) {
  const t = useT();
  const rows = props.summary.clients ?? [];
  const columns: TableColumnsType<HomeClientMonth> = [
    { title: t('home.col.client'), dataIndex: 'name', ellipsis: true },
    { title: t('home.col.count'), dataIndex: 'count', width: 120, align: 'right' },
    {
      title: t('home.col.in'),
      dataIndex: 'inMinor',
      width: 160,
      align: 'right',
      render: (v: number) => <span className="lv-amount">{formatAmount(v)}</span>,
    },
    {
      title: t('home.col.out'),
      dataIndex: 'outMinor',
      width: 160,
      align: 'right',
      render: (v: number) => <span className="lv-amount">{formatAmount(v)}</span>,
    },
    {
      title: t('home.col.net'),
      key: 'net',
      width: 160,
      align: 'right',
      render: (_: unknown, c) => <span className="lv-amount">{formatAmount(c.inMinor - c.outMinor)}</span>,
    },
  ];
  return (
    <Card
      title={<PanelTitle>{t('home.clients.title', { month: monthLabel(t, props.summary.month) })}</PanelTitle>}
      className="lv-panel"
      data-testid="home-clients"
    >
      <Typography.Paragraph type="secondary">{t('home.clients.intro')}</Typography.Paragraph>
      <Table<HomeClientMonth>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('home.clients.empty') }}
      />
    </Card>
  );
}

/** 最近的工作: the records she entered or changed last, named by date, counterparty and amount. */
export function RecentWork(props: { summary: HomeSummary }) {
  const t = useT();
  const columns: TableColumnsType<HomeRecentWork> = [
    {
      title: t('home.col.when'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => formatShanghai(at),
    },
    {
      title: t('home.col.kind'),
      dataIndex: 'kind',
      width: 80,
      render: (k: HomeRecentWork['kind']) => t(`home.kind.${k}`),
    },
    { title: t('home.col.client'), dataIndex: 'clientName', width: 180, ellipsis: true },
    {
      title: t('home.col.record'),
      key: 'record',
      render: (_: unknown, r) =>
        `${formatRecordTime(r.occurredAt, r.hasTime)} · ${r.counterparty ?? ''} · ${t(`home.direction.${r.direction}`)} ${formatAmount(r.amountMinor, r.currency)}`,
    },
  ];
  return (
    <Card title={<PanelTitle>{t('home.recent.title')}</PanelTitle>} className="lv-panel" data-testid="home-recent">
      <Typography.Paragraph type="secondary">{t('home.recent.intro')}</Typography.Paragraph>
      <Table<HomeRecentWork>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={props.summary.recent ?? []}
        pagination={false}
        locale={{ emptyText: t('home.recent.empty') }}
      />
    </Card>
  );
}
