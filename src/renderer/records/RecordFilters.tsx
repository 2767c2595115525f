import { Button, DatePicker, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
// Registers (does not switch to) dayjs's Chinese names, which antd's zh_CN date picker asks for.
import 'dayjs/locale/zh-cn';
import { useState } from 'react';
import { parseAmount } from '../../shared/money';
import { DATE_PRESETS, periodOf, periodRange, presetRange } from '../../shared/records/date-presets';
import {
  DIRECTIONS,
  PAYMENT_CHANNELS,
  RECORD_STATUSES,
  type Direction,
  type RecordStatus,
} from '../../shared/records/rules';
import { useT } from './i18n';

/** What the filter bar sets; the page adds the client, sort and paging. */
export interface RecordFilterValues {
  from?: string;
  to?: string;
  direction?: Direction;
  minAmount?: string;
  maxAmount?: string;
  channel?: string;
  status?: RecordStatus;
  text?: string;
}

/** An amount box: applies on Enter or when it loses focus, and only what parses (or nothing). */
function AmountBox(props: { label: string; value: string | undefined; onApply: (value: string | undefined) => void }) {
  const [draft, setDraft] = useState(props.value ?? '');
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    setShown(props.value);
    setDraft(props.value ?? '');
  }
  const bad = draft.trim() !== '' && !parseAmount(draft).ok;
  const apply = () => {
    if (bad) return;
    const next = draft.trim() === '' ? undefined : draft.trim();
    if (next !== props.value) props.onApply(next);
  };
  return (
    <Input
      aria-label={props.label}
      placeholder={props.label}
      value={draft}
      status={bad ? 'error' : undefined}
      inputMode="decimal"
      onChange={(e) => setDraft(e.target.value)}
      onPressEnter={apply}
      onBlur={apply}
      className="lv-records-amount-filter"
    />
  );
}

/** Date range, direction, amount range, channel, status and the text search; each change re-queries. */
export function RecordFilters(props: { value: RecordFilterValues; onChange: (next: RecordFilterValues) => void }) {
  const t = useT();
  const { value, onChange } = props;
  const [text, setText] = useState(value.text ?? '');
  const set = (patch: Partial<RecordFilterValues>) => onChange({ ...value, ...patch });
  const range: [Dayjs | null, Dayjs | null] = [
    value.from ? dayjs(value.from) : null,
    value.to ? dayjs(value.to) : null,
  ];
  // 本月, 上月, 本季度, 本年 in Beijing time, worked out when the picker opens (a new month too).
  const now = Date.now();
  const presets = DATE_PRESETS.map((p) => {
    const r = presetRange(p, now);
    return { label: t(`records.filter.preset.${p}`), value: [dayjs(r.from), dayjs(r.to)] as [Dayjs, Dayjs] };
  });
  const period = periodOf(value);

  return (
    <div className="lv-records-filters" role="search" aria-label={t('records.filter.text')}>
      <DatePicker.RangePicker
        aria-label={t('records.filter.range')}
        placeholder={[t('records.filter.rangeStart'), t('records.filter.rangeEnd')]}
        value={range}
        allowEmpty={[true, true]}
        presets={presets}
        onChange={(dates) =>
          set({
            from: dates?.[0] ? dates[0].format('YYYY-MM-DD') : undefined,
            to: dates?.[1] ? dates[1].format('YYYY-MM-DD') : undefined,
          })
        }
      />
      <DatePicker
        picker="month"
        aria-label={t('records.filter.period')}
        data-testid="records-period"
        className="lv-records-period"
        placeholder={t('records.filter.period')}
        value={period ? dayjs(periodRange(period.year, period.month).from) : null}
        // 会计期间 as 用友 and 金蝶 name them (2024年03期); 2024-03 and 202403 may be typed too.
        format={['YYYY年MM期', 'YYYY-MM', 'YYYYMM']}
        onChange={(d) => {
          if (!d) return set({ from: undefined, to: undefined });
          const r = periodRange(d.year(), d.month() + 1);
          set({ from: r.from, to: r.to });
        }}
      />
      <Select<Direction | ''>
        aria-label={t('records.filter.direction')}
        className="lv-records-select"
        value={value.direction ?? ''}
        onChange={(v) => set({ direction: v === '' ? undefined : v })}
        options={[
          {
            value: '',
            label: t('records.filter.labelled', {
              label: t('records.filter.direction'),
              value: t('records.filter.any'),
            }),
          },
          ...DIRECTIONS.map((d) => ({ value: d, label: t(`records.direction.${d}`) })),
        ]}
      />
      <span className="lv-records-amounts">
        <AmountBox
          label={t('records.filter.minAmount')}
          value={value.minAmount}
          onApply={(v) => set({ minAmount: v })}
        />
        <span aria-hidden="true">–</span>
        <AmountBox
          label={t('records.filter.maxAmount')}
          value={value.maxAmount}
          onApply={(v) => set({ maxAmount: v })}
        />
      </span>
      <Select<string>
        aria-label={t('records.filter.channel')}
        className="lv-records-select"
        value={value.channel ?? ''}
        onChange={(v) => set({ channel: v === '' ? undefined : v })}
        options={[
          {
            value: '',
            label: t('records.filter.labelled', { label: t('records.filter.channel'), value: t('records.filter.any') }),
          },
          ...PAYMENT_CHANNELS.map((c) => ({ value: c, label: t(`records.channel.${c}`) })),
        ]}
      />
      <Select<RecordStatus | ''>
        aria-label={t('records.filter.status')}
        className="lv-records-select"
        value={value.status ?? ''}
        onChange={(v) => set({ status: v === '' ? undefined : v })}
        options={[
          {
            value: '',
            label: t('records.filter.labelled', { label: t('records.filter.status'), value: t('records.filter.any') }),
          },
          ...RECORD_STATUSES.map((s) => ({ value: s, label: t(`records.status.${s}`) })),
        ]}
      />
      <Input.Search
        aria-label={t('records.filter.text.placeholder')}
        placeholder={t('records.filter.text.placeholder')}
        className="lv-records-search"
        value={text}
        allowClear
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => set({ text: v.trim() === '' ? undefined : v.trim() })}
      />
      <Button
        onClick={() => {
          setText('');
          onChange({});
        }}
      >
        {t('records.filter.reset')}
      </Button>
    </div>
  );
}
