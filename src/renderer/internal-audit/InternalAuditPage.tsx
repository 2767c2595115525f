import { Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { AuditFindingView, InternalAuditView, InternalAuditsView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { AuditFormModal, type AuditAction } from './AuditForms';
import { AuditReportView } from './AuditReport';
import { useT } from './i18n';
import './internal-audit.css';

const route = getRouteApi('/app/internal-audit');

export const SEVERITY_COLOR = { low: 'default', medium: 'warning', high: 'error' } as const;

/** A finding's state as a tag: overdue (red), open, or closed. */
export function FindingStatus(props: { finding: AuditFindingView }) {
  const t = useT();
  const f = props.finding;
  if (f.overdue)
    return (
      <Tag color="error" data-status="overdue">
        {t('ia.status.overdue')}
      </Tag>
    );
  return f.status === 'open' ? (
    <Tag color="processing" data-status="open">
      {t('ia.status.open')}
    </Tag>
  ) : (
    <Tag color="success" data-status="closed">
      {t('ia.status.closed')}
    </Tag>
  );
}

function Plan(props: { view: InternalAuditsView; act: (a: AuditAction) => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { view } = props;
  const columns: TableColumnsType<InternalAuditView> = [
    {
      title: t('ia.col.title'),
      key: 'title',
      ellipsis: true,
      render: (_: unknown, a) => (
        <div className="lv-ia-cell" title={`${a.title}\n${a.scope}`}>
          <div>{a.title}</div>
          <Typography.Text type="secondary" className="lv-ia-scope">
            {t('ia.scopeLine', { scope: a.scope })}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('ia.col.planned'), dataIndex: 'plannedOn', width: 100 },
    { title: t('ia.col.auditor'), dataIndex: 'auditor', width: 150, ellipsis: true },
    {
      title: t('ia.col.held'),
      dataIndex: 'heldOn',
      width: 100,
      render: (h: string | null) => h ?? <Typography.Text type="secondary">{t('ia.notHeld')}</Typography.Text>,
    },
    {
      title: t('ia.col.findings'),
      key: 'findings',
      width: 180,
      render: (_: unknown, a) => (
        <Space size={4}>
          <span>{t('ia.findingsCount', { open: a.open, total: a.findings })}</span>
          {a.overdue > 0 ? <Tag color="error">{t('ia.overdueCount', { count: a.overdue })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('ia.col.actions'),
      key: 'actions',
      width: 240,
      render: (_: unknown, a) => (
        <Space size={4} wrap>
          {view.canManage ? (
            <Button size="small" onClick={() => props.act({ kind: 'hold', audit: a })}>
              {t('ia.hold')}
            </Button>
          ) : null}
          {view.canManage && a.heldOn ? (
            <Button size="small" onClick={() => props.act({ kind: 'finding', audit: a })}>
              {t('ia.addFinding')}
            </Button>
          ) : null}
          <Button
            size="small"
            type="link"
            onClick={() => void navigate({ to: '/internal-audit', search: { report: a.id } })}
          >
            {t('ia.report')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={<PanelTitle>{t('ia.plan.title')}</PanelTitle>}
      className="lv-panel"
      size="small"
      extra={
        view.canManage ? (
          <Button type="primary" size="small" onClick={() => props.act({ kind: 'plan' })} data-testid="ia-plan-add">
            {t('ia.plan.add')}
          </Button>
        ) : null
      }
    >
      <Table<InternalAuditView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.audits}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        locale={{ emptyText: t('ia.plan.none') }}
        onRow={(a) => ({ 'data-audit': a.title }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function Findings(props: { view: InternalAuditsView; act: (a: AuditAction) => void }) {
  const t = useT();
  const { view } = props;
  const titleOf = new Map(view.audits.map((a) => [a.id, a.title]));
  const columns: TableColumnsType<AuditFindingView> = [
    { title: t('ia.col.finding'), dataIndex: 'title', ellipsis: true },
    { title: t('ia.col.audit'), key: 'audit', ellipsis: true, render: (_: unknown, f) => titleOf.get(f.auditId) },
    {
      title: t('ia.col.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (s: AuditFindingView['severity']) => <Tag color={SEVERITY_COLOR[s]}>{t(`ia.severity.${s}`)}</Tag>,
    },
    { title: t('ia.col.owner'), key: 'owner', width: 130, ellipsis: true, render: (_: unknown, f) => f.ownerName },
    { title: t('ia.col.due'), dataIndex: 'dueDate', width: 110 },
    { title: t('ia.col.status'), key: 'status', width: 90, render: (_: unknown, f) => <FindingStatus finding={f} /> },
    {
      title: t('ia.col.resolution'),
      key: 'resolution',
      ellipsis: true,
      render: (_: unknown, f) =>
        f.status === 'closed' ? (
          <span title={f.resolution ?? ''}>
            {f.resolution}
            <Typography.Text type="secondary">
              {' · '}
              {t('ia.closedBy', { by: f.closedBy ?? '', at: formatShanghai(f.closedAt!) })}
            </Typography.Text>
          </span>
        ) : view.canManage ? (
          <Button size="small" onClick={() => props.act({ kind: 'close', finding: f })}>
            {t('ia.close')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={<PanelTitle>{t('ia.findings.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<AuditFindingView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.findings}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: t('ia.findings.none') }}
        onRow={(f) => ({ 'data-finding': f.title }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

/**
 * 内部审计 (issue 17, Build 8): the audit plan and the findings, for admins and managers to keep
 * and auditors to read; `?report=<id>` shows one audit's printable report instead. Every change
 * is checked and audited again in the core.
 */
export function InternalAuditPage() {
  const { report } = route.useSearch();
  return report === undefined ? <Register /> : <AuditReportView auditId={report} />;
}

function Register() {
  const t = useT();
  const audits = useLoad(client.internalAudit.get);
  const [action, setAction] = useState<AuditAction | null>(null);
  const view = audits.data;
  return (
    <div className="lv-page" data-testid="internal-audit">
      <div className="lv-page-head">
        <PageTitle>{t('ia.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('ia.intro')}
        </Typography.Paragraph>
      </div>
      {audits.error ? <ErrorAlert error={audits.error} title={t('ia.failed')} /> : null}
      {view ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Plan view={view} act={setAction} />
          <Findings view={view} act={setAction} />
          <AuditFormModal action={action} view={view} onClose={() => setAction(null)} onDone={audits.setData} />
        </Space>
      ) : null}
    </div>
  );
}
