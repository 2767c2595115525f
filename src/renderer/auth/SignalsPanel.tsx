import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { SecuritySignal } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT, type Translate } from './i18n';

const KIND_COLOR: Record<SecuritySignal['kind'], string> = {
  off_hours: 'gold',
  failure_burst: 'red',
  new_workstation: 'purple',
};

function kindLabel(signal: SecuritySignal, t: Translate): string {
  if (signal.kind === 'new_workstation' && signal.details.afterRestore === true) {
    return t('signals.kind.new_workstation.restored');
  }
  return t(`signals.kind.${signal.kind}`);
}

function signalDetails(signal: SecuritySignal, t: Translate): string {
  const d = signal.details;
  switch (signal.kind) {
    case 'failure_burst':
      return typeof d.failures === 'number' ? t('signals.details.failures', { count: d.failures }) : '';
    case 'new_workstation':
      return typeof d.workstation === 'string' ? t('signals.details.workstation', { name: d.workstation }) : '';
    case 'off_hours': {
      const hours = d.officeHours as { start?: unknown; end?: unknown } | undefined;
      return typeof hours?.start === 'string' && typeof hours.end === 'string'
        ? t('signals.details.officeHours', { start: hours.start, end: hours.end })
        : '';
    }
  }
}

/** 异常登录提醒: the latest abnormal sign-ins, for those who watch over the office's accounts. */
export function SignalsPanel() {
  const t = useT();
  const signals = useLoad(client.security.signals);

  const columns: TableColumnsType<SecuritySignal> = [
    {
      title: t('signals.col.at'),
      dataIndex: 'at',
      width: 190,
      render: (at: string) => formatShanghai(at, 'second'),
    },
    { title: t('signals.col.user'), dataIndex: 'username', width: 160 },
    {
      title: t('signals.col.kind'),
      dataIndex: 'kind',
      width: 230,
      render: (_: unknown, signal) => <Tag color={KIND_COLOR[signal.kind]}>{kindLabel(signal, t)}</Tag>,
    },
    { title: t('signals.col.details'), key: 'details', render: (_: unknown, signal) => signalDetails(signal, t) },
  ];

  return (
    <Card title={<PanelTitle>{t('signals.title')}</PanelTitle>} className="lv-panel" data-testid="signals-panel">
      <Typography.Paragraph type="secondary">{t('signals.intro')}</Typography.Paragraph>
      {signals.error ? (
        <ErrorAlert error={signals.error} title={t('signals.failed')} />
      ) : (
        <Table<SecuritySignal>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={signals.data ?? []}
          loading={signals.loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('signals.empty') }}
        />
      )}
    </Card>
  );
}
