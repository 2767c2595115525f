import { Alert, App as AntApp, Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { BatchItem, ClientSummary } from '../../shared/contract';
import { REASON_MAX, reasonProblem, REASON_MIN, RECORD_STATUSES } from '../../shared/records/rules';
import { client } from '../app/client';
import { describeError, isError } from '../app/errors';
import { useLocale } from '../app/i18n';
import type { BatchMode } from './BatchBar';
import { useT } from './i18n';

type Status = (typeof RECORD_STATUSES)[number];

export interface BatchTarget {
  mode: BatchMode;
  items: BatchItem[];
  /** The names of the clients the selected records belong to, for the confirmation. */
  clientNames: string[];
}

/**
 * The confirmation of one batch: it states how many records and which clients, asks for what
 * the action needs (one reason, the destination client, the new status), and sends the batch as
 * one call: the core changes all of it or nothing.
 */
export function BatchModal(props: {
  target: BatchTarget | null;
  clients: ClientSummary[];
  onClose: () => void;
  onDone: () => void;
  onConflict: () => void;
}) {
  const t = useT();
  const { target } = props;
  const count = target?.items.length ?? 0;
  const titles = {
    delete: t('records.batch.delete.title', { count }),
    move: t('records.batch.move.title', { count }),
    status: t('records.batch.status.title', { count }),
  };
  return (
    <Modal
      open={target !== null}
      onCancel={props.onClose}
      title={target ? titles[target.mode] : ''}
      footer={null}
      destroyOnHidden
      width={560}
    >
      {target && <BatchBody {...props} target={target} />}
    </Modal>
  );
}

function BatchBody(props: {
  target: BatchTarget;
  clients: ClientSummary[];
  onClose: () => void;
  onDone: () => void;
  onConflict: () => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const { mode, items, clientNames } = props.target;
  const count = items.length;
  const [reason, setReason] = useState('');
  const [toClientId, setToClientId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<Status>('succeeded');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const toName = props.clients.find((c) => c.id === toClientId)?.name ?? '';
  const statusName = t(`records.status.${status}`);
  const invalid =
    mode === 'delete' ? reasonProblem(reason) !== null : mode === 'move' ? toClientId === undefined : false;

  const run = async () => {
    setAttempted(true);
    if (invalid || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'delete') {
        await client.records.batchDelete({ items, reason: reason.trim() });
        void message.success(t('records.batch.done.delete', { count }));
      } else if (mode === 'move') {
        await client.records.batchMove({ items, toClientId: toClientId! });
        void message.success(t('records.batch.done.move', { count, to: toName }));
      } else {
        await client.records.batchStatus({ items, status });
        void message.success(t('records.batch.done.status', { count, status: statusName }));
      }
      props.onDone();
      props.onClose();
    } catch (err) {
      setError(err);
      if (isError(err, 'E_CONFLICT')) props.onConflict();
    } finally {
      setBusy(false);
    }
  };

  const summary = {
    delete: t('records.batch.delete.summary', { count }),
    move: t('records.batch.move.summary', { count }),
    status: t('records.batch.status.summary', { count }),
  }[mode];
  const submit = {
    delete: t('records.batch.delete.submit', { count }),
    move: toName ? t('records.batch.move.submit', { to: toName }) : t('records.batch.move'),
    status: t('records.batch.status.submit', { status: statusName }),
  }[mode];

  return (
    <div className="lv-records-reveal" data-testid={`batch-${mode}`}>
      <Typography.Paragraph className="lv-records-gap" data-testid="batch-summary">
        {summary}
      </Typography.Paragraph>
      <Typography.Paragraph strong data-testid="batch-clients">
        {t('records.batch.clients', { clients: clientNames.join('、') })}
      </Typography.Paragraph>
      <Form layout="vertical" component="div" requiredMark={false}>
        {mode === 'delete' && (
          <Form.Item
            label={t('records.delete.reason')}
            htmlFor="lv-batch-reason"
            validateStatus={attempted && invalid ? 'error' : undefined}
            help={
              attempted && invalid
                ? t('records.delete.reason.required', { min: REASON_MIN })
                : t('records.delete.reason.help')
            }
          >
            <Input.TextArea
              id="lv-batch-reason"
              autoFocus
              value={reason}
              rows={2}
              maxLength={REASON_MAX}
              placeholder={t('records.delete.reason.placeholder')}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
        )}
        {mode === 'move' && (
          <Form.Item
            label={t('records.batch.move.to')}
            htmlFor="lv-batch-client"
            validateStatus={attempted && invalid ? 'error' : undefined}
            help={attempted && invalid ? t('records.batch.move.required') : undefined}
          >
            <Select<number>
              id="lv-batch-client"
              autoFocus
              showSearch={{ optionFilterProp: 'label' }}
              value={toClientId}
              onChange={setToClientId}
              aria-label={t('records.batch.move.to')}
              options={props.clients.map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        )}
        {mode === 'status' && (
          <Form.Item label={t('records.batch.status.to')}>
            <Radio.Group
              value={status}
              onChange={(e) => setStatus(e.target.value as Status)}
              aria-label={t('records.batch.status.to')}
              options={RECORD_STATUSES.map((s) => ({ value: s, label: t(`records.status.${s}`) }))}
            />
          </Form.Item>
        )}
      </Form>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="batch-error"
          data-code={describeError(error, locale).code}
          title={t('records.batch.failed')}
          description={describeError(error, locale).message}
        />
      )}
      <div className="lv-records-reveal-actions">
        <Space>
          <Button onClick={props.onClose}>{t('records.batch.cancel')}</Button>
          <Button
            type="primary"
            danger={mode === 'delete'}
            className="lv-records-danger"
            loading={busy}
            onClick={() => void run()}
          >
            {submit}
          </Button>
        </Space>
      </div>
    </div>
  );
}
