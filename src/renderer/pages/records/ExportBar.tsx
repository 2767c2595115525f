import { Alert, Button, Checkbox, Input, Space } from 'antd';
import { useState } from 'react';
import type { SavedFile } from '../../../shared/ipc-contract';
import { describeError } from '../../api';
import { useLocale, useT } from '../../i18n';
import { recordsApi, type ExportFormat, type RecordQuery } from './records-api';

/**
 * 导出 CSV / 导出 Excel of the current filter. Those who may reveal can include full account
 * numbers, with a reason the core audits; everyone else exports masked numbers only.
 */
export function ExportBar(props: { query: RecordQuery; canReveal: boolean; disabled: boolean }) {
  const t = useT();
  const [locale] = useLocale();
  const [reveal, setReveal] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<{ saved: SavedFile } | { error: unknown } | null>(null);
  const reasonMissing = reveal && reason.trim().length < 4;

  const run = async (format: ExportFormat) => {
    if (reasonMissing) return;
    setBusy(format);
    setResult(null);
    try {
      const saved = await recordsApi(locale).export(props.query, format, reveal ? reason.trim() : undefined);
      setResult({ saved });
    } catch (err) {
      setResult({ error: err });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="lv-records-export">
      <Space wrap>
        <Button loading={busy === 'csv'} disabled={props.disabled || reasonMissing} onClick={() => void run('csv')}>
          {t('records.export.csv')}
        </Button>
        <Button loading={busy === 'xlsx'} disabled={props.disabled || reasonMissing} onClick={() => void run('xlsx')}>
          {t('records.export.xlsx')}
        </Button>
        {props.canReveal && (
          <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)}>
            {t('records.export.reveal')}
          </Checkbox>
        )}
        {props.canReveal && reveal && (
          <Input
            aria-label={t('records.export.reason')}
            placeholder={t('records.export.reason')}
            value={reason}
            maxLength={200}
            status={reasonMissing && reason !== '' ? 'error' : undefined}
            onChange={(e) => setReason(e.target.value)}
            className="lv-records-export-reason"
          />
        )}
      </Space>
      {result && 'saved' in result && (
        <Alert
          type={result.saved ? 'success' : 'info'}
          showIcon
          closable
          data-testid="records-export-result"
          title={
            result.saved
              ? t('records.export.done', { bytes: result.saved.bytes, path: result.saved.path })
              : t('records.export.cancelled')
          }
          onClose={() => setResult(null)}
        />
      )}
      {result && 'error' in result && (
        <Alert
          type="error"
          showIcon
          closable
          title={t('records.export.failed')}
          description={describeError(result.error, locale).message}
          onClose={() => setResult(null)}
        />
      )}
    </div>
  );
}
