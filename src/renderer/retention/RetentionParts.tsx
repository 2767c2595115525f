import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import type { LegalHoldView, RetentionAccountView, RetentionPeriodView, RetentionView } from '../../shared/contract';
import { ACCOUNT_KINDS } from '../../shared/masking';
import { RETENTION_KINDS, type RetentionKind } from '../../shared/retention/rules';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

/** Runs a call that returns the new view; the page shows a refusal in its alert. */
export type Act = (call: () => Promise<RetentionView>, done?: (v: RetentionView) => string | null) => Promise<void>;

export function useClientLabel() {
  const t = useT();
  return (c: { clientId: number; clientName: string | null }) =>
    c.clientName ?? t('retention.client.unnamed', { id: c.clientId });
}

function PeriodRow(props: { period: RetentionPeriodView; canManage: boolean; act: Act; busy: boolean }) {
  const t = useT();
  const p = props.period;
  const [years, setYears] = useState<number | null>(p.years);
  const [article, setArticle] = useState(p.article);
  const kind = t(`retention.kind.${p.kind}`);
  if (!props.canManage) return <>{p.article}</>;
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
      <InputNumber
        aria-label={`${kind} ${t('retention.col.years')}`}
        min={p.minYears}
        max={100}
        value={years}
        onChange={setYears}
        style={{ width: 80 }}
        data-testid={`retention-years-${p.kind}`}
      />
      <Input.TextArea
        aria-label={`${kind} ${t('retention.col.article')}`}
        value={article}
        autoSize={{ minRows: 1, maxRows: 3 }}
        maxLength={300}
        onChange={(e) => setArticle(e.target.value)}
      />
      <Button
        loading={props.busy}
        disabled={years === null || (years === p.years && article === p.article)}
        onClick={() =>
          void props.act(
            () => client.retention.setPeriod({ kind: p.kind, years: years ?? 0, article }),
            () => t('retention.saved', { kind }),
          )
        }
      >
        {t('retention.save')}
      </Button>
    </div>
  );
}

