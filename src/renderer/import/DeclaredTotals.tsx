import { Descriptions, Table, Tag } from 'antd';
import type { ImportPreviewView } from '../../shared/contract';
import { useT, type ImportKey } from './i18n';
import { money } from './import-format';

interface Line {
  key: ImportKey;
  declared: string | null;
  read: string;
  differs: boolean;
}

/**
 * What the file says of itself (its summary lines) against what was read, so a file cut short or
 * misread shows before it is imported. Shown only when the file declares something.
 */
export function DeclaredTotals(props: { preview: ImportPreviewView }) {
  const t = useT();
  const { declared, totals } = props.preview;
  const currency = declared.currency ?? totals[0]?.currency ?? 'CNY';
  const read = totals.find((x) => x.currency === currency) ?? {
    currency,
    inCount: 0,
    inMinor: 0,
    outCount: 0,
    outMinor: 0,
  };
  const line = (key: ImportKey, d: number | undefined, r: number, isMoney: boolean): Line | null =>
    d === undefined
      ? null
      : {
          key,
          declared: isMoney ? money(d, currency) : String(d),
          read: isMoney ? money(r, currency) : String(r),
          differs: d !== r,
        };
  const lines = [
    line('import.totals.inCount', declared.inCount, read.inCount, false),
    line('import.totals.inAmount', declared.inMinor, read.inMinor, true),
    line('import.totals.outCount', declared.outCount, read.outCount, false),
    line('import.totals.outAmount', declared.outMinor, read.outMinor, true),
  ].filter((l): l is Line => l !== null);
  if (lines.length === 0) return null;
  return (
    <Table<Line>
      className="lv-import-gap lv-import-totals"
      data-testid="import-totals"
      size="small"
      rowKey="key"
      pagination={false}
      title={() => t('import.totals')}
      dataSource={lines}
      columns={[
        { title: t('import.totals.kind'), dataIndex: 'key', render: (k: ImportKey) => t(k) },
        { title: t('import.totals.declared'), dataIndex: 'declared', align: 'right' },
        {
          title: t('import.totals.read'),
          align: 'right',
          render: (_, l) => (
            <span>
              {l.read}
              {l.differs && (
                <Tag color="red" className="lv-import-differs">
                  {t('import.totals.mismatch')}
                </Tag>
              )}
            </span>
          ),
        },
      ]}
    />
  );
}

/** The preview's counts: rows, to import (with the possible duplicates accepted), duplicates, rejected, skipped. */
export function PreviewCounts(props: { preview: ImportPreviewView; toImport: number; accepted: number }) {
  const t = useT();
  const { counts } = props.preview;
  return (
    <Descriptions size="small" column={5} bordered layout="vertical">
      <Descriptions.Item label={t('import.counts.rows')}>
        <span data-testid="import-count-rows">{counts.rows}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('import.counts.imported')}>
        <span data-testid="import-count-imported">{props.toImport}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('import.counts.duplicates')}>
        <span data-testid="import-count-duplicates">{counts.duplicates - props.accepted}</span>
        {counts.possibleDuplicates > 0 && ` (${t('import.counts.possible')} ${counts.possibleDuplicates})`}
      </Descriptions.Item>
      <Descriptions.Item label={t('import.counts.rejected')}>
        <span data-testid="import-count-rejected">{counts.rejected}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('import.counts.skipped')}>
        <span data-testid="import-count-skipped">{counts.skipped}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
