import { Alert, Button, Card, Flex, Form, Progress, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { BackupJobView, BackupRowView, ExportedBackupView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { backupPassphraseProblem } from '../../shared/backup/rules';
import { PageTitle } from '../app/PageTitle';
import { PanelTitle } from '../app/PanelTitle';
import { PasswordInput } from '../app/PasswordInput';
import { client } from '../app/client';
import { inputMessage } from '../../shared/messages';
import { ErrorAlert, FormError } from '../app/ErrorAlert';
import { useLocale } from '../app/i18n';
import { useLoad } from '../app/use-load';
import { LastBackup, ScheduledFailure, ScheduleNote } from './LastBackup';
import { BackupDrives } from './BackupDrives';
import { BackupVerify } from './BackupVerify';
import { useT } from './i18n';
import './backup.css';

const MB = 2 ** 20;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

function ExportPanel(props: { onDone: () => void }) {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [job, setJob] = useState<BackupJobView | null>(null);
  const [result, setResult] = useState<{ made: ExportedBackupView } | { error: unknown } | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );

  const start = async (driveId?: string) => {
    setResult(null);
    setRunning(true);
    timer.current = setInterval(() => {
      void client.backup.progress().then(setJob, () => undefined);
    }, 400);
    try {
      const made = await client.backup.export(driveId === undefined ? {} : { driveId });
      if (made) setResult({ made });
    } catch (error) {
      setResult({ error });
    } finally {
      if (timer.current) clearInterval(timer.current);
      timer.current = null;
      setRunning(false);
      setJob(null);
      props.onDone();
    }
  };

  const percent = job && job.total > 0 ? Math.min(100, Math.floor((job.bytes / job.total) * 100)) : 0;
  // MB/s and time left over the current phase, from when this screen first saw it.
  const phaseStart = useRef<{ phase: string | null; at: number; bytes: number } | null>(null);
  if (job?.running && phaseStart.current?.phase !== job.phase)
    phaseStart.current = { phase: job.phase, at: Date.now(), bytes: job.bytes };
  const seconds = phaseStart.current ? (Date.now() - phaseStart.current.at) / 1000 : 0;
  const rate =
    job && phaseStart.current && seconds > 0.5 ? (job.bytes - phaseStart.current.bytes) / MB / seconds : null;
  const left = job && rate && rate > 0 ? Math.ceil((job.total - job.bytes) / MB / rate) : null;
  return (
    <Card title={<PanelTitle>{t('backup.export')}</PanelTitle>} size="small" className="lv-panel">
      <Typography.Paragraph type="secondary">{t('backup.export.hint')}</Typography.Paragraph>
      <Flex gap="small" align="center" wrap>
        <Button type="primary" onClick={() => void start()} loading={running} data-testid="backup-export">
          {t('backup.export')}
        </Button>
        {running && (
          <Button onClick={() => void client.backup.cancel()} data-testid="backup-cancel">
            {t('backup.cancel')}
          </Button>
        )}
      </Flex>
      <BackupDrives busy={running} onExport={(driveId) => void start(driveId)} />
      {running && job?.running && (
        <div className="lv-backup-progress" data-testid="backup-progress">
          <Progress percent={percent} size="small" />
          <Typography.Text type="secondary">
            {t(job.phase === 'verifying' ? 'backup.progress.verifying' : 'backup.progress.writing', {
              done: mb(job.bytes),
              total: mb(job.total),
            })}
            {rate !== null && left !== null ? ` · ${t('backup.progress.rate', { rate: rate.toFixed(1), left })}` : ''}
          </Typography.Text>
        </div>
      )}
      {result && 'made' in result && (
        <Alert
          className="lv-backup-result"
          type="success"
          showIcon
          data-testid="backup-done"
          title={t('backup.done', { mb: mb(result.made.bytes) })}
          description={
            <Typography.Text code copyable data-testid="backup-file">
              {result.made.file}
            </Typography.Text>
          }
        />
      )}
      {result && 'made' in result && result.made.pruned.length > 0 && (
        <Typography.Paragraph type="secondary" className="lv-backup-result" data-testid="backup-pruned">
          {t('backup.pruned', { count: result.made.pruned.length })}
        </Typography.Paragraph>
      )}
      {result && 'made' in result && result.made.sameDiskAsVault && (
        <Alert
          className="lv-backup-result"
          type="warning"
          showIcon
          data-testid="backup-same-disk"
          title={t('backup.sameDisk')}
        />
      )}
      {result && 'error' in result && (
        <div className="lv-backup-result">
          <ErrorAlert error={result.error} title={t('backup.failed')} />
        </div>
      )}
    </Card>
  );
}

function PassphrasePanel(props: { isSet: boolean; onDone: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const [form] = Form.useForm<{ passphrase: string; confirm: string; recoveryKey: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const onFinish = async (v: { passphrase: string; recoveryKey: string }) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await client.backup.setPassphrase({ passphrase: v.passphrase, recoveryKey: v.recoveryKey });
      setSaved(true);
      form.resetFields();
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<PanelTitle>{t('backup.passphrase')}</PanelTitle>} size="small" className="lv-panel">
      <Typography.Paragraph data-testid="backup-passphrase-state">
        {props.isSet ? t('backup.passphrase.set') : t('backup.passphrase.unset')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="passphrase"
          label={t('backup.passphrase.new')}
          extra={t('backup.passphrase.help')}
          rules={[
            {
              validator: (_r, value: string | undefined) => {
                const problem = backupPassphraseProblem(value ?? '');
                return problem
                  ? Promise.reject(new Error(inputMessage(problem.key, locale, problem.params ?? {})))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <PasswordInput autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('backup.passphrase.confirm')}
          dependencies={['passphrase']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, value: string | undefined) =>
                value === getFieldValue('passphrase')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('backup.passphrase.mismatch'))),
            }),
          ]}
        >
          <PasswordInput autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="recoveryKey"
          label={t('backup.passphrase.recoveryKey')}
          extra={t('backup.passphrase.recoveryKeyHelp')}
          rules={[{ required: true, message: t('backup.passphrase.recoveryKeyRequired') }]}
        >
          <PasswordInput autoComplete="off" data-testid="backup-passphrase-recovery-key" />
        </Form.Item>
        <FormError error={error} title={t('backup.failed')} />
        {saved && <Alert type="success" showIcon title={t('backup.passphrase.saved')} className="lv-backup-saved" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('backup.passphrase.save')}
        </Button>
      </Form>
    </Card>
  );
}