export function Periods(props: { view: RetentionView; act: Act; busy: boolean }) {
  const t = useT();
  const columns: TableColumnsType<RetentionPeriodView> = [
    {
      title: t('retention.col.kind'),
      key: 'kind',
      width: 220,
      render: (_: unknown, p) => t(`retention.kind.${p.kind}`),
    },
    {
      title: t('retention.col.years'),
      key: 'years',
      width: 150,
      render: (_: unknown, p) => (
        <span data-testid={`retention-period-${p.kind}`}>
          {t('retention.years', { years: p.years })}
          <br />
          <small>{t('retention.minYears', { min: p.minYears })}</small>
        </span>
      ),
    },
    {
      title: t('retention.col.article'),
      key: 'article',
      render: (_: unknown, p) => (
        <PeriodRow period={p} canManage={props.view.canManage} act={props.act} busy={props.busy} />
      ),
    },
    {
      title: t('retention.col.updated'),
      key: 'updated',
      width: 170,
      render: (_: unknown, p) =>
        p.updatedAt ? `${formatShanghai(p.updatedAt)} ${p.updatedBy ?? ''}` : t('retention.seeded'),
    },
  ];
  return (
    <Card title={<PanelTitle>{t('retention.periods.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<RetentionPeriodView>
        rowKey="kind"
        size="small"
        columns={columns}
        dataSource={props.view.periods}
        pagination={false}
      />
    </Card>
  );
}

export function Holds(props: {
  view: RetentionView;
  clients: { id: number; name: string }[];
  act: Act;
  busy: boolean;
}) {
  const t = useT();
  const label = useClientLabel();
  const [clientId, setClientId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const columns: TableColumnsType<LegalHoldView> = [
    { title: t('retention.col.client'), key: 'client', width: 220, render: (_: unknown, h) => label(h) },
    { title: t('retention.hold.reason'), dataIndex: 'reason', ellipsis: true },
    {
      title: t('retention.col.status'),
      key: 'status',
      width: 320,
      render: (_: unknown, h) => (
        <Space size={4} wrap>
          {h.releasedAt ? (
            <Tag>{t('retention.hold.releasedTag')}</Tag>
          ) : (
            <Tag color="warning">{t('retention.hold.active')}</Tag>
          )}
          <span>{t('retention.hold.placed', { at: formatShanghai(h.placedAt), by: h.placedBy })}</span>
          {h.releasedAt ? (
            <span>{t('retention.hold.released', { at: formatShanghai(h.releasedAt), by: h.releasedBy ?? '' })}</span>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('retention.col.action'),
      key: 'action',
      width: 90,
      render: (_: unknown, h) =>
        props.view.canManage && !h.releasedAt ? (
          <Popconfirm
            title={t('retention.hold.releaseAsk', { client: label(h) })}
            onConfirm={() => void props.act(() => client.retention.releaseHold({ holdId: h.id }))}
          >
            <Button size="small">{t('retention.hold.release')}</Button>
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <Card title={<PanelTitle>{t('retention.holds.title')}</PanelTitle>} className="lv-panel" size="small">
      {props.view.canManage ? (
        <Form
          layout="inline"
          style={{ marginBottom: 8 }}
          onFinish={() =>
            clientId === null
              ? undefined
              : void props.act(
                  () => client.retention.placeHold({ clientId, reason }),
                  () => {
                    setReason('');
                    setClientId(null);
                    return null;
                  },
                )
          }
        >
          <Form.Item label={t('retention.hold.client')} htmlFor="retention-hold-client">
            <Select
              id="retention-hold-client"
              style={{ width: 240 }}
              value={clientId}
              onChange={setClientId}
              showSearch
              optionFilterProp="label"
              options={props.clients.map((c) => ({ value: c.id, label: c.name }))}
              data-testid="retention-hold-client"
            />
          </Form.Item>
          <Form.Item label={t('retention.hold.reason')} htmlFor="retention-hold-reason">
            <Input
              id="retention-hold-reason"
              style={{ width: 320 }}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={props.busy} disabled={clientId === null || reason.trim() === ''}>
              {t('retention.hold.place')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      <Table<LegalHoldView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.view.holds}
        pagination={false}
        locale={{ emptyText: t('retention.hold.none') }}
      />
    </Card>
  );
}

/** Which kind each payment account's records are kept as (a card's slips filed as vouchers, say). */
export function Accounts(props: { view: RetentionView; act: Act; busy: boolean }) {
  const t = useT();
  const label = useClientLabel();
  const accountLabel = (a: RetentionAccountView) => {
    const kind = (ACCOUNT_KINDS as readonly string[]).includes(a.accountKind) ? a.accountKind : 'other';
    return [t(`retention.account.${kind as (typeof ACCOUNT_KINDS)[number]}`), a.institution]
      .filter(Boolean)
      .join(' · ');
  };
  const columns: TableColumnsType<RetentionAccountView> = [
    { title: t('retention.col.client'), key: 'client', ellipsis: true, render: (_: unknown, a) => label(a) },
    { title: t('retention.col.account'), key: 'account', ellipsis: true, render: (_: unknown, a) => accountLabel(a) },
    {
      title: t('retention.col.retentionKind'),
      key: 'kind',
      width: 280,
      render: (_: unknown, a) =>
        props.view.canManage ? (
          <Select<RetentionKind>
            aria-label={`${label(a)} ${accountLabel(a)} ${t('retention.col.retentionKind')}`}
            style={{ width: 260 }}
            value={a.retentionKind}
            disabled={props.busy}
            onChange={(kind) =>
              void props.act(
                () => client.retention.setAccountKind({ accountId: a.accountId, kind }),
                () => t('retention.accountSaved'),
              )
            }
            options={RETENTION_KINDS.map((k) => ({ value: k, label: t(`retention.kind.${k}`) }))}
          />
        ) : (
          t(`retention.kind.${a.retentionKind}`)
        ),
    },
  ];
  return (
    <Card title={<PanelTitle>{t('retention.accounts.title')}</PanelTitle>} className="lv-panel" size="small">
      <Table<RetentionAccountView>
        rowKey="accountId"
        size="small"
        columns={columns}
        dataSource={props.view.accounts}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('retention.accounts.none') }}
      />
    </Card>
  );
}
