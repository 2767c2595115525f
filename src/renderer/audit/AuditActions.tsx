import { Alert, Button, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { AuditVerifyView, SavedFile } from '../../shared/contract';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import type { AuditExportFormat as ExportFormat, AuditFilter } from './audit-format';
import { useT } from './i18n';

type VerifyState = { report: AuditVerifyView } | { error: unknown } | null;
type ExportState = { format: ExportFormat; saved: NonNullable<SavedFile> } | { error: unknown } | null;

const FORMAT_NAME: Record<ExportFormat, string> = { csv: 'CSV', jsonl: 'JSONL' };

function VerifyResult(props: { state: VerifyState }) {
  const t = useT();
  const { state } = props;
  if (!state) return null;
  if ('error' in state) return <ErrorAlert error={state.error} title={t('audit.verify.failed')} />;
  const { report } = state;
  if (report.ok) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-verify-result"
        data-ok="true"
        title={t('audit.verify.ok', { count: report.checked })}
        description={
          <>
            <div>
              {t('audit.verify.fingerprint')}
              {t('audit.colon')}
              <Typography.Text code copyable data-testid="audit-fingerprint">
                {report.exportKeyFingerprint}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary">{t('audit.verify.fingerprintHint')}</Typography.Text>
            {report.evidence ? (
              <div data-testid="audit-verify-evidence">
                {t('audit.verify.evidenceHeld', { file: report.evidence.file, seq: report.evidence.seq })}
              </div>
            ) : null}
            {report.seals ? (
              <div data-testid="audit-verify-seals">{t('audit.verify.seals', { seals: report.seals })}</div>
            ) : null}
            {report.crashLeft && report.crashLeft.length > 0 ? (
              <div data-testid="audit-verify-crash-left">
                {t('audit.verify.crashLeft', { count: report.crashLeft.length })}
              </div>
            ) : null}
          </>
        }
      />
    );
  }
  const kind = report.kind ? t(`audit.kind.${report.kind}`) : t('audit.none');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="audit-verify-result"
      data-ok="false"
      data-kind={report.kind ?? ''}
      title={t('audit.verify.broken')}
      description={
        <>
          <div>{t('audit.verify.brokenAt', { seq: report.firstBadSeq ?? '?', kind, checked: report.checked })}</div>
          {report.contradicts ? (
            <div data-testid="audit-verify-against">{againstText(t, report.contradicts)}</div>
          ) : null}
          <div>{t('audit.verify.brokenAdvice')}</div>
        </>
      }
    />
  );
}

function againstText(t: ReturnType<typeof useT>, a: NonNullable<AuditVerifyView['contradicts']>): string {
  const params = {
    sealId: a.sealId ?? '?',
    user: a.user ?? '?',
    sealedAt: a.sealedAt ?? '?',
    lastSeq: a.lastSeq ?? '?',
  };
  if (a.source === 'keychain') return t('audit.verify.against.keychain', params);
  if (a.source === 'evidence report') return t('audit.verify.against.report', params);
  if (a.source === 'backup file') return t('audit.verify.against.backup', params);
  if (a.source === 'keys file' && a.sealId === null) return t('audit.verify.against.keysFile', params);
  return t('audit.verify.against.seal', params);
}

function ExportResult(props: { state: ExportState }) {
  const t = useT();
  const { state } = props;
  if (!state) return null;
  if ('error' in state) return <ErrorAlert error={state.error} title={t('audit.export.failed')} />;
  return (
    <Alert
      type="success"
      showIcon
      data-testid="audit-export-result"
      title={t('audit.export.done', { format: FORMAT_NAME[state.format], bytes: state.saved.bytes })}
      description={
        <Typography.Text code copyable data-testid="audit-export-path" className="lv-audit-path">
          {state.saved.path}
        </Typography.Text>
      }
    />
  );
}

/** 校验完整性 and the two exports, with what each one found or where the file went. */
export function AuditActions(props: { filter: AuditFilter; canExport: boolean }) {
  const t = useT();
  const [busy, setBusy] = useState<'verify' | 'verifyExport' | ExportFormat | null>(null);
  const [verifyState, setVerifyState] = useState<VerifyState>(null);
  const [exportState, setExportState] = useState<ExportState>(null);

  const verify = async (againstExport: boolean) => {
    setBusy(againstExport ? 'verifyExport' : 'verify');
    try {
      if (!againstExport) setVerifyState({ report: await client.audit.verify() });
      else {
        const report = await client.audit.verifyAgainstExport();
        // Cancelled in the open dialog: the last result stays as it was.
        if (report) setVerifyState({ report });
      }
    } catch (error) {
      setVerifyState({ error });
    } finally {
      setBusy(null);
    }
  };

  const exportAs = async (format: ExportFormat) => {
    setBusy(format);
    try {
      // The signed JSONL always holds the whole chain; the CSV follows the current search.
      const saved = await client.audit.export(format === 'csv' ? { format, filter: props.filter } : { format });
      // Cancelled in the save dialog: nothing to report.
      setExportState(saved ? { format, saved } : null);
    } catch (error) {
      setExportState({ error });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="lv-audit-actions">
      <div className="lv-audit-toolbar">
        <div className="lv-audit-toolbar-group">
          <Tooltip title={t('audit.verify.hint')} trigger={['hover', 'focus']}>
            <Button onClick={() => void verify(false)} loading={busy === 'verify'} disabled={busy !== null}>
              {t('audit.verify')}
            </Button>
          </Tooltip>
          <Tooltip
            title={t('audit.verify.againstExportHint')}
            trigger={['hover', 'focus']}
            styles={{ root: { maxWidth: 440 } }}
          >
            <Button onClick={() => void verify(true)} loading={busy === 'verifyExport'} disabled={busy !== null}>
              {t('audit.verify.againstExport')}
            </Button>
          </Tooltip>
        </div>
        {props.canExport && (
          <div className="lv-audit-toolbar-group">
            <Tooltip title={t('audit.export.csvHint')} trigger={['hover', 'focus']}>
              <Button onClick={() => void exportAs('csv')} loading={busy === 'csv'} disabled={busy !== null}>
                {t('audit.export.csv')}
              </Button>
            </Tooltip>
            <Tooltip
              trigger={['hover', 'focus']}
              placement="bottomRight"
              styles={{ root: { maxWidth: 440 } }}
              title={
                <>
                  {t('audit.export.jsonlHint')}
                  <br />
                  <code className="lv-audit-command">ledgervault audit verify-export {t('audit.export.fileArg')}</code>
                </>
              }
            >
              <Button onClick={() => void exportAs('jsonl')} loading={busy === 'jsonl'} disabled={busy !== null}>
                {t('audit.export.jsonl')}
              </Button>
            </Tooltip>
          </div>
        )}
      </div>
      <VerifyResult state={verifyState} />
      <ExportResult state={exportState} />
    </div>
  );
}
