import { Checkbox, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { ImportPreviewView, ImportRowStatus, ImportRowView } from '../../shared/contract';
import { inputMessage } from '../../shared/messages';
import { formatRecordTime } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { money, STATUS_COLOR } from './import-format';

const PAGE = 50;
const FILTERS = [
  'records',
  'all',
  'new',
  'duplicate',
  'duplicateInFile',
  'possibleDuplicate',
  'rejected',
  'skipped',
] as const;
type Filter = (typeof FILTERS)[number];

/**
 * The preview's rows, a page at a time from the core (a large export never crosses whole), with a
 * filter by status. Everything from the file shows as text. A possible duplicate has a checkbox
 * to import it anyway.
 */
export function PreviewTable(props: {
  preview: ImportPreviewView;
  accepted: ReadonlySet<number>;
  onAccept: (line: number, accepted: boolean) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { preview } = props;
  const [filter, setFilter] = useState<Filter>('records');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: ImportRowView[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Each preview opens on its records: the preamble and summary rows are one click away (全部, 跳过).
  useEffect(() => load('records', 1), [preview]);

  function load(nextFilter: Filter, nextPage: number) {
    setFilter(nextFilter);
    setPage(nextPage);
    setLoading(true);
    setError(null);
    client.import
      .rows({
        handle: preview.handle,
        offset: (nextPage - 1) * PAGE,
        limit: PAGE,
        ...(nextFilter === 'all' ? {} : { status: nextFilter }),
      })
      .then(setData, setError)
      .finally(() => setLoading(false));
  }

  const note = (row: ImportRowView) => {
    if (row.status === 'rejected')
      return (row.problems ?? [])
        .map((p) => (p.key ? inputMessage(p.key, locale, p.params ?? {}) : p.message))
        .join('；');
    if (row.status === 'skipped' && row.skipReason) return t(`import.skip.${row.skipReason}`);
    const parts: string[] = [];
    if (row.existingIds && row.existingIds.length > 0)
      parts.push(t('import.note.existing', { ids: row.existingIds.join(', ') }));
    if (row.sameAsLine !== undefined) parts.push(t('import.note.sameAs', { line: row.sameAsLine }));
    return parts.join('；');
  };

  const columns: ColumnsType<ImportRowView> = [
    { title: t('import.col.line'), dataIndex: 'line', width: 64 },
    {
      title: t('import.col.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: ImportRowStatus) => (
        <Tag color={STATUS_COLOR[status]} data-status={status}>
          {t(`import.status.${status}`)}
        </Tag>
      ),
    },
    {
      title: t('import.col.time'),
      width: 150,
      render: (_, row) => (row.record ? formatRecordTime(row.record.occurredAtMs, row.record.hasTime) : ''),
    },
    {
      title: t('import.col.direction'),
      width: 80,
      render: (_, row) =>
        row.record &&
        (row.record.direction === 'in' || row.record.direction === 'out' || row.record.direction === 'neutral')
          ? t(`import.direction.${row.record.direction}`)
          : '',
    },
    {
      title: t('import.col.amount'),
      width: 120,
      align: 'right',
      render: (_, row) => (row.record ? money(row.record.amountMinor, row.record.currency) : ''),
    },
    {
      title: t('import.col.counterparty'),
      ellipsis: true,
      render: (_, row) => row.record?.counterparty ?? '',
    },
    {
      title: t('import.col.reference'),
      width: 150,
      ellipsis: true,
      render: (_, row) => row.record?.reference ?? '',
    },
    {
      title: t('import.col.note'),
      width: 260,
      render: (_, row) => (
        <div className="lv-import-note">
          <Typography.Text type={row.status === 'rejected' ? 'danger' : 'secondary'}>{note(row)}</Typography.Text>
          {row.status === 'possibleDuplicate' && (
            <Checkbox
              checked={props.accepted.has(row.line)}
              onChange={(e) => props.onAccept(row.line, e.target.checked)}
              data-testid={`import-accept-${row.line}`}
            >
              {t('import.accept')}
            </Checkbox>
          )}
        </div>
      ),
    },
  ];

  return (
    <div data-testid="import-rows">
      <Segmented<Filter>
        className="lv-import-filter"
        value={filter}
        onChange={(value) => load(value, 1)}
        options={FILTERS.map((f) => ({
          value: f,
          label:
            f === 'all' ? t('import.rows.all') : f === 'records' ? t('import.rows.records') : t(`import.status.${f}`),
        }))}
      />
      {error ? <ErrorAlert error={error} title={t('import.previewFailed')} /> : null}
      <Table<ImportRowView>
        size="small"
        rowKey="line"
        columns={columns}
        dataSource={data.rows}
        loading={loading}
        tableLayout="fixed"
        scroll={{ x: 1000 }}
        rowClassName={(row) => `lv-import-row-${row.status}`}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data.total,
          showSizeChanger: false,
          onChange: (next) => load(filter, next),
        }}
      />
    </div>
  );
}
