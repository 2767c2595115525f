import { Navigate, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { SHANGHAI_TZ } from '../../shared/time';
import { PageTitle } from '../app/PageTitle';
import { useLocale } from '../app/i18n';
import { Screen } from '../app/Screen';
import { useT } from './i18n';
import { recoveryKitStore, useRecoveryKit } from './recovery-kit-store';
import './vault.css';

/** "ABCD-EFGH-…" (or with spaces) as groups of four characters. */
export function keyGroups(recoveryKey: string): string[] {
  return recoveryKey.replace(/[^0-9A-Za-z]/g, '').match(/.{1,4}/g) ?? [];
}

export function RecoveryKitPage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const kit = useRecoveryKit();
  const [stored, setStored] = useState(false);

  // Reached without a freshly created vault (reload, typed URL): there is nothing to show.
  if (!kit) return <Navigate to="/" replace />;

  const groups = keyGroups(kit.recoveryKey);
  const createdOn = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: SHANGHAI_TZ }).format(kit.createdAt);

  const onContinue = async () => {
    await navigate({ to: '/home', replace: true });
    // The router also drops it on leaving this screen; say so here too.
    recoveryKitStore.clear();
  };

  return (
    <Screen>
      <Card className="lv-card lv-card-wide">
        <section className="lv-kit-sheet" aria-labelledby="lv-kit-title">
          <PageTitle className="lv-card-title" id="lv-kit-title">
            {t('kit.title')}
          </PageTitle>
          <Typography.Text type="secondary" className="lv-kit-app">
            {t('app.name')}
          </Typography.Text>
          <Typography.Paragraph>{t('kit.purpose')}</Typography.Paragraph>
          <div className="lv-kit-key-box">
            <div className="lv-kit-key-label" id="lv-kit-key-label">
              {t('kit.key')}
            </div>
            <div
              className="lv-kit-key"
              data-testid="recovery-key"
              role="group"
              aria-labelledby="lv-kit-key-label"
              translate="no"
              spellCheck={false}
            >
              {groups.map((group, index) => (
                <span className="lv-kit-key-group" key={index}>
                  {group}
                </span>
              ))}
            </div>
          </div>
          <dl className="lv-kit-meta">
            <div>
              <dt>{t('kit.vaultId')}</dt>
              <dd className="lv-mono" data-testid="vault-id">
                {kit.vaultId}
              </dd>
            </div>
            <div>
              <dt>{t('kit.createdOn')}</dt>
              <dd>{createdOn}</dd>
            </div>
          </dl>
          <Typography.Paragraph>{t('kit.storage')}</Typography.Paragraph>
          <dl className="lv-kit-meta lv-print-only">
            <div>
              <dt>{t('kit.keeper')}</dt>
              <dd className="lv-kit-blank" />
            </div>
            <div>
              <dt>{t('kit.location')}</dt>
              <dd className="lv-kit-blank" />
            </div>
          </dl>
        </section>
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
