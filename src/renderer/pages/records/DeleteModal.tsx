import { Alert, App as AntApp, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RecordView } from '../../../shared/ipc-contract';
import { AppError, describeError } from '../../api';
import { useLocale, useT } from '../../i18n';
import { money, recordsApi, shanghaiTime } from './records-api';

/** The core asks for at least this many characters of reason. */
const MIN_REASON = 2;

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
      title={record ? t('records.delete.title', { id: record.id }) : ''}
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

  const tooShort = reason.trim().length < MIN_REASON;
  const remove = async () => {
    setAttempted(true);
    if (tooShort || busy) return;
    setBusy(true);
    setError(null);
    try {
      await recordsApi(locale).remove(record.id, record.version, reason.trim());
      void message.success(t('records.delete.done', { id: record.id }));
      props.onDeleted();
      props.onClose();
    } catch (err) {
      setError(err);
      if (err instanceof AppError && err.code === 'E_CONFLICT') props.onConflict();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lv-records-reveal" data-testid="record-delete">
      <Typography.Paragraph className="lv-records-delete-summary" data-testid="delete-summary">
        {t('records.delete.summary', {
          time: shanghaiTime(record.occurredAt),
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
          help={attempted && tooShort ? t('records.delete.reason.required') : t('records.delete.reason.help')}
        >
          <Input.TextArea
            id="lv-delete-reason"
            autoFocus
            value={reason}
            rows={2}
            maxLength={200}
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
          <Button type="primary" danger loading={busy} onClick={() => void remove()}>
            {t('records.delete.submit')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
