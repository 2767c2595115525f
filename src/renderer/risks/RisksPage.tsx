import { App as AntApp, Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { RisksView, RiskView } from '../../shared/contract';
import { describeFact, FACT_TITLES, STATUS_WORDS } from '../../shared/posture/wording';
import type { RiskLevel } from '../../shared/risks/rules';
import { STARTER_RISKS } from '../../shared/risks/starters';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useSignedIn } from '../app/session';
import { useLoad } from '../app/use-load';
import { StatusTag } from '../posture/status';
import { useT } from './i18n';
import { RiskForm } from './RiskForm';

const LEVEL_COLOR: Record<RiskLevel, string> = { low: 'success', medium: 'warning', high: 'error' };

/** The suggested risks not yet in the register, each added with one click. */
function Starters(props: { view: RisksView; onAdded: (view: RisksView, title: string) => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const add = async (key: string, title: string) => {
    setBusy(key);
    try {
      props.onAdded(await client.risks.addStarter({ key, locale }), title);
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(null);
    }
  };
  const left = STARTER_RISKS.filter((s) => props.view.starters.includes(s.key));
  return (
    <Card title={<PanelTitle>{t('risks.starters.title')}</PanelTitle>} className="lv-panel" size="small">
      <Typography.Paragraph type="secondary">{t('risks.starters.intro')}</Typography.Paragraph>
      <Space wrap>
        {left.map((s) => (
          <Button
            key={s.key}
            loading={busy === s.key}
            onClick={() => void add(s.key, s.title[locale])}
            data-starter={s.key}
            title={`${s.description[locale]}（${FACT_TITLES[s.signal][locale]}）`}
          >
            {t('risks.starters.add', { title: s.title[locale] })}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

/** The level as rated, and where a posture signal raised it, the raised level and why. */
function Level(props: { r: RiskView }) {
  const t = useT();
  const [locale] = useLocale();
  const r = props.r;
  const tag = (l: RiskLevel) => <Tag color={LEVEL_COLOR[l]}>{t(`risks.level.${l}`)}</Tag>;
  if (!r.raisedBy) return <span data-level={r.effectiveLevel}>{tag(r.level)}</span>;
  const w = describeFact(r.raisedBy, locale);
  return (
    <Space direction="vertical" size={2} data-level={r.effectiveLevel} data-raised="true">
      <Space size={2}>
        {tag(r.level)}→{tag(r.effectiveLevel)}
        <Tag color="magenta">{t('risks.raised')}</Tag>
      </Space>
      <Typography.Text type="danger" data-testid="risk-raised-reason">
        {t('risks.raised.reason', { fact: w.title, status: STATUS_WORDS[r.raisedBy.status][locale], detail: w.detail })}
      </Typography.Text>
    </Space>
  );
}

/** 风险登记 (issue 17, Build 7): admins and managers keep it, auditors read; checked again in the core. */
export function RisksPage() {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const me = useSignedIn().user.username;
  const risks = useLoad(client.risks.list);
  const view = risks.data;
  const [editing, setEditing] = useState<RiskView | 'new' | null>(null);

  const saved = (next: RisksView, title: string) => {
    setEditing(null);
    risks.setData(next);
    void message.success(t('risks.added', { title }));
  };

  const columns: TableColumnsType<RiskView> = [
    {
      title: t('risks.col.risk'),
      key: 'risk',
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong delete={r.status === 'closed'}>
            {r.title}
          </Typography.Text>
          {r.description ? <Typography.Text type="secondary">{r.description}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('risks.col.score'),
      key: 'score',
      width: 90,
      render: (_: unknown, r) => `${r.likelihood}×${r.impact}=${r.score}`,
    },
    { title: t('risks.col.level'), key: 'level', width: 230, render: (_: unknown, r) => <Level r={r} /> },
    {
      title: t('risks.col.signal'),
      key: 'signal',
      width: 150,
      render: (_: unknown, r) =>
        r.signal ? (
          <Space direction="vertical" size={2}>
            {FACT_TITLES[r.signal][locale]}
            {r.signalStatus ? <StatusTag status={r.signalStatus} /> : null}
          </Space>
        ) : (
          t('risks.noSignal')
        ),
    },
    {
      title: t('risks.col.treatment'),
      key: 'treatment',
      width: 170,
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          {t(`risks.treatment.${r.treatment}`)}
          {r.treatmentPlan ? <Typography.Text type="secondary">{r.treatmentPlan}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('risks.col.owner'),
      key: 'owner',
      width: 100,
      render: (_: unknown, r) => r.ownerName || r.owner,
    },
    {
      title: t('risks.col.review'),
      key: 'review',
      width: 120,
      render: (_: unknown, r) => (
        <Space direction="vertical" size={2}>
          {r.reviewDate}
          {r.reviewOverdue ? <Tag color="error">{t('risks.reviewOverdue')}</Tag> : null}
          {r.status === 'closed' ? <Tag>{t('risks.closed')}</Tag> : null}
        </Space>
      ),
    },
  ];
  if (view?.canManage)
    columns.push({
      title: t('risks.col.actions'),
      key: 'actions',
      width: 80,
      render: (_: unknown, r) => (
        <Button size="small" onClick={() => setEditing(r)}>
          {t('risks.edit')}
        </Button>
      ),
    });

  return (
    <div className="lv-page" data-testid="risks">
      <div className="lv-page-head">
        <PageTitle>{t('risks.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('risks.intro')}
        </Typography.Paragraph>
      </div>
      {risks.error ? <ErrorAlert error={risks.error} title={t('risks.failed')} /> : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {view.canManage && view.starters.length > 0 ? <Starters view={view} onAdded={saved} /> : null}
          <Card className="lv-panel" size="small">
            {view.canManage ? (
              <Button
                type="primary"
                style={{ marginBottom: 12 }}
                onClick={() => setEditing('new')}
                data-testid="risk-add"
              >
                {t('risks.add')}
              </Button>
            ) : null}
            <Table<RiskView>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={view.risks}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('risks.empty') }}
              onRow={(r) =>
                ({ 'data-risk': r.title, 'data-level': r.effectiveLevel }) as React.HTMLAttributes<HTMLElement>
              }
            />
          </Card>
        </Space>
      ) : null}
      {editing && view ? (
        <RiskForm
          risk={editing === 'new' ? null : editing}
          view={view}
          me={me}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      ) : null}
    </div>
  );
}
