import { Card, Flex, Segmented, Space, Typography } from 'antd';
import { LOCALE_NAMES, LOCALES, useLocale, useT, type Locale } from '../i18n';

export function HomePage() {
  const t = useT();
  const [locale, setLocale] = useLocale();
  const version = window.ledgervault?.version;

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 24 }}>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} lang="zh-CN">
              客户电子支付记录保险库
            </Typography.Title>
            <Typography.Text type="secondary" lang="en">
              Encrypted vault for clients’ electronic payment records
            </Typography.Text>
          </div>
          <Typography.Paragraph style={{ margin: 0 }}>{t('home.welcome')}</Typography.Paragraph>
          <Flex justify="space-between" align="center" gap="middle" wrap>
            <Space>
              <Typography.Text>{t('home.language')}</Typography.Text>
              <Segmented<Locale>
                value={locale}
                onChange={setLocale}
                options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
              />
            </Space>
            {version ? (
              <Typography.Text type="secondary">
                {t('home.version')} {version}
              </Typography.Text>
            ) : null}
          </Flex>
        </Space>
      </Card>
    </Flex>
  );
}
