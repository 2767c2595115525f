import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import type { BackupFileCheckView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PanelTitle } from '../app/PanelTitle';
import { useT } from './i18n';

/** 校验备份文件…: the shell's open dialog picks a .lvbak; the core checks it where it lies, with no secret. */
export function BackupVerify() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: BackupFileCheckView } | { error: unknown } | null>(null);
  const verify = async () => {
    setBusy(true);
    setResult(null);
    try {
      const checked = await client.backup.verifyFile();
      if (checked) setResult({ ok: checked });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<PanelTitle>{t('backup.verify')}</PanelTitle>} size="small" className="lv-panel">
      <Typography.Paragraph type="secondary">{t('backup.verify.hint')}</Typography.Paragraph>
      <Button onClick={() => void verify()} loading={busy} data-testid="backup-verify">
        {t('backup.verify.button')}
      </Button>
      {result && 'ok' in result && (
        <Alert
          className="lv-backup-result"
          type={result.ok.thisVault ? 'success' : 'info'}
          showIcon
          data-testid="backup-verify-ok"
          title={t('backup.verify.ok', { file: result.ok.fileName })}
          description={
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('backup.verify.made')}>
                {formatShanghai(result.ok.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('backup.verify.by')}>
                {result.ok.signer.username}
                <Typography.Text type="secondary" className="lv-backup-path">
                  {` · ${result.ok.signer.keyFingerprint}`}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('backup.verify.chunks')}>
                {`${result.ok.chunks} · ${(result.ok.plainBytes / 2 ** 20).toFixed(1)} MB`}
              </Descriptions.Item>
              <Descriptions.Item label={t('backup.verify.office')}>
                <span data-testid="backup-verify-signer">
                  {result.ok.signerCertified ? t('backup.verify.certified') : t('backup.verify.otherVault')}
                </span>
              </Descriptions.Item>
            </Descriptions>
          }
        />
      )}
      {result && 'error' in result && (
        <div className="lv-backup-result" data-testid="backup-verify-failed">
          <ErrorAlert error={result.error} title={t('backup.verify.failed')} />
        </div>
      )}
    </Card>
  );
}
