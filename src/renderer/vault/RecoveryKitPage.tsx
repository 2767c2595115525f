import { Navigate, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Checkbox, Flex } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../app/PageTitle';
import { Screen } from '../app/Screen';
import { useT } from './i18n';
import { KitSheet } from './KitSheet';
import { recoveryKitStore, useRecoveryKit } from './recovery-kit-store';
import './vault.css';

export function RecoveryKitPage() {
  const t = useT();
  const navigate = useNavigate();
  const kit = useRecoveryKit();
  const [stored, setStored] = useState(false);

  // Reached without a freshly created vault (reload, typed URL): there is nothing to show.
  if (!kit) return <Navigate to="/" replace />;

  const onContinue = async () => {
    await navigate({ to: '/home', replace: true });
    // The router also drops it on leaving this screen; say so here too.
    recoveryKitStore.clear();
  };

  return (
    <Screen>
      <Card className="lv-card lv-card-wide">
        <KitSheet
          heading={
            <PageTitle className="lv-card-title" id="lv-kit-title">
              {t('kit.title')}
            </PageTitle>
          }
          headingId="lv-kit-title"
          recoveryKey={kit.recoveryKey}
          rootFingerprint={kit.rootFingerprint}
          vaultId={kit.vaultId}
          dateLabel={t('kit.createdOn')}
          date={kit.createdAt}
        />
        <div className="lv-no-print">
          <Alert type="warning" showIcon title={t('kit.once')} className="lv-alert-gap" />
          <Flex vertical gap="middle">
            <div>
              <Button size="large" onClick={() => window.print()} autoFocus>
                {t('kit.print')}
              </Button>
            </div>
            <Checkbox checked={stored} onChange={(event) => setStored(event.target.checked)}>
              {t('kit.confirm')}
            </Checkbox>
            <Button type="primary" size="large" block disabled={!stored} onClick={() => void onContinue()}>
              {t('kit.continue')}
            </Button>
          </Flex>
        </div>
      </Card>
    </Screen>
  );
}
