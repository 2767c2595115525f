import { Typography } from 'antd';
import { useEffect } from 'react';
import { useT } from './i18n';

/** What the window (and a screen reader switching windows) calls the screen: "支付记录 - 账安 LedgerVault". */
export function useWindowTitle(title: string): void {
  const t = useT();
  const appName = t('app.name');
  useEffect(() => {
    document.title = `${title} - ${appName}`;
  }, [title, appName]);
}

/**
 * A screen's title: the page's one h1 (panel titles below it are h2) and the window's title, both
 * in the current language. `className` picks the look: lv-page-title in the signed-in layout,
 * lv-card-title on the centered screens (setup, unlock, recovery kit).
 */
export function PageTitle(props: { children: string; className?: string; id?: string }) {
  useWindowTitle(props.children);
  return (
    <Typography.Title level={1} className={props.className ?? 'lv-page-title'} id={props.id}>
      {props.children}
    </Typography.Title>
  );
}
