import { Alert, Button, Card, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import type { ReportCheckId, ReportVerification } from '../../shared/report/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

type CheckKey = `report.check.${ReportCheckId}`;

/**
 * 核验报告文件: a report file someone hands back (the signed HTML, or the PDF the app saved),
 * picked in the open dialog and checked by the core against this vault: its signature and seal,
 * that the page is what was signed, that the seal and the signer's key are this vault's, and that
 * the audit log records its creation. Every check is listed, passed or not; audited in the core.
 */
export function ReportVerifyPanel() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReportVerification | null>(null);
  const [error, setError] = useState<unknown>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await client.report.verify();
      // Cancelled in the dialog: what was shown stays.
      if (r) setResult(r);
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const r = result;
  return (
    <Card className="lv-panel" size="small" title={<PanelTitle>{t('report.verify.title')}</PanelTitle>}>
      <Flex vertical gap="small" align="flex-start">
        <Typography.Text type="secondary">{t('report.verify.intro')}</Typography.Text>
        <Button loading={busy} onClick={() => void verify()}>
          {t('report.verify.pick')}
        </Button>
        {error ? <ErrorAlert error={error} title={t('report.verify.failed')} /> : null}
        {r ? (
          <div data-testid="report-verification" data-valid={r.valid} style={{ width: '100%' }}>
            <Alert
              type={r.valid ? 'success' : 'error'}
              showIcon
              title={t(r.valid ? 'report.verify.valid' : 'report.verify.invalid', { file: r.file })}
              description={
                r.report
                  ? t('report.verify.about', {
                      at: formatShanghai(r.report.generatedAt, 'second'),
                      signer: r.report.signer,
                      hash: r.report.contentHash.slice(0, 16),
                    })
                  : undefined
              }
            />
            <List
              size="small"
              dataSource={r.checks}
              renderItem={(c) => (
                <List.Item data-check={c.id} data-ok={c.ok}>
                  <Typography.Text>
                    {/* Dark green and red: antd's success and danger text are too pale to read on white. */}
                    <span style={{ color: c.ok ? '#237804' : '#a8071a', fontWeight: 600 }}>{c.ok ? '✓' : '✗'}</span>
                    {` ${t(`report.check.${c.id}` as CheckKey)}`}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </div>
        ) : null}
      </Flex>
    </Card>
  );
}
