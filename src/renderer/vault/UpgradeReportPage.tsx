import { Navigate, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import type { UpgradeReport } from '../../shared/contract';
import { PageTitle } from '../app/PageTitle';
import { Screen } from '../app/Screen';
import { KitSheet } from './KitSheet';
import { upgradeReportStore, useUpgradeReport, type ShownUpgrade } from './recovery-kit-store';
import { useUpgradeT } from './upgrade-i18n';
import './vault.css';

/**
 * Prints one of the two sheets: the kit goes into the safe, the passwords to the staff, so
 * neither rides along on the other's paper. Printing the page any other way prints both.
 */
function printOnly(sheet: 'kit' | 'passwords'): void {
  document.body.dataset.lvPrint = sheet;
  const done = () => delete document.body.dataset.lvPrint;
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}

/** The temporary passwords as handed over: on screen, and on paper with a column to sign. */
function PasswordSheet(props: { passwords: UpgradeReport['temporaryPasswords'] }) {
  const tu = useUpgradeT();
  return (
    <section className="lv-upgrade-passwords" aria-labelledby="lv-upgrade-passwords-title">
      <h2 className="lv-panel-title" id="lv-upgrade-passwords-title">
        {tu('upgrade.passwords.title')}
      </h2>
      <Typography.Paragraph>{tu('upgrade.passwords.intro')}</Typography.Paragraph>
      {props.passwords.length === 0 ? (
        <Typography.Paragraph>{tu('upgrade.passwords.none')}</Typography.Paragraph>
      ) : (
        <>
          <table
            className="lv-upgrade-table"
            data-testid="temporary-passwords"
            aria-labelledby="lv-upgrade-passwords-title"
          >
            <thead>
              <tr>
                <th scope="col">{tu('upgrade.passwords.name')}</th>
                <th scope="col">{tu('upgrade.passwords.username')}</th>
                <th scope="col">{tu('upgrade.passwords.password')}</th>
                <th scope="col" className="lv-print-cell">
                  {tu('upgrade.passwords.received')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.passwords.map((p) => (
                <tr key={p.username}>
                  <th scope="row">{p.displayName}</th>
                  <td className="lv-mono">{p.username}</td>
                  <td className="lv-mono lv-upgrade-password" translate="no" spellCheck={false}>
                    {p.password}
                  </td>
                  <td className="lv-print-cell" />
                </tr>
              ))}
            </tbody>
          </table>
          <p className="lv-print-only-block">{tu('upgrade.passwords.paperNote')}</p>
        </>
      )}
    </section>
  );
}

/** The report itself, given what the upgrade handed over: the page below and a unit test show it. */
export function UpgradeReportView(props: { shown: ShownUpgrade; onContinue: () => void }) {
  const tu = useUpgradeT();
  const [kitStored, setKitStored] = useState(false);
  const [handedOver, setHandedOver] = useState(false);
  const { report } = props.shown;
  const hasPasswords = report.temporaryPasswords.length > 0;
  const ready = kitStored && (handedOver || !hasPasswords);

  return (
    <Screen>
      <Card className="lv-card lv-card-wide lv-upgrade">
        <div className="lv-no-print">
          <PageTitle className="lv-card-title">{tu('upgrade.title')}</PageTitle>
          <Typography.Paragraph>{tu('upgrade.intro')}</Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            className="lv-alert-gap"
            title={tu('upgrade.kit.oldInvalid')}
            data-testid="old-kit-warning"
          />
        </div>
        <KitSheet
          heading={
            <h2 className="lv-panel-title lv-kit-subtitle" id="lv-upgrade-kit-title">
              {tu('upgrade.kit.title')}
            </h2>
          }
          headingId="lv-upgrade-kit-title"
          recoveryKey={report.recoveryKey}
          rootFingerprint={report.rootFingerprint}
          dateLabel={tu('upgrade.kit.issuedOn')}
          date={props.shown.upgradedAt}
        />
        <div className="lv-no-print lv-upgrade-actions">
          <Button size="large" onClick={() => printOnly('kit')} autoFocus>
            {tu('upgrade.kit.print')}
          </Button>
        </div>
        <PasswordSheet passwords={report.temporaryPasswords} />
        <div className="lv-no-print">
          {hasPasswords ? (
            <div className="lv-upgrade-actions">
              <Button size="large" onClick={() => printOnly('passwords')}>
                {tu('upgrade.passwords.print')}
              </Button>
            </div>
          ) : null}
          <Alert type="warning" showIcon title={tu('upgrade.once')} className="lv-alert-gap" />
          <Flex vertical gap="middle">
            <Checkbox checked={kitStored} onChange={(event) => setKitStored(event.target.checked)}>
              {tu('upgrade.confirmKit')}
            </Checkbox>
            {hasPasswords ? (
              <Checkbox checked={handedOver} onChange={(event) => setHandedOver(event.target.checked)}>
                {tu('upgrade.confirmPasswords')}
              </Checkbox>
            ) : null}
            <Button type="primary" size="large" block disabled={!ready} onClick={props.onContinue}>
              {tu('upgrade.continue')}
            </Button>
          </Flex>
        </div>
      </Card>
    </Screen>
  );
}

/** Shown first after the sign-in that upgraded the vault, before any other screen. */
export function UpgradeReportPage() {
  const navigate = useNavigate();
  const shown = useUpgradeReport();
  // Reached without a fresh upgrade (reload, typed URL): there is nothing to show.
  if (!shown) return <Navigate to="/" replace />;
  const onContinue = async () => {
    await navigate({ to: '/home', replace: true });
    // The router also drops it on leaving this screen; say so here too.
    upgradeReportStore.clear();
  };
  return <UpgradeReportView shown={shown} onContinue={() => void onContinue()} />;
}
