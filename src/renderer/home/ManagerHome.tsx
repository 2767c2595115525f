import { Card, Table, Typography, type TableColumnsType } from 'antd';
import type { HomeDisclosure, HomeIdleClient, HomeSummary } from '../../shared/contract';
import { formatShanghai, shanghaiDate } from '../../shared/time';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

/** Clients with no record dated in the last N days: missed entries show up here first. */
export function IdleClients(props: { summary: HomeSummary }) {
  const t = useT();
  const idle = props.summary.idle ?? { days: 30, clients: [] };
  const columns: TableColumnsType<HomeIdleClient> = [
    { title: t('home.col.client'), dataIndex: 'name', ellipsis: true },
    {
      title: t('home.col.lastRecord'),
      dataIndex: 'lastRecordAt',
      width: 200,
      render: (at: number | null) => (at === null ? t('home.idle.never') : shanghaiDate(at)),
    },
  ];
  return (
    <Card
      title={<PanelTitle>{t('home.idle.title', { days: idle.days })}</PanelTitle>}
      className="lv-panel"
      data-testid="home-idle"
    >
      <Typography.Paragraph type="secondary">{t('home.idle.intro', { days: idle.days })}</Typography.Paragraph>
      <Table<HomeIdleClient>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={idle.clients}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('home.idle.empty', { days: idle.days }) }}
      />
    </Card>
  );
}

/** Who showed full account numbers or exported, when, for which client and why (last 30 days). */
export function Disclosures(props: { summary: HomeSummary }) {
  const t = useT();
  const columns: TableColumnsType<HomeDisclosure> = [
    { title: t('home.col.when'), dataIndex: 'at', width: 170, render: (at: string) => formatShanghai(at) },
    { title: t('home.col.actor'), dataIndex: 'actor', width: 130, ellipsis: true },
    {
      title: t('home.col.action'),
      dataIndex: 'action',
      width: 140,
      render: (a: HomeDisclosure['action']) => t(`home.action.${a}`),
    },
    {
      title: t('home.col.client'),
      dataIndex: 'clientName',
      width: 180,
      ellipsis: true,
      // No name: an export across clients, or a client whose key this user does not hold.
      render: (name: string | null, d) =>
        name ?? (d.clientId === null ? t('home.allClients') : t('home.client.unnamed', { id: d.clientId })),
    },
    { title: t('home.col.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
    { title: t('home.col.rows'), dataIndex: 'rows', width: 80, align: 'right', render: (n: number | null) => n ?? '—' },
  ];
  return (
    <Card
      title={<PanelTitle>{t('home.disclosures.title')}</PanelTitle>}
      className="lv-panel"
      data-testid="home-disclosures"
    >
      <Typography.Paragraph type="secondary">{t('home.disclosures.intro')}</Typography.Paragraph>
      <Table<HomeDisclosure>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={props.summary.disclosures ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('home.disclosures.empty') }}
      />
    </Card>
  );
}
