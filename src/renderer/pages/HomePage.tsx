import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { App as AntApp, Button, Empty, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { api, describeError } from '../api';
import { Screen } from '../components/Screen';
import { useLocale, useT } from '../i18n';

const route = getRouteApi('/home');

const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const LOCK_SHORTCUT = IS_MAC ? '⌘L' : 'Ctrl+L';

export function HomePage() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { user } = route.useRouteContext();
  const locking = useRef(false);

  const lock = useCallback(async () => {
    if (locking.current) return;
    locking.current = true;
    try {
      await api.lock();
      await navigate({ to: '/unlock', search: { locked: true }, replace: true });
    } catch (err) {
      void message.error(`${t('home.lockFailed')}: ${describeError(err, locale).message}`);
    } finally {
      locking.current = false;
    }
  }, [navigate, message, t, locale]);

  // Ctrl+L (Cmd+L on macOS) locks from anywhere on this screen.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (
        (IS_MAC ? event.metaKey : event.ctrlKey) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'l'
      ) {
        event.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [lock]);

  const name = user.displayName || user.username;

  return (
    <Screen
      centered={false}
      actions={
        <>
          <span className="lv-user">
            <Typography.Text type="secondary">{t('home.signedInAs')}</Typography.Text>
            <Typography.Text strong data-testid="user-display-name">
              {name}
            </Typography.Text>
            <Tag color="blue" data-testid="user-role">
              {t(`role.${user.role}`)}
            </Tag>
          </span>
          <Button onClick={() => void lock()} aria-keyshortcuts={IS_MAC ? 'Meta+L' : 'Control+L'}>
            {t('home.lock')}
            <kbd className="lv-kbd">{LOCK_SHORTCUT}</kbd>
          </Button>
        </>
      }
    >
      <div className="lv-home">
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
    </Screen>
  );
}
