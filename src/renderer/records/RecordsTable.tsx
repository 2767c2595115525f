import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useMemo, type UIEvent } from 'react';
import type { RecordView } from '../../shared/contract';
import { useT } from './i18n';
import { formatShanghai } from '../../shared/time';
import { DIRECTION_COLOR, money } from './record-format';

export type SortField = 'occurredAt' | 'amount';
export interface SortState {
  sort: SortField;
  order: 'asc' | 'desc';
}

const ROW_HEIGHT = 40;
/** Start fetching the next chunk this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 30;

/**
 * The records, virtualised (only the visible rows exist in the DOM), sorted by the core. The
 * page loads them in chunks; scrolling near the end of what is loaded asks for the next one.
 */
export function RecordsTable(props: {
  rows: RecordView[];
  total: number;
  loading: boolean;
  resultId: number;
  sort: SortState;
  showClient: boolean;
  canReveal: boolean;
  /** Whether to offer 编辑 and 删除 (the core still checks the client's write grant). */
  canWrite: boolean;
  height: number;
  onSort: (sort: SortState) => void;
  onNeedMore: () => void;
  onReveal: (record: RecordView) => void;
  onHistory: (record: RecordView) => void;
  onEdit: (record: RecordView) => void;
  onDelete: (record: RecordView) => void;
}) {
  const t = useT();
  const { sort, showClient, canReveal, canWrite, onReveal, onHistory, onEdit, onDelete } = props;

  const columns = useMemo<ColumnsType<RecordView>>(() => {
    const sortOrder = (field: SortField) =>
      sort.sort === field ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null;
    const cols: ColumnsType<RecordView> = [
      {
        title: t('records.col.occurredAt'),
        dataIndex: 'occurredAt',
        key: 'occurredAt',
        width: 140,
        sorter: true,
        sortOrder: sortOrder('occurredAt'),
        sortDirections: ['descend', 'ascend', 'descend'],
        render: (iso: string) => <span className="lv-records-time">{formatShanghai(iso)}</span>,
      },
      {
        title: t('records.col.direction'),
        dataIndex: 'direction',
        key: 'direction',
        width: 84,
        render: (d: RecordView['direction']) => (
          <Tag color={DIRECTION_COLOR[d]} data-direction={d}>
            {t(`records.direction.${d}`)}
          </Tag>
        ),
      },
      {
        title: t('records.col.amount'),
        dataIndex: 'amountMinor',
        key: 'amount',
        width: 124,
        align: 'right',
        sorter: true,
        sortOrder: sortOrder('amount'),
        sortDirections: ['descend', 'ascend', 'descend'],
        render: (minor: number, r) => (
          <span className={`lv-records-amount lv-records-amount-${r.direction}`} data-testid="record-amount">
            {money(minor, r.currency)}
          </span>
        ),
      },
      {
        title: t('records.col.counterparty'),
        dataIndex: 'counterparty',
        key: 'counterparty',
        width: 140,
        ellipsis: true,
      },
      {
        title: t('records.col.counterpartyAccount'),
        dataIndex: 'counterpartyAccount',
        key: 'counterpartyAccount',
        width: 110,
        ellipsis: true,
        render: (v: string | null) => <span className="lv-records-mono">{v ?? ''}</span>,
      },
      { title: t('records.col.reference'), dataIndex: 'reference', key: 'reference', width: 132, ellipsis: true },
      { title: t('records.col.memo'), dataIndex: 'memo', key: 'memo', width: 120, ellipsis: true },
      {
        title: t('records.col.status'),
        dataIndex: 'status',
        key: 'status',
        width: 92,
        ellipsis: true,
        render: (s: RecordView['status']) => t(`records.status.${s}`),
      },
    ];
    if (showClient)
      cols.push({ title: t('records.col.client'), dataIndex: 'clientName', key: 'client', width: 160, ellipsis: true });
    cols.push({
      title: t('records.col.actions'),
      key: 'actions',
      width: 90 + (canReveal ? 110 : 0) + (canWrite ? 100 : 0),
      render: (_: unknown, r) => (
        <Space size={0}>
          {canWrite && (
            <Button type="link" size="small" onClick={() => onEdit(r)}>
              {t('records.edit')}
            </Button>
          )}
          {canWrite && (
            <Button type="link" size="small" danger onClick={() => onDelete(r)}>
              {t('records.delete')}
            </Button>
          )}
          {canReveal && r.counterpartyAccount && (
            <Button type="link" size="small" onClick={() => onReveal(r)}>
              {t('records.reveal')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => onHistory(r)}>
            {t('records.history')}
          </Button>
        </Space>
      ),
    });
    return cols;
  }, [t, sort, showClient, canReveal, canWrite, onReveal, onHistory, onEdit, onDelete]);

  const scrollX = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_ROWS * ROW_HEIGHT) props.onNeedMore();
  };

  return (
    <div
      data-testid="records-table"
      data-result={props.resultId}
      data-rows={props.rows.length}
      aria-busy={props.loading}
      aria-label={t('records.table.label')}
      role="region"
    >
      <Table<RecordView>
        virtual
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={props.rows}
        loading={props.loading && props.rows.length === 0}
        pagination={false}
        scroll={{ x: scrollX, y: props.height }}
        onScroll={onScroll}
        locale={{ emptyText: <Typography.Text type="secondary">{t('records.table.empty')}</Typography.Text> }}
        onChange={(_p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<RecordView> | undefined;
          const field: SortField = s?.columnKey === 'amount' ? 'amount' : 'occurredAt';
          const order = s?.order === 'ascend' ? 'asc' : 'desc';
          props.onSort({ sort: field, order });
        }}
      />
    </div>
  );
}
