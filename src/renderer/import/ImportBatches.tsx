import { App as AntApp, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ImportBatchRow } from '../../shared/contract';
import { inputMessage } from '../../shared/messages';
import { REASON_MAX, reasonProblem, REASON_MIN } from '../../shared/records/rules';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useLocale } from '../app/i18n';
import { FORMAT_NAMES, useT } from './i18n';

/** A client's import batches, newest first, with 撤销导入 (a reason required) for users allowed. */
export function ImportBatches(props: {
  rows: ImportBatchRow[] | null;
  error: unknown;
  canUndo: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const [undoing, setUndoing] = useState<ImportBatchRow | null>(null);
  return (
    <Card title={<PanelTitle>{t('import.batches')}</PanelTitle>} size="small" className="lv-panel">
      {props.error ? <ErrorAlert error={props.error} title={t('common.failed')} /> : null}
      <Table<ImportBatchRow>
        size="small"
        rowKey="id"
        data-testid="import-batches"
        dataSource={props.rows ?? []}
        locale={{ emptyText: t('import.batches.none') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        tableLayout="fixed"
        columns={[
          { title: t('import.batch.col.id'), dataIndex: 'id', width: 70 },
          {
            title: t('import.batch.col.when'),
            dataIndex: 'createdAt',
            width: 150,
            render: (at: string) => formatShanghai(at),
          },
          { title: t('import.batch.col.file'), dataIndex: 'fileName', ellipsis: true },
          {
            title: t('import.batch.col.format'),
            dataIndex: 'format',
            width: 120,
            render: (f: string) => FORMAT_NAMES[f]?.[locale] ?? f,
          },
          {
            title: t('import.batch.col.counts'),
            width: 140,
            render: (_, b) => `${b.imported} / ${b.rows}`,
          },
          {
            title: t('import.batch.col.state'),
            width: 190,
            render: (_, b) =>
              b.undoneAt ? (
                <Tag data-testid={`import-batch-state-${b.id}`}>
                  {t('import.batch.undone')} {formatShanghai(b.undoneAt)}
                </Tag>
              ) : props.canUndo ? (
                <Button size="small" danger onClick={() => setUndoing(b)} data-testid={`import-undo-${b.id}`}>
                  {t('import.undo')}
                </Button>
              ) : (
                <Tag color="green">{t('import.batch.active')}</Tag>
              ),
          },
        ]}
      />
      <Modal
        open={undoing !== null}
        onCancel={() => setUndoing(null)}
        title={undoing ? t('import.undo.title', { id: undoing.id }) : ''}
        footer={null}
        destroyOnHidden
      >
        {undoing && (
          <UndoBody
            batch={undoing}
            onClose={() => setUndoing(null)}
            onDone={() => {
              setUndoing(null);
              props.onChanged();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}

function UndoBody(props: { batch: ImportBatchRow; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const tooShort = reasonProblem(reason) !== null;
  const undo = async () => {
    setAttempted(true);
    if (tooShort || busy) return;
    setBusy(true);
    setError(null);
    try {
      const done = await client.import.undo({ batchId: props.batch.id, reason: reason.trim() });
      void message.success(t('import.undo.done', { id: done.batchId, count: done.count }));
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="import-undo">
      <Typography.Paragraph>{t('import.undo.body', { count: props.batch.imported })}</Typography.Paragraph>
      <Form layout="vertical" component="div" requiredMark={false}>
        <Form.Item
          label={t('import.undo.reason')}
          htmlFor="import-undo-reason"
          validateStatus={attempted && tooShort ? 'error' : undefined}
          help={attempted && tooShort ? inputMessage('reason.tooShort', locale, { min: REASON_MIN }) : undefined}
        >
          <Input.TextArea
            id="import-undo-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={REASON_MAX}
            autoSize={{ minRows: 2, maxRows: 4 }}
          />
        </Form.Item>
      </Form>
      <FormError error={error} title={t('import.undo.failed')} />
      <div className="lv-import-actions">
        <Button onClick={props.onClose}>{t('common.cancel')}</Button>
        <Button danger type="primary" loading={busy} onClick={() => void undo()} data-testid="import-undo-confirm">
          {t('import.undo')}
        </Button>
      </div>
    </div>
  );
}
