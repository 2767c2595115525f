import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RecordView } from '../../shared/contract';
import { REASON_MAX, reasonProblem, REASON_MIN } from '../../shared/records/rules';
import { client } from '../app/client';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { recordName } from './record-name';

/** How long a revealed number stays on screen. */
export const REVEAL_MS = 30_000;

/**
 * 查看完整账号: asks for a reason (audited with the reveal), shows the full number for 30
 * seconds with a countdown, then masks it again. The number lives only in this component's
 * state; closing the dialog (which unmounts its body) drops it.
 */
export function RevealModal(props: { record: RecordView | null; onClose: () => void }) {
  const t = useT();
  const { record } = props;
  return (
    <Modal
      open={record !== null}
      onCancel={props.onClose}
      title={record ? t('records.reveal.title', { name: recordName(record) }) : ''}
      footer={null}
      destroyOnHidden
    >
      {record && <RevealBody key={record.id} record={record} />}
    </Modal>
  );
}

function RevealBody(props: { record: RecordView }) {
  const t = useT();
  const [locale] = useLocale();
  const { record } = props;
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [revealed, setRevealed] = useState<{ value: string | null; until: number } | null>(null);
  const [hidden, setHidden] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    if (!revealed) return;
    const tick = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= revealed.until) {
        setRevealed(null);
        setHidden(true);
        setCopied(null);
      }
    }, 250);
    return () => clearInterval(tick);
  }, [revealed]);

  // Whatever happens, the full number does not outlive this component.
  useEffect(() => () => setRevealed(null), []);

  const tooShort = reasonProblem(reason) !== null;
  const reveal = async () => {
    setAttempted(true);
    if (tooShort || busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await client.records.reveal({ id: record.id, reason: reason.trim() });
      const at = Date.now();
      setNow(at);
      setHidden(false);
      setRevealed({ value: answer.counterpartyAccount, until: at + REVEAL_MS });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!revealed?.value) return;
    try {
      await client.clipboard.copySecret({ text: revealed.value });
      setCopied(t('records.reveal.copied'));
    } catch (err) {
      setCopied(`${t('records.reveal.copyFailed')}: ${describeError(err, locale).message}`);
    }
  };

  if (revealed) {
    const seconds = Math.max(0, Math.ceil((revealed.until - now) / 1000));
    return (
      <div className="lv-records-reveal" data-testid="reveal-shown">
        <Typography.Text type="secondary">{t('records.reveal.full')}</Typography.Text>
        {revealed.value ? (
          <div className="lv-records-reveal-value">
            <Typography.Text strong className="lv-records-mono" data-testid="reveal-value">
              {revealed.value}
            </Typography.Text>
            <Button onClick={() => void copy()}>{t('records.reveal.copy')}</Button>
          </div>
        ) : (
          <Typography.Paragraph>{t('records.reveal.none')}</Typography.Paragraph>
        )}
        <Typography.Text type="warning" data-testid="reveal-countdown" aria-live="polite">
          {t('records.reveal.countdown', { seconds })}
        </Typography.Text>
        {copied && <Alert type="info" showIcon title={copied} data-testid="reveal-copied" />}
      </div>
    );
  }

  return (
    <div className="lv-records-reveal">
      <div>
        <Typography.Text type="secondary">
          {t('records.filter.labelled', { label: t('records.col.counterpartyAccount'), value: '' })}
        </Typography.Text>
        <Typography.Text className="lv-records-mono" data-testid="reveal-masked">
          {record.counterpartyAccount}
        </Typography.Text>
        {hidden && (
          <Typography.Text type="secondary" data-testid="reveal-hidden">
            {' '}
            （{t('records.reveal.hidden')}）
          </Typography.Text>
        )}
      </div>
      <Form layout="vertical" component="div" requiredMark={false}>
        <Form.Item
          label={t('records.reveal.reason')}
          htmlFor="lv-reveal-reason"
          validateStatus={attempted && tooShort ? 'error' : undefined}
          help={t(attempted && tooShort ? 'records.reveal.reason.required' : 'records.reveal.reason.help', {
            min: REASON_MIN,
          })}
        >
          <Input.TextArea
            id="lv-reveal-reason"
            autoFocus
            value={reason}
            rows={2}
            maxLength={REASON_MAX}
            placeholder={t('records.reveal.reason.placeholder')}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void reveal();
              }
            }}
          />
        </Form.Item>
      </Form>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          title={t('records.reveal.failed')}
          description={describeError(error, locale).message}
          className="lv-records-gap"
        />
      )}
      <div className="lv-records-reveal-actions">
        <Button type="primary" loading={busy} onClick={() => void reveal()}>
          {t('records.reveal.submit')}
        </Button>
      </div>
    </div>
  );
}
