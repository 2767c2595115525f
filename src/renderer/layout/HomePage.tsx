import { Empty, Typography } from 'antd';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { PageTitle } from '../app/PageTitle';
import { canAny, useSignedIn } from '../app/session';
import { useLoad } from '../app/use-load';
import { SignalsPanel } from '../auth/SignalsPanel';
import { BackupHomePanel } from '../backup/LastBackup';
import { ClientsThisMonth, RecentWork } from '../home/AccountantHome';
import { AccountsAtRisk, SignInAlerts } from '../home/AdminHome';
import { useT as useHomeT } from '../home/i18n';
import { Disclosures, IdleClients } from '../home/ManagerHome';
import { PostureCard } from '../posture/PostureCard';
import '../home/home.css';
import { useT } from './i18n';

/**
 * The home screen by role, from one summary the core puts together for the signed-in user:
 * an accountant's clients this month and her recent work; a manager's idle clients and the
 * reveals and exports of the last 30 days; an admin's abnormal sign-ins, locked accounts and
 * two-step verification coverage.
 */
export function HomePage() {
  const t = useT();
  const homeT = useHomeT();
  const status = useSignedIn();
  const summary = useLoad(client.home.summary);
  const data = summary.data;
  const role = status.user.role;
  const hasPanels = role !== 'auditor';
  const welcome = !hasPanels || (summary.loading && !data);
  return (
    <div className="lv-page lv-home-page" data-testid="home" data-role={role}>
      <div className="lv-page-head">
        <PageTitle>{t('nav.home')}</PageTitle>
        {/* Where the work is, said once: in the welcome box before the panels, above them after. */}
        {welcome ? null : (
          <Typography.Paragraph type="secondary" className="lv-page-intro">
            {t('home.empty.body')}
          </Typography.Paragraph>
        )}
      </div>
      {welcome ? (
        <div className="lv-welcome">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Title level={2}>{t('home.empty.title')}</Typography.Title>
                <Typography.Paragraph type="secondary">{t('home.empty.body')}</Typography.Paragraph>
              </>
            }
          />
        </div>
      ) : null}
      {summary.error ? <ErrorAlert error={summary.error} title={homeT('home.failed')} /> : null}
      {data ? (
        <div className="lv-home-panels">
          {canAny(status, 'backup.export', 'settings.update') ? <BackupHomePanel /> : null}
          {canAny(status, 'posture.view') ? <PostureCard /> : null}
          {data.clients ? <ClientsThisMonth summary={data} /> : null}
          {data.recent ? <RecentWork summary={data} /> : null}
          {data.idle ? <IdleClients summary={data} /> : null}
          {data.disclosures ? <Disclosures summary={data} /> : null}
          {data.alerts ? <SignInAlerts summary={data} /> : null}
          {data.locked || data.mfa ? <AccountsAtRisk summary={data} /> : null}
          {/* Managers watch sign-ins too (security.signals); admins see them above with lockouts. */}
          {role !== 'admin' && canAny(status, 'security.signals') ? <SignalsPanel /> : null}
        </div>
      ) : null}
    </div>
  );
}
