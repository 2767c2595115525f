import { Alert, Button, Checkbox, Input, message, Space } from 'antd';
import { useState } from 'react';
import type { SavedRecordsFile } from '../../shared/contract';
import { REASON_MAX, reasonProblem } from '../../shared/records/rules';
import { client } from '../app/client';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { usePeriodT } from './period-i18n';
import type { ExportFormat, RecordQuery } from './record-format';

/**
 * 导出 CSV / 导出 Excel of the current filter. Those who may reveal can include full account
 * numbers, with a reason the core audits; everyone else exports masked numbers only.
 */
export function ExportBar(props: { query: RecordQuery; canReveal: boolean; disabled: boolean }) {
  const t = useT();
  const pt = usePeriodT();
  const [toast, toastHolder] = message.useMessage();
  const [locale] = useLocale();
  const [reveal, setReveal] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<{ saved: SavedRecordsFile } | { error: unknown } | null>(null);
  const reasonMissing = reveal && reasonProblem(reason) !== null;

  const run = async (format: ExportFormat) => {
    if (reasonMissing) return;
    setBusy(format);
    setResult(null);
    try {
      // The headings and direction names of the file follow the UI's language.
      const saved = await client.records.export({
        query: props.query,
        format,
        locale,
        ...(reveal ? { revealReason: reason.trim() } : {}),
      });
      setResult({ saved });
    } catch (err) {
      setResult({ error: err });
    } finally {
      setBusy(null);
    }
  };

  // 打开所在文件夹: the core shows the file it saved, named by its handle (never a path from here).
  const openFolder = async (handle: string) => {
    try {
      await client.records.showExport({ handle });
      void toast.success(pt('export.opened'));
    } catch (err) {
      void toast.error(`${pt('export.openFailed')}：${describeError(err, locale).message}`);
    }
  };

  return (
    <div className="lv-records-export">
      {toastHolder}
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
            maxLength={REASON_MAX}
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
              ? pt('export.done', { rows: result.saved.rows, name: fileName(result.saved.path) })
              : t('records.export.cancelled')
          }
          action={
            result.saved ? (
              <Button size="small" onClick={() => void openFolder(result.saved!.handle)}>
                {pt('export.openFolder')}
              </Button>
            ) : undefined
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

/** The file's name without its folder (either separator: the path is the host's, on any OS). */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
