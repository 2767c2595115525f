import { Button, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { AuditEventView } from '../../shared/contract';
import { useT } from './i18n';
import { actionLabel, eventTime, isOutcome, OUTCOME_COLOR } from './audit-format';

/** The event's client by name, by number when this user may not see its name, or a dash. */
export function clientLabel(t: ReturnType<typeof useT>, e: Pick<AuditEventView, 'clientId' | 'clientName'>): string {
  if (e.clientId === null) return t('audit.none');
  return e.clientName ?? t('audit.client.unnamed', { id: e.clientId });
}

export function OutcomeTag(props: { outcome: string }) {
  const t = useT();
  const { outcome } = props;
  if (!isOutcome(outcome)) return <Tag>{outcome}</Tag>;
  return (
    <Tag color={OUTCOME_COLOR[outcome]} data-outcome={outcome}>
      {t(`audit.outcome.${outcome}`)}
    </Tag>
  );
}

/** The events, newest first, a page at a time; each row opens its details. */
export function AuditTable(props: {
  events: AuditEventView[];
  /** Changes with every search that lands. */
  resultId: number;
  loading: boolean;
  onOpen: (event: AuditEventView) => void;
}) {
  const t = useT();
  const [pageSize, setPageSize] = useState(20);
  const [page, setPage] = useState(1);
  const { events, onOpen } = props;

  // A new result starts on its first page.
  const [shown, setShown] = useState(events);
  if (shown !== events) {
    setShown(events);
    setPage(1);
  }

  const columns = useMemo<ColumnsType<AuditEventView>>(
    () => [
      { title: t('audit.col.seq'), dataIndex: 'seq', width: 80, align: 'right' },
      {
        title: t('audit.col.at'),
        dataIndex: 'at',
        width: 180,
        render: (_: string, e) => (
          <Tooltip title={t('audit.table.tzHint', { tz: e.tz, utc: e.at })}>
            <span className="lv-audit-time">{eventTime(e.at)}</span>
          </Tooltip>
        ),
      },
      { title: t('audit.col.actor'), dataIndex: 'actor', width: 160, ellipsis: true },
      { title: t('audit.col.workstation'), dataIndex: 'workstation', width: 140, ellipsis: true },
      {
        title: t('audit.col.action'),
        dataIndex: 'action',
        render: (action: string) => <span data-action={action}>{actionLabel(t, action)}</span>,
      },
      {
        title: t('audit.col.client'),
        dataIndex: 'clientId',
        width: 160,
        ellipsis: true,
        render: (_: number | null, e) => clientLabel(t, e),
      },
      {
        title: t('audit.col.outcome'),
        dataIndex: 'outcome',
        width: 100,
        render: (outcome: string) => <OutcomeTag outcome={outcome} />,
      },
      {
        title: t('audit.col.details'),
        key: 'details',
        width: 90,
        render: (_: unknown, e) => (
          <Button
            type="link"
            size="small"
            className="lv-audit-open"
            aria-label={t('audit.table.openLabel', { seq: e.seq })}
            onClick={() => onOpen(e)}
          >
            {t('audit.table.open')}
          </Button>
        ),
      },
    ],
    [t, onOpen],
  );

  return (
    <section
      aria-label={t('audit.table.label')}
      aria-busy={props.loading}
      data-testid="audit-table"
      data-result={props.resultId}
    >
      <Table<AuditEventView>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={events}
        loading={props.loading}
        locale={{ emptyText: t('audit.table.empty') }}
        scroll={{ x: 860 }}
        pagination={{
          current: page,
          pageSize,
          pageSizeOptions: [20, 50, 100],
          showSizeChanger: true,
          showTotal: (total) => t('audit.table.total', { count: total }),
          onChange: (next, size) => {
            setPage(size === pageSize ? next : 1);
            setPageSize(size);
          },
        }}
      />
    </section>
  );
}
