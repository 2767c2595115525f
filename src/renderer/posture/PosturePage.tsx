import { App as AntApp, Button, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { Operation, PostureFact, PostureRoute } from '../../shared/contract';
import { describeFact } from '../../shared/posture/wording';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { canAny, useSignedIn } from '../app/session';
import { PageTitle } from '../app/PageTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { StatusTag } from './status';

/** What each fix's screen needs (as the router and the navigation ask). */
const ROUTE_NEEDS: Record<PostureRoute, Operation[]> = {
  '/users': ['user.list'],
  '/settings': ['settings.update'],
  '/review': ['review.list'],
  '/backup': ['backup.export', 'settings.update'],
  '/audit': ['audit.view'],
  '/update': ['updates.install'],
  '/clients': ['grant.list', 'client.create', 'client.list'],
  '/people': ['people.list'],
  '/agreements': ['agreement.list'],
  '/incidents': ['incident.list'],
  '/partners': ['partner.list'],
  '/internal-audit': ['internalAudit.list'],
  '/retention': ['retention.list'],
};

/**
 * 安全合规概况 (issue 17, Build 1): every measure as a row with its colour, value and why, and a
 * button to the screen that fixes it; the audit chain's fix (a full verification) runs here.
 */
export function PosturePage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const posture = useLoad(client.posture.get);
  // A fix is offered only where this user may go (a manager has no software update screen).
  const status = useSignedIn();
  const reachable = (route: PostureRoute) => {
    // A register's route that reached the facts before this table offers no fix, not a broken page.
    const needs: Operation[] | undefined = ROUTE_NEEDS[route];
    return needs !== undefined && canAny(status, ...needs);
  };
  const [verifying, setVerifying] = useState(false);

  const verify = async () => {
    setVerifying(true);
    try {
      const r = await client.audit.verify();
      if (r.ok) void message.success(t('posture.verified.ok', { checked: r.checked }));
      else void message.error(t('posture.verified.bad', { seq: r.firstBadSeq ?? '?' }));
      posture.reload();
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<PostureFact> = [
    {
      title: t('posture.col.measure'),
      key: 'measure',
      width: 220,
      render: (_: unknown, f) => describeFact(f, locale).title,
    },
    {
      title: t('posture.col.status'),
      dataIndex: 'status',
      width: 110,
      render: (_: unknown, f) => <StatusTag status={f.status} />,
    },
    {
      title: t('posture.col.value'),
      key: 'value',
      width: 260,
      render: (_: unknown, f) => describeFact(f, locale).value,
    },
    { title: t('posture.col.detail'), key: 'detail', render: (_: unknown, f) => describeFact(f, locale).detail },
    {
      title: t('posture.col.fix'),
      key: 'fix',
      width: 150,
      render: (_: unknown, f) => (
        <Space size={4} wrap>
          {f.fixAction === 'audit.verify' && f.status !== 'green' ? (
            <Button size="small" type="primary" loading={verifying} onClick={() => void verify()}>
              {t('posture.verify')}
            </Button>
          ) : null}
          {f.fixRoute && reachable(f.fixRoute) && f.status !== 'green' && f.fixAction === undefined ? (
            <Button size="small" onClick={() => void navigate({ to: f.fixRoute! })}>
              {t('posture.fix')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div className="lv-page" data-testid="posture">
      <div className="lv-page-head">
        <PageTitle>{t('posture.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('posture.intro')}
        </Typography.Paragraph>
      </div>
      {posture.error ? <ErrorAlert error={posture.error} title={t('posture.failed')} /> : null}
      <Card className="lv-panel" size="small">
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {posture.data ? t('posture.at', { at: formatShanghai(posture.data.at, 'second') }) : ''}
          </Typography.Text>
          <Button size="small" onClick={posture.reload} loading={posture.loading}>
            {t('posture.reload')}
          </Button>
        </Space>
        <Table<PostureFact>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={posture.data?.facts ?? []}
          loading={posture.loading && !posture.data}
          pagination={false}
          onRow={(f) => ({ 'data-fact': f.id, 'data-status': f.status }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
    </div>
  );
}
