import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of every screen: a header with the app's name, optional actions and the language switch. */
export function Screen(props: { actions?: ReactNode; children?: ReactNode; centered?: boolean }) {
  const t = useT();
  return (
    <div className="lv-screen">
      <header className="lv-header lv-no-print">
        <div className="lv-brand">
          <Typography.Text strong className="lv-brand-name">
            {t('app.name')}
          </Typography.Text>
          <Typography.Text type="secondary" className="lv-brand-tagline">
            {t('app.tagline')}
          </Typography.Text>
        </div>
        <div className="lv-header-actions">
          {props.actions}
          <LanguageSwitch />
        </div>
      </header>
      <main className={props.centered === false ? 'lv-main' : 'lv-main lv-main-centered'}>{props.children}</main>
    </div>
  );
}
