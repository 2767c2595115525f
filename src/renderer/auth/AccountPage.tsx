import { App as AntApp, Button, Card, Descriptions, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../shared/contract';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { PanelTitle } from '../app/PanelTitle';
import { MfaEnrolment } from './MfaEnrolment';
import { PasswordChangeForm } from './PasswordChangeForm';
import { useT } from './i18n';
import { canAny, sessionStore, useSignedIn } from '../app/session';

/**
 * Whether the signed-in user has two-step verification, where the UI can know it: the session
 * status does not say, so only those who may list staff read it from their own row.
 */
function useOwnMfa(username: string, listsStaff: boolean): [boolean | null, (on: boolean) => void] {
  const [enrolled, setEnrolled] = useState<boolean | null>(null);
  useEffect(() => {
    if (!listsStaff) return;
    client.users.list().then(
      (users) => setEnrolled(users.find((u) => u.username === username)?.mfaEnrolled ?? null),
      () => setEnrolled(null),
    );
  }, [username, listsStaff]);
  return [enrolled, setEnrolled];
}

function MfaCard(props: { username: string; listsStaff: boolean }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [enrolled, setEnrolled] = useOwnMfa(props.username, props.listsStaff);
  const [enrolling, setEnrolling] = useState(false);

  const onDone = (status: VaultStatus) => {
    sessionStore.set(status);
    setEnrolling(false);
    setEnrolled(true);
    void message.success(t('mfa.enrol.done'));
  };

  // Starting again replaces the unused recovery codes at once: confirm first when there may be some.
  const start =
    enrolled === false ? (
      <Button type="primary" onClick={() => setEnrolling(true)}>
        {t('account.mfa.start')}
      </Button>
    ) : (
      <Popconfirm
        title={t('account.mfa.restart')}
        description={<div className="lv-popconfirm-body">{t('account.mfa.restartConfirm')}</div>}
        okText={t('account.mfa.restart.ok')}
        cancelText={t('common.cancel')}
        onConfirm={() => setEnrolling(true)}
      >
        <Button>{t(enrolled ? 'account.mfa.restart' : 'account.mfa.startOrRestart')}</Button>
      </Popconfirm>
    );

  return (
    <Card title={<PanelTitle>{t('account.mfa.title')}</PanelTitle>} className="lv-panel" data-testid="account-mfa">
      <Flex gap="small" align="center" wrap className="lv-alert-gap">
        <Typography.Text>{t('account.mfa.status')}</Typography.Text>
        {enrolled === null ? (
          <Typography.Text type="secondary">{t('account.mfa.unknown')}</Typography.Text>
        ) : enrolled ? (
          <Tag color="blue">{t('account.mfa.on')}</Tag>
        ) : (
          <Tag>{t('account.mfa.off')}</Tag>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">{t('account.mfa.body')}</Typography.Paragraph>
      {enrolling ? <MfaEnrolment onDone={onDone} onCancel={() => setEnrolling(false)} /> : start}
    </Card>
  );
}

/** 我的账号: who I am, my password and my two-step verification. */
export function AccountPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const status = useSignedIn();
  const { user } = status;

  return (
    <div className="lv-page">
      <div className="lv-page-head">
        <PageTitle>{t('account.title')}</PageTitle>
      </div>
      <Flex vertical gap="large">
        <Card title={<PanelTitle>{t('account.profile')}</PanelTitle>} className="lv-panel">
          <Descriptions
            column={{ xs: 1, sm: 1, md: 3 }}
            items={[
              { key: 'username', label: t('account.username'), children: user.username },
              { key: 'displayName', label: t('account.displayName'), children: user.displayName || user.username },
              { key: 'role', label: t('account.role'), children: t(`role.${user.role}`) },
            ]}
          />
        </Card>
        <Card title={<PanelTitle>{t('account.password.title')}</PanelTitle>} className="lv-panel">
          <PasswordChangeForm
            username={user.username}
            onDone={(next) => {
              sessionStore.set(next);
              void message.success(t('account.password.done'));
            }}
          />
        </Card>
        <MfaCard username={user.username} listsStaff={canAny(status, 'user.list')} />
      </Flex>
    </div>
  );
}
