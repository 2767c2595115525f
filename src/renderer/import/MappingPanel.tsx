import { Button, Card, Flex, Radio, Select, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImportColumnMapping, ImportEncoding } from '../../shared/contract';
import type { ImportSavedMappingView } from '../../shared/import/contract';
import { IMPORT_DATE_FORMATS } from '../../shared/import/contract';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useT, type ImportKey } from './i18n';
import { SavedMappings } from './SavedMappings';

type Row = { line: number; cells: string[] };
type Field = 'date' | 'time' | 'amount' | 'direction' | 'in' | 'out' | 'counterparty' | 'reference' | 'memo';
const REQUIRED: Record<'single' | 'split', Field[]> = {
  single: ['date', 'amount', 'counterparty'],
  split: ['date', 'in', 'out', 'counterparty'],
};
const SHOWN_COLUMNS = 12;

/** The row most likely to be the header: the first with the most non-empty cells among the first rows. */
function guessHeader(rows: Row[]): number | null {
  let best: Row | null = null;
  for (const r of rows.slice(0, 30)) {
    const filled = r.cells.filter((c) => c.trim() !== '').length;
    if (!best || filled > best.cells.filter((c) => c.trim() !== '').length) best = r;
  }
  return best?.line ?? null;
}

/**
 * 列映射 for a layout the importer does not know (format 通用 CSV/XLSX): the file's first rows as
 * text, the header row, and which column holds what. A column is named by its header text when
 * that is unique, else by its position; the core checks the mapping and reads the file by it.
 */
