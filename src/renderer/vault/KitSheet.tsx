import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { SHANGHAI_TZ } from '../../shared/time';
import { useLocale } from '../app/i18n';
import { fingerprintLines, keyGroups } from './kit-format';
import { useT } from './i18n';
import './vault.css';

/**
 * The recovery kit as it is shown and printed: the key, the root certificate fingerprint with
 * what it is for, the vault, the date, and (on paper) lines for who keeps it where. The first-run
 * kit and the one the version-2 upgrade issues are this same sheet.
 */
export function KitSheet(props: {
  /** The sheet's heading: the page's h1 on the first-run kit, an h2 inside the upgrade report. */
  heading: ReactNode;
  headingId: string;
  recoveryKey: string;
  rootFingerprint: string;
  vaultId?: string;
  dateLabel: string;
  date: Date;
}) {
  const t = useT();
  const [locale] = useLocale();
  const groups = keyGroups(props.recoveryKey);
  const lines = fingerprintLines(props.rootFingerprint);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: SHANGHAI_TZ }).format(props.date);
  const keyLabel = `${props.headingId}-key`;
  const fingerprintLabel = `${props.headingId}-fingerprint`;

  return (
    <section className="lv-kit-sheet" aria-labelledby={props.headingId}>
      {props.heading}
      <Typography.Text type="secondary" className="lv-kit-app">
        {t('app.name')}
      </Typography.Text>
      <Typography.Paragraph>{t('kit.purpose')}</Typography.Paragraph>
      <div className="lv-kit-key-box">
        <div className="lv-kit-key-label" id={keyLabel}>
          {t('kit.key')}
        </div>
        <div
          className="lv-kit-key"
          data-testid="recovery-key"
          role="group"
          aria-labelledby={keyLabel}
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
      <div className="lv-kit-fingerprint">
        <div className="lv-kit-key-label" id={fingerprintLabel}>
          {t('kit.fingerprint')}
        </div>
        <div
          className="lv-kit-fingerprint-lines lv-mono"
          data-testid="root-fingerprint"
          role="group"
          aria-labelledby={fingerprintLabel}
          aria-describedby={`${fingerprintLabel}-help`}
          translate="no"
        >
          {lines.map((line, index) => (
            <div className="lv-kit-fingerprint-line" key={index}>
              {line.map((group, g) => (
                <span className="lv-kit-fingerprint-group" key={g}>
                  {group}
                </span>
              ))}
            </div>
          ))}
        </div>
        <Typography.Paragraph className="lv-kit-fingerprint-help" id={`${fingerprintLabel}-help`}>
          {t('kit.fingerprint.help')}
        </Typography.Paragraph>
      </div>
      <dl className="lv-kit-meta">
        {props.vaultId ? (
          <div>
            <dt>{t('kit.vaultId')}</dt>
            <dd className="lv-mono" data-testid="vault-id">
              {props.vaultId}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{props.dateLabel}</dt>
          <dd>{date}</dd>
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
  );
}