function History(props: { rows: BackupRowView[] }) {
  const t = useT();
  return (
    <Card title={<PanelTitle>{t('backup.history')}</PanelTitle>} size="small" className="lv-panel">
      <Table<BackupRowView>
        data-testid="backup-history"
        size="small"
        rowKey="backupId"
        pagination={false}
        dataSource={props.rows}
        locale={{ emptyText: t('backup.history.empty') }}
        columns={[
          { title: t('backup.col.when'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatShanghai(v) },
          { title: t('backup.col.who'), dataIndex: 'createdByName', width: 120 },
          {
            title: t('backup.col.kind'),
            dataIndex: 'kind',
            width: 80,
            render: (v: string) => t(v === 'scheduled' ? 'backup.kind.scheduled' : 'backup.kind.manual'),
          },
          {
            title: t('backup.col.where'),
            render: (_v, r) => (
              <Typography.Text className="lv-backup-path">{`${r.folder} · ${r.fileName}`}</Typography.Text>
            ),
          },
          {
            title: t('backup.col.size'),
            dataIndex: 'bytes',
            align: 'right',
            width: 100,
            render: (v: number) => <span className="lv-nowrap">{`${mb(v)} MB`}</span>,
          },
          {
            title: t('backup.col.verified'),
            dataIndex: 'verifiedAt',
            width: 150,
            render: (v: string | null) => (v ? formatShanghai(v) : '—'),
          },
        ]}
      />
    </Card>
  );
}

/** #/backup: the last verified backup, export with progress and cancel, history, and (admins) the passphrase. */
export function BackupPage() {
  const t = useT();
  const status = useLoad(() => client.backup.status());
  return (
    <div className="lv-backup">
      <PageTitle>{t('backup.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('backup.intro')}</Typography.Paragraph>
      {status.error ? <ErrorAlert error={status.error} title={t('backup.failed')} /> : null}
      {status.data && (
        <div className="lv-backup-grid">
          <LastBackup status={status.data} />
          <ScheduledFailure status={status.data} />
          <ScheduleNote status={status.data} />
          {status.data.canExport ? (
            <ExportPanel onDone={status.reload} />
          ) : (
            <Typography.Text type="secondary">{t('backup.export.noRight')}</Typography.Text>
          )}
          {status.data.canSetPassphrase && <PassphrasePanel isSet={status.data.passphraseSet} onDone={status.reload} />}
          <BackupVerify />
          <History rows={status.data.history} />
        </div>
      )}
    </div>
  );
}
