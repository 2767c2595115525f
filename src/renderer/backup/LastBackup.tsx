import { Alert, Typography } from 'antd';
import { Link } from '@tanstack/react-router';
import type { BackupStatusView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { ErrorAlert } from '../app/ErrorAlert';
import { toAppError } from '../app/errors';

/** The daily backup as configured: when, where, and that it runs while a manager is signed in. */
export function ScheduleNote(props: { status: BackupStatusView }) {
  const t = useT();
  const sched = props.status.schedule;
  const text = !sched.enabled
    ? t('backup.scheduled.off')
    : !sched.folder
      ? t('backup.scheduled.noFolder')
      : t('backup.scheduled.on', {
          time: sched.time,
          folder: sched.folder,
          next: sched.nextAt ? formatShanghai(sched.nextAt) : '—',
        });
  return (
    <Typography.Text type="secondary" data-testid="backup-schedule">
      {text}
    </Typography.Text>
  );
}

/** The last scheduled backup failed: when, and why in the reader's language (until one succeeds). */
export function ScheduledFailure(props: { status: BackupStatusView }) {
  const t = useT();
  const attempt = props.status.schedule.lastAttempt;
  if (!attempt || attempt.ok || !attempt.error) return null;
  return (
    <div data-testid="backup-scheduled-failed">
      <ErrorAlert
        error={toAppError(attempt.error)}
        title={t('backup.scheduled.failed', { when: formatShanghai(attempt.at) })}
      />
    </div>
  );
}

/** The last verified backup, green, amber or red by its age. */
export function LastBackup(props: { status: BackupStatusView; link?: boolean }) {
  const t = useT();
  const { status } = props;
  const last = status.last;
  if (!last)
    return <Alert type="warning" showIcon data-testid="backup-last" data-level="none" title={t('backup.last.none')} />;
  const type = status.level === 'green' ? 'success' : status.level === 'amber' ? 'warning' : 'error';
  const title =
    status.level === 'green'
      ? t('backup.level.green')
      : t(`backup.level.${status.level === 'amber' ? 'amber' : 'red'}`, {
          days: status.level === 'amber' ? status.amberAfterDays : status.redAfterDays,
        });
  return (
    <Alert
      type={type}
      showIcon
      data-testid="backup-last"
      data-level={status.level}
      title={title}
      description={
        <>
          {t('backup.last.when', {
            when: formatShanghai(last.verifiedAt ?? last.createdAt),
            days: status.ageDays ?? 0,
            who: last.createdByName,
            where: last.folder,
          })}
          {props.link ? (
            <>
              {' '}
              <Link to="/backup">{t('backup.open')}</Link>
            </>
          ) : null}
        </>
      }
    />
  );
}

/** The home screen's line for managers and admins: the last verified backup and a way to the screen. */
export function BackupHomePanel() {
  const status = useLoad(() => client.backup.status());
  return status.data ? (
    <div className="lv-backup-home">
      <LastBackup status={status.data} link />
      <ScheduledFailure status={status.data} />
    </div>
  ) : null;
}
