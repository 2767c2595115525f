import { Alert } from 'antd';
import { Link } from '@tanstack/react-router';
import type { BackupStatusView } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';

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
  return status.data ? <LastBackup status={status.data} link /> : null;
}
