import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { HomeLockedAccount, HomeMfaCoverage, HomeSummary, SignInAlert } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { useT as useCommonT } from '../app/i18n';
import { PanelTitle } from '../app/PanelTitle';
import { useT, type Translate } from './i18n';

const KIND_COLOR: Record<SignInAlert['kind'], string> = {
  off_hours: 'gold',
  failure_burst: 'red',
  new_workstation: 'purple',
  lockout: 'red',
};

function alertDetails(alert: SignInAlert, t: Translate): string {
  const d = alert.details;
  switch (alert.kind) {
    case 'failure_burst':
      return typeof d.failures === 'number' ? t('home.alert.failures', { count: d.failures }) : '';
    case 'new_workstation':
      return typeof d.workstation === 'string' ? t('home.alert.workstation', { name: d.workstation }) : '';
    case 'off_hours': {
      const hours = d.officeHours as { start?: unknown; end?: unknown } | undefined;
      return typeof hours?.start === 'string' && typeof hours.end === 'string'
        ? t('home.alert.officeHours', { start: hours.start, end: hours.end })
        : '';
    }
    case 'lockout':
      return typeof d.lockedUntil === 'string'
        ? t('home.alert.lockedUntil', { count: Number(d.afterFailures ?? 0), until: formatShanghai(d.lockedUntil) })
        : '';
  }
}

/** 异常登录提醒 of the last 30 days, lockouts included. */
export function SignInAlerts(props: { summary: HomeSummary }) {
  const t = useT();
  const columns: TableColumnsType<SignInAlert> = [
    { title: t('home.col.when'), dataIndex: 'at', width: 190, render: (at: string) => formatShanghai(at, 'second') },
    { title: t('home.col.user'), dataIndex: 'username', width: 150 },
    {
      title: t('home.col.alert'),
      dataIndex: 'kind',
      width: 200,
      render: (kind: SignInAlert['kind']) => (
        <Tag color={KIND_COLOR[kind]} data-kind={kind}>
          {t(`home.alert.${kind}`)}
        </Tag>
      ),
    },
    { title: t('home.col.details'), key: 'details', render: (_: unknown, a) => alertDetails(a, t) },
  ];
  return (
    <Card title={<PanelTitle>{t('home.alerts.title')}</PanelTitle>} className="lv-panel" data-testid="signals-panel">
      <Typography.Paragraph type="secondary">{t('home.alerts.intro')}</Typography.Paragraph>
      <Table<SignInAlert>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={props.summary.alerts ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('home.alerts.empty') }}
      />
    </Card>
  );
}

/** Accounts locked now, and who has two-step verification, role by role. */
export function AccountsAtRisk(props: { summary: HomeSummary }) {
  const t = useT();
  const common = useCommonT();
  const locked = props.summary.locked ?? [];
  const lockedColumns: TableColumnsType<HomeLockedAccount> = [
    { title: t('home.col.user'), key: 'user', render: (_: unknown, a) => `${a.displayName}（${a.username}）` },
    {
      title: t('home.col.lockedUntil'),
      dataIndex: 'lockedUntil',
      render: (until: string) => t('home.locked.until', { until: formatShanghai(until) }),
    },
  ];
  const mfaColumns: TableColumnsType<HomeMfaCoverage> = [
    { title: t('home.col.role'), dataIndex: 'role', render: (role: HomeMfaCoverage['role']) => common(`role.${role}`) },
    {
      title: t('home.col.mfa'),
      key: 'mfa',
      render: (_: unknown, m) => (
        <span>
          {m.enrolled} / {m.total}
          {m.required && m.enrolled < m.total ? (
            <Tag color="red" className="lv-home-tag">
              {t('home.mfa.missing', { count: m.total - m.enrolled })}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: t('home.col.required'),
      dataIndex: 'required',
      render: (required: boolean) => t(required ? 'home.mfa.required' : 'home.mfa.optional'),
    },
  ];
  return (
    <div className="lv-home-grid">
      <Card title={<PanelTitle>{t('home.locked.title')}</PanelTitle>} className="lv-panel" data-testid="home-locked">
        <Table<HomeLockedAccount>
          rowKey="username"
          size="middle"
          columns={lockedColumns}
          dataSource={locked}
          pagination={false}
          locale={{ emptyText: t('home.locked.empty') }}
        />
        {locked.length > 0 ? (
          <Typography.Paragraph type="secondary">{t('home.locked.hint')}</Typography.Paragraph>
        ) : null}
      </Card>
      <Card title={<PanelTitle>{t('home.mfa.title')}</PanelTitle>} className="lv-panel" data-testid="home-mfa">
        <Typography.Paragraph type="secondary">{t('home.mfa.intro')}</Typography.Paragraph>
        <Table<HomeMfaCoverage>
          rowKey="role"
          size="middle"
          columns={mfaColumns}
          dataSource={props.summary.mfa ?? []}
          pagination={false}
        />
      </Card>
    </div>
  );
}