export function MappingPanel(props: {
  handle: string;
  encoding?: ImportEncoding;
  /** The mapping to read the file by, and the saved mapping's name when it is one. */
  onApply: (mapping: ImportColumnMapping, savedName?: string) => void;
}) {
  const t = useT();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [headerRow, setHeaderRow] = useState<number | null>(null);
  const [mode, setMode] = useState<'single' | 'split'>('single');
  const [picked, setPicked] = useState<Partial<Record<Field, number>>>({});
  const [positive, setPositive] = useState<'in' | 'out'>('in');
  const [dateFormat, setDateFormat] = useState<(typeof IMPORT_DATE_FORMATS)[number]>('YYYY-MM-DD');

  useEffect(() => {
    setRows(null);
    client.import
      .head({ handle: props.handle, ...(props.encoding ? { encoding: props.encoding } : {}) })
      .then((head) => {
        setRows(head.rows);
        setHeaderRow((h) => h ?? guessHeader(head.rows));
      }, setError);
  }, [props.handle, props.encoding]);

  const header = useMemo(() => rows?.find((r) => r.line === headerRow)?.cells ?? [], [rows, headerRow]);
  const options = header.map((name, i) => ({ value: i, label: name.trim() === '' ? `#${i + 1}` : name }));
  // By header text when unique and not blank: a saved mapping then fits the bank's later exports.
  const columnOf = (i: number): string | number =>
    header[i]!.trim() !== '' && header.filter((h) => h.trim() === header[i]!.trim()).length === 1
      ? header[i]!.trim()
      : i;
  const complete = headerRow !== null && REQUIRED[mode].every((f) => picked[f] !== undefined);

  const build = (): ImportColumnMapping | null => {
    if (!complete || headerRow === null) return null;
    const col = (f: Field) => (picked[f] === undefined ? undefined : columnOf(picked[f]));
    const direction = col('direction');
    const mapping: ImportColumnMapping = {
      headerRow,
      date: col('date')!,
      counterparty: col('counterparty')!,
      dateFormat,
      ...(mode === 'single' ? { amount: col('amount')!, positive } : { in: col('in')!, out: col('out')! }),
      ...(mode === 'single' && direction !== undefined ? { direction: { column: direction } } : {}),
      ...(col('time') !== undefined ? { time: col('time')! } : {}),
      ...(col('reference') !== undefined ? { reference: col('reference')! } : {}),
      ...(col('memo') !== undefined ? { memo: col('memo')! } : {}),
    };
    return mapping;
  };
  const apply = () => {
    const mapping = build();
    if (mapping) props.onApply(mapping);
  };

  const { onApply } = props;
  // A saved mapping is read by its header names; the pickers show it too, for adjusting and saving again.
  const useSaved = useCallback(
    (saved: ImportSavedMappingView) => {
      const flat = (c: string) => c.replace(/[\s\u3000\u00a0]+/g, '');
      const at = rows?.find((r) => saved.header.every((h, i) => flat(r.cells[i] ?? '') === h));
      const cells = at?.cells ?? [];
      const indexOf = (c: string | number | (string | number)[] | undefined): number | undefined => {
        const one = Array.isArray(c) ? c[0] : c;
        if (one === undefined) return undefined;
        if (typeof one === 'number') return one;
        const i = cells.findIndex((x) => flat(x) === flat(one));
        return i >= 0 ? i : undefined;
      };
      const m = saved.mapping;
      if (at) setHeaderRow(at.line);
      setMode(m.in !== undefined ? 'split' : 'single');
      if (m.positive) setPositive(m.positive);
      if (m.dateFormat) setDateFormat(m.dateFormat);
      setPicked({
        date: indexOf(m.date),
        time: indexOf(m.time),
        amount: indexOf(m.amount),
        direction: indexOf(m.direction?.column),
        in: indexOf(m.in),
        out: indexOf(m.out),
        counterparty: indexOf(m.counterparty),
        reference: indexOf(m.reference),
        memo: indexOf(m.memo),
      });
      onApply(m, saved.name);
    },
    [rows, onApply],
  );

  const fieldSelect = (field: Field, label: ImportKey, required: boolean) => (
    <label className="lv-import-field" key={field}>
      <span>
        {t(label)}
        {required ? ' *' : ''}
      </span>
      <Select<number>
        className="lv-import-select-narrow"
        data-testid={`import-map-${field}`}
        allowClear={!required}
        value={picked[field]}
        onChange={(v) => setPicked((p) => ({ ...p, [field]: v }))}
        options={options}
      />
    </label>
  );

  const width = Math.min(SHOWN_COLUMNS, Math.max(0, ...(rows ?? []).map((r) => r.cells.length)));
  return (
    <Card size="small" className="lv-panel" title={<PanelTitle>{t('import.map.title')}</PanelTitle>}>
      <Typography.Paragraph type="secondary">{t('import.map.intro')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} title={t('import.previewFailed')} /> : null}
      <Table<Row>
        size="small"
        rowKey="line"
        className="lv-import-head"
        dataSource={rows ?? []}
        loading={rows === null && !error}
        pagination={false}
        scroll={{ x: 56 + width * 140, y: 220 }}
        rowClassName={(r) => (r.line === headerRow ? 'lv-import-head-row' : '')}
        onRow={(r) => ({ onClick: () => setHeaderRow(r.line) })}
        columns={[
          { title: t('import.col.line'), dataIndex: 'line', width: 56, fixed: 'left' },
          ...Array.from({ length: width }, (_, i) => ({
            title: `#${i + 1}`,
            key: i,
            width: 140,
            ellipsis: true,
            render: (_: unknown, r: Row) => r.cells[i] ?? '',
          })),
        ]}
      />
      <SavedMappings
        rows={rows}
        onUse={useSaved}
        current={() => {
          const mapping = build();
          return mapping ? { mapping, header } : null;
        }}
      />
      <Flex gap="middle" wrap align="end" className="lv-import-gap">
        <label className="lv-import-field">
          <span>{t('import.map.headerRow')} *</span>
          <Select<number>
            className="lv-import-select-narrow"
            data-testid="import-map-header"
            value={headerRow ?? undefined}
            onChange={setHeaderRow}
            options={(rows ?? []).map((r) => ({ value: r.line, label: String(r.line) }))}
          />
        </label>
        {fieldSelect('date', 'import.map.date', true)}
        {fieldSelect('time', 'import.map.time', false)}
        <label className="lv-import-field">
          <span>{t('import.map.dateFormat')}</span>
          <Select
            className="lv-import-select-narrow"
            value={dateFormat}
            onChange={setDateFormat}
            options={IMPORT_DATE_FORMATS.map((f) => ({ value: f, label: f }))}
          />
        </label>
        {fieldSelect('counterparty', 'import.map.counterparty', true)}
        {fieldSelect('reference', 'import.map.reference', false)}
        {fieldSelect('memo', 'import.map.memo', false)}
      </Flex>
      <Flex gap="middle" wrap align="end" className="lv-import-gap">
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'single' | 'split')}>
          <Radio value="single">{t('import.map.single')}</Radio>
          <Radio value="split">{t('import.map.split')}</Radio>
        </Radio.Group>
        {mode === 'single' ? (
          <>
            {fieldSelect('amount', 'import.map.amount', true)}
            {fieldSelect('direction', 'import.map.direction', false)}
            <label className="lv-import-field">
              <span>{t('import.map.positive')}</span>
              <Select<'in' | 'out'>
                className="lv-import-select-narrow"
                value={positive}
                onChange={setPositive}
                options={[
                  { value: 'in', label: t('import.direction.in') },
                  { value: 'out', label: t('import.direction.out') },
                ]}
              />
            </label>
          </>
        ) : (
          <>
            {fieldSelect('in', 'import.map.in', true)}
            {fieldSelect('out', 'import.map.out', true)}
          </>
        )}
        <Button type="primary" disabled={!complete} onClick={apply} data-testid="import-map-apply">
          {t('import.map.apply')}
        </Button>
      </Flex>
    </Card>
  );
}
