import { Button, Space, Table, Tag, Typography, type SpinProps } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type HTMLAttributes,
  type Key,
  type UIEvent,
} from 'react';
import type { RecordView } from '../../shared/contract';
import { PAYMENT_CHANNELS } from '../../shared/records/rules';
import { formatRecordTime } from '../../shared/time';
import { useT } from './i18n';
import { DIRECTION_COLOR, isOneOf, money } from './record-format';
import { recordName } from './record-name';

type TableRef = { scrollTo: (config: { top?: number; left?: number }) => void };

export type SortField = 'occurredAt' | 'amount';
export interface SortState {
  sort: SortField;
  order: 'asc' | 'desc';
}

const ROW_HEIGHT = 40;
/** Start fetching the next chunk this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 30;
/** Besides the body: the table's header row and the page's bottom padding (records.css)... */
const BELOW_BODY = 40 + 20;
/** ...and the "load more" line under the table while not everything is loaded. */
const MORE_LINE = 44;
const MIN_HEIGHT = 240;

/**
 * The virtual table draws its header as a <table> of its own and its body rows as <div>s, so a
 * screen reader would see a one-row table and loose text. The header table is made
 * presentational and every part given its ARIA role, under the role="table" around both: one
 * table of rows and cells, with each row's position in the whole result (aria-rowindex).
 */
const HEADER_PARTS = {
  header: {
    table: (p: ComponentProps<'table'>) => <table {...p} role="presentation" />,
    wrapper: (p: ComponentProps<'thead'>) => <thead {...p} role="rowgroup" />,
    row: (p: ComponentProps<'tr'>) => <tr {...p} role="row" aria-rowindex={1} />,
    cell: (p: ComponentProps<'th'>) => <th {...p} role="columnheader" />,
  },
};
const CELL = () => ({ role: 'cell' }) as HTMLAttributes<HTMLElement>;

/**
 * The body's height that fills the window from where the table starts, so the page itself does
 * not scroll as well (one scrollbar, the table's). Measured after each render: what sits above
 * the table (filters wrapping, the batch bar) moves its top.
 */
