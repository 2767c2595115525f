import { Drawer, Empty, Spin, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RecordChange, RecordView } from '../../../shared/ipc-contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/use-load';
import { useLocale, useT, type MessageKey } from '../../i18n';
import { recordsApi } from './records-api';

/** Column names of the fields a change can touch, for the history's lines. */
const FIELD_LABEL: Record<string, MessageKey> = {
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
};

/** 修改记录: each change of a record, field by field (old -> new), who and when. */
export function HistoryDrawer(props: { record: RecordView | null; onClose: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { record } = props;
  const [changes, setChanges] = useState<RecordChange[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!record) return;
    let cancelled = false;
    setChanges(null);
    setError(null);
    recordsApi(locale)
      .history(record.id)
      .then(
        (list) => !cancelled && setChanges(list),
        (err: unknown) => !cancelled && setError(err),
      );
    return () => {
      cancelled = true;
    };
  }, [record, locale]);

  const value = (v: string | null) => (v === null || v === '' ? t('records.history.emptyValue') : v);

  return (
    <Drawer
      open={record !== null}
      onClose={props.onClose}
      title={record ? t('records.history.title', { id: record.id }) : ''}
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
            content: (
              <div>
                <Typography.Text strong>{FIELD_LABEL[c.field] ? t(FIELD_LABEL[c.field]!) : c.field}</Typography.Text>
                <div>{t('records.history.change', { old: value(c.oldValue), next: value(c.newValue) })}</div>
                <Typography.Text type="secondary">
                  {t('records.history.by', { who: c.changedBy, when: formatDateTime(c.changedAt), version: c.version })}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
