import { Drawer, Empty, Spin, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RecordChange, RecordView } from '../../shared/contract';
import { DIRECTIONS, PAYMENT_CHANNELS, RECORD_STATUSES } from '../../shared/records/rules';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { useT, type RecordsKey } from './i18n';
import { isOneOf, money } from './record-format';
import { recordName } from './record-name';

/** Column names of the fields a change can touch, for the history's lines. */
const FIELD_LABEL: Record<string, RecordsKey> = {
  occurredAt: 'records.col.occurredAt',
  direction: 'records.col.direction',
  amountMinor: 'records.col.amount',
  amount: 'records.col.amount',
  counterparty: 'records.col.counterparty',
  counterpartyAccount: 'records.col.counterpartyAccount',
  reference: 'records.col.reference',
  memo: 'records.col.memo',
  status: 'records.col.status',
  channel: 'records.filter.channel',
  merchantOrderRef: 'records.history.field.merchantOrderRef',
  category: 'records.history.field.category',
  deleted: 'records.history.field.deleted',
  clientId: 'records.history.field.clientId',
  accountId: 'records.history.field.accountId',
};

/** 修改历史: each change of a record, field by field (old -> new), who and when. */
export function HistoryDrawer(props: {
  record: RecordView | null;
  /** Client names by id, so that a move between clients reads as names. */
  clientNames?: ReadonlyMap<number, string>;
  onClose: () => void;
}) {
  const t = useT();
  const { record } = props;
  const [changes, setChanges] = useState<RecordChange[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!record) return;
    let cancelled = false;
    setChanges(null);
    setError(null);
    client.records.history({ id: record.id }).then(
      (list) => !cancelled && setChanges(list),
      (err: unknown) => !cancelled && setError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [record]);

  const empty = t('records.history.emptyValue');
  /** A stored value as the table shows it: amounts in yuan, times in Beijing time, names translated. */
  const shown = (field: string, v: string | null): string => {
    if (v === null || v === '') return empty;
    if (field === 'amountMinor' && /^-?\d+$/.test(v)) return money(Number(v), record?.currency);
    if (field === 'occurredAt' && /^\d+$/.test(v)) return formatShanghai(Number(v));
    if (field === 'direction' && isOneOf(DIRECTIONS, v)) return t(`records.direction.${v}`);
    if (field === 'status' && isOneOf(RECORD_STATUSES, v)) return t(`records.status.${v}`);
    if (field === 'channel' && isOneOf(PAYMENT_CHANNELS, v)) return t(`records.channel.${v}`);
    if (field === 'clientId') return props.clientNames?.get(Number(v)) ?? v;
    return v;
  };

  return (
    <Drawer
      open={record !== null}
      onClose={props.onClose}
      title={record ? t('records.history.title', { name: recordName(record) }) : ''}
      size={480}
      destroyOnHidden
    >
      {error !== null && <ErrorAlert error={error} title={t('records.history.failed')} />}
      {error === null && changes === null && <Spin />}
      {changes !== null && changes.length === 0 && <Empty description={t('records.history.empty')} />}
      {changes !== null && changes.length > 0 && (
        <Timeline
          data-testid="record-history"
          items={changes.map((c) => ({
            key: c.id,
            color: c.field === 'deleted' ? 'red' : undefined,
            content: (
              <div className="lv-records-history-item" data-testid="history-item" data-field={c.field}>
                <Typography.Text strong>{FIELD_LABEL[c.field] ? t(FIELD_LABEL[c.field]!) : c.field}</Typography.Text>
                <div className="lv-records-history-change">
                  {c.field === 'deleted'
                    ? shown(c.field, c.newValue)
                    : t('records.history.change', {
                        old: shown(c.field, c.oldValue),
                        next: shown(c.field, c.newValue),
                      })}
                </div>
                <div className="lv-records-history-by">
                  <Typography.Text type="secondary" data-testid="history-when">
                    {t('records.history.by', { when: formatShanghai(c.changedAt, 'second'), version: c.version })}
                  </Typography.Text>
                  <Typography.Text type="secondary" className="lv-records-mono" data-testid="history-who">
                    {t('records.history.who', { who: c.changedBy })}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