function useFillHeight(below: number): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const belowRef = useRef(below);
  belowRef.current = below;
  const [height, setHeight] = useState(MIN_HEIGHT);
  const measure = () => {
    const below = belowRef.current;
    const el = ref.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top + window.scrollY;
    const next = Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - below));
    setHeight((h) => (Math.abs(h - next) > 1 ? next : h));
  };
  useLayoutEffect(measure);
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return [ref, height];
}

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
  /** Ids of the selected records (they may be more than the loaded rows: "select all"). */
  selected: ReadonlySet<number>;
  onSelect: (ids: number[]) => void;
  onSort: (sort: SortState) => void;
  onNeedMore: () => void;
  onReveal: (record: RecordView) => void;
  onHistory: (record: RecordView) => void;
  onEdit: (record: RecordView) => void;
  onDelete: (record: RecordView) => void;
}) {
  const t = useT();
  const { sort, showClient, canReveal, canWrite, onReveal, onHistory, onEdit, onDelete } = props;

  const [wrapper, height] = useFillHeight(BELOW_BODY + (props.rows.length < props.total ? MORE_LINE : 0));
  // 查看完整账号 takes room only when some loaded record has a number to reveal.
  const revealable = canReveal && props.rows.some((r) => r.counterpartyAccount);
  const tableRef = useRef<TableRef>(null);
  // A new search or filter starts at the first row and the first column, not where the last
  // result was scrolled to (which hid the date and amount columns after a search). Scrolled to
  // the right, it is a table of its own (the key): moving the old one back (its scrollTo) moved
  // the virtual body without telling antd, whose own header sync later put the header back where
  // the body had been (11 px apart on a loaded machine). Otherwise the same table is kept, and
  // with it the keyboard focus (a sort heading, the 编辑 an edit drawer gave the focus back to).
  const [generation, setGeneration] = useState(0);
  useLayoutEffect(() => {
    const header = wrapper.current?.querySelector('.ant-table-header');
    if (header && header.scrollLeft > 0) setGeneration((g) => g + 1);
    else tableRef.current?.scrollTo({ top: 0 });
  }, [props.resultId, wrapper]);

  const columns = useMemo<ColumnsType<RecordView>>(() => {
    const named = (action: string, r: RecordView) => t('records.row.action', { action, name: recordName(r) });
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
        render: (iso: string, r) => <span className="lv-records-time">{formatRecordTime(iso, r.hasTime)}</span>,
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
      {
        title: t('records.col.channel'),
        dataIndex: 'channel',
        key: 'channel',
        width: 96,
        ellipsis: true,
        render: (c: string | null) => (c && isOneOf(PAYMENT_CHANNELS, c) ? t(`records.channel.${c}`) : (c ?? '')),
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
      // Kept at the right edge while the other columns scroll: never cut off at 1366 px.
      fixed: 'right',
      width: 90 + (revealable ? 110 : 0) + (canWrite ? 100 : 0),
      render: (_: unknown, r) => (
        <Space size={0}>
          {canWrite && (
            <Button type="link" size="small" onClick={() => onEdit(r)} aria-label={named(t('records.edit'), r)}>
              {t('records.edit')}
            </Button>
          )}
          {canWrite && (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => onDelete(r)}
              aria-label={named(t('records.delete'), r)}
            >
              {t('records.delete')}
            </Button>
          )}
          {canReveal && r.counterpartyAccount && (
            <Button type="link" size="small" onClick={() => onReveal(r)} aria-label={named(t('records.reveal'), r)}>
              {t('records.reveal')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => onHistory(r)} aria-label={named(t('records.history'), r)}>
            {t('records.history')}
          </Button>
        </Space>
      ),
    });
    // Every body cell a cell to a screen reader (see HEADER_PARTS).
    return cols.map((c) => ({ ...c, onCell: CELL }));
  }, [t, sort, showClient, canReveal, revealable, canWrite, onReveal, onHistory, onEdit, onDelete]);

  const scrollX = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) + 40;
  const selectedKeys = useMemo(() => [...props.selected], [props.selected]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_ROWS * ROW_HEIGHT) props.onNeedMore();
  };

  return (
    <div
      ref={wrapper}
      data-testid="records-table"
      data-result={props.resultId}
      data-rows={props.rows.length}
      aria-busy={props.loading}
      aria-label={t('records.table.label')}
      // Only rows belong in a table: the empty state (antd draws it as a table of its own) is not one.
      role={props.rows.length > 0 ? 'table' : 'region'}
      aria-rowcount={props.rows.length > 0 ? props.total + 1 : undefined}
    >
      <Table<RecordView>
        key={generation}
        ref={tableRef as never}
        virtual
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={props.rows}
        // Without antd's aria-busy on its spinner box (the table's own div says it): a table may
        // hold rows and nothing else that speaks.
        loading={
          {
            spinning: props.loading && props.rows.length === 0,
            'aria-busy': undefined,
            'aria-live': undefined,
          } as SpinProps
        }
        pagination={false}
        rowSelection={
          props.canWrite
            ? {
                // antd selects a range on Shift+click; keys of records not loaded (select all) stay.
                selectedRowKeys: selectedKeys,
                preserveSelectedRowKeys: true,
                columnWidth: 40,
                fixed: 'left',
                onCell: CELL,
                // antd names its header checkbox "Select all" in English; it selects the loaded rows.
                getTitleCheckboxProps: () => ({ 'aria-label': t('records.batch.selectLoaded') }),
                onChange: (keys: Key[]) => props.onSelect(keys.map(Number)),
                getCheckboxProps: (r) => ({ 'aria-label': t('records.row.select', { name: recordName(r) }) }) as never,
              }
            : undefined
        }
        components={HEADER_PARTS}
        onRow={(_r, index) => ({ role: 'row', 'aria-rowindex': (index ?? 0) + 2 }) as HTMLAttributes<HTMLElement>}
        scroll={{ x: scrollX, y: height }}
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
