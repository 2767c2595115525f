import { App as AntApp, Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { PartnerAssessmentView, PartnersView, PartnerView } from '../../shared/contract';
import { PARTNER_QUESTIONS, type PartnerResult } from '../../shared/partners/questions';
import type { PartnerDue } from '../../shared/partners/rules';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { DocumentLink } from '../documents/DocumentPick';
import { useLocale } from '../app/i18n';
import { PageTitle } from '../app/PageTitle';
import { useLoad } from '../app/use-load';
import { AssessForm } from './AssessForm';
import { useT } from './i18n';
import { PartnerForm } from './PartnerForm';

const DUE_COLOR: Record<PartnerDue, string> = {
  never: 'error',
  overdue: 'error',
  dueSoon: 'warning',
  ok: 'success',
  ended: 'default',
};
const RESULT_COLOR: Record<PartnerResult, string> = { pass: 'success', conditional: 'warning', fail: 'error' };

/** One assessment's answers: the questions answered "no" or n.a., with their comments. */
function Assessment(props: { a: PartnerAssessmentView }) {
  const t = useT();
  const [locale] = useLocale();
  const a = props.a;
  const text = (id: string) => PARTNER_QUESTIONS.find((q) => q.id === id)?.[locale] ?? id;
  const notable = a.answers.filter((x) => x.answer !== 'yes' || x.comment !== '');
  return (
    <div className="lv-partner-assessment" data-assessment={a.id}>
      <Typography.Text>
        {t('partners.history.entry', {
          on: a.assessedOn,
          result: t(`partners.result.${a.result}`),
          suggested: t(`partners.result.${a.suggested}`),
          by: a.recordedBy,
        })}
      </Typography.Text>
      {a.notes ? <Typography.Paragraph style={{ margin: 0 }}>{a.notes}</Typography.Paragraph> : null}
      <ul style={{ margin: '4px 0 8px', paddingLeft: 20 }}>
        {notable.map((x) => (
          <li key={x.question}>
            {t(`partners.answer.${x.answer}`)} — {text(x.question)}
            {x.comment ? `${locale === 'en' ? ': ' : '：'}${x.comment}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 合作方管理 (issue 17, Build 6): admins and managers keep it, auditors read; checked again in the core. */
export function PartnersPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const partners = useLoad(client.partners.list);
  const view = partners.data;
  const [editing, setEditing] = useState<PartnerView | 'new' | null>(null);
  const [assessing, setAssessing] = useState<PartnerView | null>(null);

  const saved = (next: PartnersView, name: string) => {
    setEditing(null);
    partners.setData(next);
    void message.success(t('partners.saved', { name }));
  };
  const assessed = (next: PartnersView) => {
    const p = next.partners.find((x) => x.id === assessing?.id);
    setAssessing(null);
    partners.setData(next);
    if (p) void message.success(t('partners.assessed', { name: p.name, next: p.nextDue ?? '—' }));
  };

  const columns: TableColumnsType<PartnerView> = [
    { title: t('partners.col.name'), dataIndex: 'name', width: 180, ellipsis: true },
    {
      title: t('partners.col.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: PartnerView['kind']) => t(`partners.kind.${k}`),
    },
    { title: t('partners.col.data'), dataIndex: 'dataShared', ellipsis: true },
    {
      title: t('partners.col.agreement'),
      key: 'agreement',
      width: 130,
      render: (_: unknown, p) => (
        <Space direction="vertical" size={0}>
          {p.agreementSignedOn ?? <Tag color="warning">{t('partners.none')}</Tag>}
          {p.agreementFile ? (
            <DocumentLink file={p.agreementFile} save={() => client.partners.exportFile({ partnerId: p.id })} />
          ) : null}
        </Space>
      ),
    },
    {
      title: t('partners.col.last'),
      key: 'last',
      width: 170,
      render: (_: unknown, p) => {
        const a = p.assessments[0];
        if (!a) return '—';
        return (
          <Space size={4}>
            {a.assessedOn}
            <Tag color={RESULT_COLOR[a.result]} data-result={a.result}>
              {t(`partners.result.${a.result}`)}
            </Tag>
          </Space>
        );
      },
    },
    {
      title: t('partners.col.next'),
      key: 'next',
      width: 170,
      render: (_: unknown, p) => (
        <Space size={4} direction="vertical">
          <Space size={4}>
            {p.nextDue ?? ''}
            <Tag color={DUE_COLOR[p.due]} data-due={p.due}>
              {t(`partners.due.${p.due}`)}
            </Tag>
          </Space>
          <Typography.Text type="secondary">{t('partners.every', { months: p.assessEveryMonths })}</Typography.Text>
        </Space>
      ),
    },
  ];
  if (view?.canManage)
    columns.push({
      title: t('partners.col.actions'),
      key: 'actions',
      width: 130,
      render: (_: unknown, p) => (
        <Space size={4}>
          {p.status === 'active' ? (
            <Button size="small" type="primary" onClick={() => setAssessing(p)}>
              {t('partners.assess')}
            </Button>
          ) : null}
          <Button size="small" onClick={() => setEditing(p)}>
            {t('partners.edit')}
          </Button>
        </Space>
      ),
    });

  return (
    <div className="lv-page" data-testid="partners">
      <div className="lv-page-head">
        <PageTitle>{t('partners.title')}</PageTitle>
        <Typography.Paragraph type="secondary" className="lv-page-intro">
          {t('partners.intro')}
        </Typography.Paragraph>
      </div>
      {partners.error ? <ErrorAlert error={partners.error} title={t('partners.failed')} /> : null}
      {view ? (
        <Card className="lv-panel" size="small">
          {view.canManage ? (
            <Button
              type="primary"
              style={{ marginBottom: 12 }}
              onClick={() => setEditing('new')}
              data-testid="partner-add"
            >
              {t('partners.add')}
            </Button>
          ) : null}
          <Table<PartnerView>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={view.partners}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('partners.empty') }}
            onRow={(p) => ({ 'data-partner': p.name, 'data-due': p.due }) as React.HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (p) =>
                p.assessments.length === 0 ? (
                  <Typography.Text type="secondary">{t('partners.history.none')}</Typography.Text>
                ) : (
                  <div>
                    <Typography.Text strong>{t('partners.history')}</Typography.Text>
                    {p.assessments.map((a) => (
                      <Assessment key={a.id} a={a} />
                    ))}
                  </div>
                ),
            }}
          />
        </Card>
      ) : null}
      {editing ? (
        <PartnerForm partner={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />
      ) : null}
      {assessing ? <AssessForm partner={assessing} onClose={() => setAssessing(null)} onSaved={assessed} /> : null}
    </div>
  );
}
