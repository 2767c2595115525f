import { Button, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
// Registers (does not switch to) dayjs's Chinese names, which antd's zh_CN date picker asks for.
import 'dayjs/locale/zh-cn';
import { useEffect, useMemo, useState } from 'react';
import { clientMatches } from '../../shared/clients/client-search';
import { client } from '../app/client';
import { shanghaiDate } from '../../shared/time';
import { useT } from './i18n';
import { AUDIT_OUTCOMES, type AuditOutcome } from '../../shared/audit/contract';
import { actionLabel, dayEnd, dayStart, KNOWN_ACTIONS, type AuditFilter } from './audit-format';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  clientId?: number | null;
  action?: string;
  outcome?: AuditOutcome;
}

/** The form's values as the core's filter: whole Beijing days of the chosen range. */
function toFilter(values: FilterValues): AuditFilter {
  const filter: AuditFilter = {};
  const [start, end] = values.range ?? [null, null];
  if (start) filter.since = dayStart(start.format('YYYY-MM-DD'));
  if (end) filter.until = dayEnd(end.format('YYYY-MM-DD'));
  const actor = values.actor?.trim();
  if (actor) filter.actor = actor;
  if (typeof values.clientId === 'number') filter.clientId = values.clientId;
  const action = values.action?.trim();
  if (action) filter.action = action;
  if (values.outcome) filter.outcome = values.outcome;
  return filter;
}

/** The clients this user may pick (by name; the core sorts them by pinyin). */
function useAuditClients(): { id: number; name: string }[] {
  const [clients, setClients] = useState<{ id: number; name: string }[]>([]);
  useEffect(() => {
    let live = true;
    client.audit
      .clients()
      .then((list) => live && setClients(list))
      // Without the list the picker is empty; the log itself still loads and says what failed.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return clients;
}

/** Time range, actor, client, action and outcome, and the Search button that applies them. */
export function AuditFilters(props: { loading: boolean; onSearch: (filter: AuditFilter) => void }) {
  const t = useT();
  const [form] = Form.useForm<FilterValues>();
  const clients = useAuditClients();
  const clientOptions = useMemo(() => clients.map((c) => ({ value: c.id, label: c.name })), [clients]);

  // The picker shows calendar dates; "today" is Beijing's, whatever this computer's zone.
  const presets = useMemo(() => {
    const today = dayjs(shanghaiDate());
    const back = (amount: number, unit: 'day' | 'month'): [Dayjs, Dayjs] => [today.subtract(amount, unit), today];
    return [
      { label: t('audit.filter.today'), value: back(0, 'day') },
      { label: t('audit.filter.last7'), value: back(6, 'day') },
      { label: t('audit.filter.last30'), value: back(29, 'day') },
      { label: t('audit.filter.last12m'), value: back(12, 'month') },
    ];
  }, [t]);

  const actionOptions = useMemo(
    () =>
      KNOWN_ACTIONS.map((action) => ({
        value: action,
        label: actionLabel(t, action),
        search: `${actionLabel(t, action)} ${action}`.toLowerCase(),
      })),
    [t],
  );

  return (
    <Form
      form={form}
      layout="vertical"
      className="lv-audit-filters"
      onFinish={(values) => props.onSearch(toFilter(values))}
    >
      <Form.Item name="range" label={t('audit.filter.range')} className="lv-audit-filter-range">
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          presets={presets}
          placeholder={[t('audit.filter.rangeStart'), t('audit.filter.rangeEnd')]}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item name="actor" label={t('audit.filter.actor')}>
        <Input allowClear maxLength={64} placeholder={t('audit.filter.actor.placeholder')} />
      </Form.Item>
      <Form.Item name="clientId" label={t('audit.filter.client')}>
        <Select<number, (typeof clientOptions)[number]>
          allowClear
          options={clientOptions}
          placeholder={t('audit.filter.client.placeholder')}
          notFoundContent={t('audit.table.empty')}
          popupMatchSelectWidth={false}
          // By name, pinyin or initials (hzmd), as the records screen's picker finds them.
          showSearch={{ filterOption: (typed, option) => !!option && clientMatches(option.label, typed) }}
        />
      </Form.Item>
      <Form.Item name="action" label={t('audit.filter.action')}>
        <Select<string, (typeof actionOptions)[number]>
          allowClear
          options={actionOptions}
          placeholder={t('audit.filter.action.placeholder')}
          popupMatchSelectWidth={320}
          // The Chinese name first, its code beside it in grey: either can be typed.
          optionRender={(option) => (
            <span className="lv-audit-action-option">
              <span>{option.data.label}</span>
              <code>{option.data.value}</code>
            </span>
          )}
          showSearch={{
            filterOption: (input, option) => !!option && option.search.includes(input.trim().toLowerCase()),
          }}
        />
      </Form.Item>
      <Form.Item name="outcome" label={t('audit.filter.outcome')}>
        <Select
          allowClear
          placeholder={t('audit.filter.outcome.placeholder')}
          options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
        />
      </Form.Item>
      <Form.Item className="lv-audit-filter-buttons">
        <Button type="primary" htmlType="submit" loading={props.loading}>
          {t('audit.filter.search')}
        </Button>
        <Button
          htmlType="button"
          onClick={() => {
            form.resetFields();
            props.onSearch({});
          }}
          disabled={props.loading}
        >
          {t('audit.filter.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
