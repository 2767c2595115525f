import { Card, List, Typography } from 'antd';
import { Link } from '@tanstack/react-router';
import { describeFact } from '../../shared/posture/wording';
import { client } from '../app/client';
import { useLocale } from '../app/i18n';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { StatusTag } from './status';

/** The home screen's summary for admins and managers: the counts by colour and the red facts. */
export function PostureCard() {
  const t = useT();
  const [locale] = useLocale();
  const posture = useLoad(client.posture.get);
  const data = posture.data;
  if (!data) return null;
  const red = data.facts.filter((f) => f.status === 'red');
  return (
    <Card
      title={<PanelTitle>{t('posture.card.title')}</PanelTitle>}
      className="lv-panel"
      data-testid="home-posture"
      extra={<Link to="/posture">{t('posture.card.open')}</Link>}
    >
      <Typography.Paragraph data-testid="posture-counts">
        {t('posture.card.counts', { ...data.counts })}
      </Typography.Paragraph>
      {red.length === 0 ? (
        <Typography.Text type="secondary">{t('posture.card.allGood')}</Typography.Text>
      ) : (
        <List
          size="small"
          header={<Typography.Text strong>{t('posture.card.attention')}</Typography.Text>}
          dataSource={red}
          renderItem={(f) => {
            const words = describeFact(f, locale);
            return (
              <List.Item data-fact={f.id}>
                <StatusTag status={f.status} /> {words.title}
                {locale === 'en' ? ': ' : '：'}
                {words.detail}
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
