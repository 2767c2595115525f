import { App as AntApp, Alert, Card } from 'antd';
import type { SessionRestriction, VaultStatus } from '../../shared/contract';
import { MfaEnrolment } from './MfaEnrolment';
import { PasswordChangeForm } from './PasswordChangeForm';
import { useT } from './i18n';
import { PageTitle } from '../app/PageTitle';
import { sessionStore } from '../app/session';

/**
 * What a session must do before anything else: change a temporary (or expired) password, then,
 * where the role requires it, enrol in two-step verification. The core refuses every other
 * operation meanwhile; the layout shows nothing else (but the lock button).
 */
export function RestrictedScreen(props: { restriction: Exclude<SessionRestriction, null>; username: string }) {
  const t = useT();
  const { message } = AntApp.useApp();

  // The call answered with the new status: the layout moves on to what comes next.
  const done = (text: string) => (status: VaultStatus) => {
    void message.success(text);
    sessionStore.set(status);
  };

  if (props.restriction === 'password-change') {
    return (
      <Card className="lv-card">
        <PageTitle className="lv-card-title">{t('account.password.title')}</PageTitle>
        <Alert type="info" showIcon title={t('account.password.forced')} className="lv-alert-gap" />
        <PasswordChangeForm username={props.username} autoFocus onDone={done(t('account.password.done'))} />
      </Card>
    );
  }
  return (
    <Card className="lv-card lv-card-wide">
      <PageTitle className="lv-card-title">{t('mfa.enrol.title')}</PageTitle>
      <Alert type="info" showIcon title={t('mfa.enrol.required')} className="lv-alert-gap" />
      <MfaEnrolment onDone={done(t('mfa.enrol.done'))} />
    </Card>
  );
}
