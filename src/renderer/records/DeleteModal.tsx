import { Alert, App as AntApp, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RecordView } from '../../shared/contract';
import { REASON_MAX, reasonProblem, REASON_MIN } from '../../shared/records/rules';
import { formatRecordTime } from '../../shared/time';
import { client } from '../app/client';
import { describeError, isError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { money } from './record-format';
import { recordName } from './record-name';

/**
 * 删除记录: asks for a reason (kept in the record's history and the audit log) and deletes the
 * record softly, with its version; it then leaves the list and the totals. When someone else
 * changed it meanwhile (E_CONFLICT) the core's message shows and `onConflict` reloads the list.
 */
export function DeleteModal(props: {
  record: RecordView | null;
  onClose: () => void;
  onDeleted: () => void;
  onConflict: () => void;
}) {
  const t = useT();
  const { record } = props;
  return (
    <Modal
      open={record !== null}
      onCancel={props.onClose}
      title={record ? t('records.delete.title', { name: recordName(record) }) : ''}
      footer={null}
      destroyOnHidden
    >
      {record && <DeleteBody key={record.id} {...props} record={record} />}
    </Modal>
  );
}

function DeleteBody(props: { record: RecordView; onClose: () => void; onDeleted: () => void; onConflict: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const { record } = props;
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const tooShort = reasonProblem(reason) !== null;
  const remove = async () => {
    setAttempted(true);
    if (tooShort || busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.records.delete({ id: record.id, version: record.version, reason: reason.trim() });
      void message.success(t('records.delete.done', { name: recordName(record) }));
      props.onDeleted();
      props.onClose();
    } catch (err) {
      setError(err);
      if (isError(err, 'E_CONFLICT')) props.onConflict();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lv-records-reveal" data-testid="record-delete">
      <Typography.Paragraph className="lv-records-delete-summary" data-testid="delete-summary">
        {t('records.delete.summary', {
          time: formatRecordTime(record.occurredAt, record.hasTime),
          direction: t(`records.direction.${record.direction}`),
          amount: money(record.amountMinor, record.currency),
          counterparty: record.counterparty ?? '',
        })}
      </Typography.Paragraph>
      <Form layout="vertical" component="div" requiredMark={false}>
        <Form.Item
          label={t('records.delete.reason')}
          htmlFor="lv-delete-reason"
          validateStatus={attempted && tooShort ? 'error' : undefined}
          help={
            attempted && tooShort
              ? t('records.delete.reason.required', { min: REASON_MIN })
              : t('records.delete.reason.help')
          }
        >
          <Input.TextArea
            id="lv-delete-reason"
            autoFocus
            value={reason}
            rows={2}
            maxLength={REASON_MAX}
            placeholder={t('records.delete.reason.placeholder')}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void remove();
              }
            }}
          />
        </Form.Item>
      </Form>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="delete-error"
          data-code={describeError(error, locale).code}
          title={t('records.delete.failed')}
          description={describeError(error, locale).message}
          className="lv-records-gap"
        />
      )}
      <div className="lv-records-reveal-actions">
        <Space>
          <Button onClick={props.onClose}>{t('records.edit.cancel')}</Button>
          <Button type="primary" danger className="lv-records-danger" loading={busy} onClick={() => void remove()}>
            {t('records.delete.submit')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
