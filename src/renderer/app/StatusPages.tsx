import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { Button, Card, Flex, Spin } from 'antd';
import { ErrorAlert } from './ErrorAlert';
import { Screen } from './Screen';
import { useT } from './i18n';

/** Shown while a screen asks the core where we are (usually too briefly to notice). */
export function LoadingPage() {
  const t = useT();
  return (
    <Flex justify="center" align="center" className="lv-fill" role="status">
      <Spin size="large" description={t('common.loading')} />
    </Flex>
  );
}

/** When the core could not be asked at all: say why, and offer to try again. */
export function RouteErrorPage({ error }: ErrorComponentProps) {
  const t = useT();
  const router = useRouter();
  return (
    <Screen>
      <Card className="lv-card">
        <div className="lv-alert-gap">
          <ErrorAlert error={error} title={t('error.title')} />
        </div>
        <Button type="primary" autoFocus onClick={() => void router.invalidate()}>
          {t('common.retry')}
        </Button>
      </Card>
    </Screen>
  );
}
