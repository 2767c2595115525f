import { Empty, Typography } from 'antd';
import { canAny, useSignedIn } from '../app/session';
import { SignalsPanel } from '../auth/SignalsPanel';
import { useT } from './i18n';

export function HomePage() {
  const t = useT();
  const status = useSignedIn();
  const watches = canAny(status, 'security.signals');
  return (
    <div className="lv-page">
      <div className={watches ? 'lv-welcome' : 'lv-home'}>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <Typography.Title level={3}>{t('home.empty.title')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('home.empty.body')}</Typography.Paragraph>
            </>
          }
        />
      </div>
      {watches ? <SignalsPanel /> : null}
    </div>
  );
}
