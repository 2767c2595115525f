import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { App as AntApp, Button, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Operation, VaultStatus } from '../../shared/contract';
import { client, onActivity } from '../app/client';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT, type LayoutKey } from './i18n';
import { RestrictedScreen } from '../auth/RestrictedScreen';
import { canAny, lockReason, sessionStore, useSignedIn } from '../app/session';
import { IdleCountdown } from './IdleCountdown';
import { LanguageSwitch } from '../app/LanguageSwitch';

const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const LOCK_SHORTCUT = IS_MAC ? '⌘L' : 'Ctrl+L';
const POLL_MS = 5_000;

type NavPath =
  | '/home'
  | '/records'
  | '/period'
  | '/clients'
  | '/users'
  | '/settings'
  | '/audit'
  | '/backup'
  | '/import'
  | '/update'
  | '/posture'
  | '/review'
  | '/people'
  | '/agreements'
  | '/incidents'
  | '/retention'
  | '/partners'
  | '/risks'
  | '/internal-audit'
  | '/report'
  | '/account';

/**
 * The left navigation: each item shows only when the user may do what its screen is for. Items
 * of a `group` sit together under the group's heading, folded away unless the user opens it or
 * is on one of its screens, so the list fits a 1366x768 screen.
 */
const NAV: { to: NavPath; label: LayoutKey; needs: Operation[] | null; group?: NavGroup }[] = [
  { to: '/home', label: 'nav.home', needs: null },
  { to: '/records', label: 'nav.records', needs: ['records.list'] },
  { to: '/period', label: 'nav.period', needs: ['records.list'] },
  { to: '/import', label: 'nav.import', needs: ['records.import'] },
  { to: '/clients', label: 'nav.clients', needs: ['grant.list', 'client.create', 'client.list'] },
  { to: '/users', label: 'nav.users', needs: ['user.list'] },
  { to: '/settings', label: 'nav.settings', needs: ['settings.update'] },
  { to: '/audit', label: 'nav.audit', needs: ['audit.view'] },
  { to: '/backup', label: 'nav.backup', needs: ['backup.export', 'settings.update'] },
  { to: '/update', label: 'nav.update', needs: ['updates.install'] },
  { to: '/posture', label: 'nav.posture', needs: ['posture.view'], group: 'compliance' },
  { to: '/review', label: 'nav.review', needs: ['review.list'], group: 'compliance' },
  { to: '/people', label: 'nav.people', needs: ['people.list'], group: 'compliance' },
  { to: '/agreements', label: 'nav.agreements', needs: ['agreement.list'], group: 'compliance' },
  { to: '/incidents', label: 'nav.incidents', needs: ['incident.list'], group: 'compliance' },
  { to: '/retention', label: 'nav.retention', needs: ['retention.list'], group: 'compliance' },
  { to: '/partners', label: 'nav.partners', needs: ['partner.list'], group: 'compliance' },
  { to: '/risks', label: 'nav.risks', needs: ['risk.list'], group: 'compliance' },
  { to: '/internal-audit', label: 'nav.internalAudit', needs: ['internalAudit.list'], group: 'compliance' },
  { to: '/report', label: 'nav.report', needs: ['report.create'], group: 'compliance' },
  { to: '/account', label: 'nav.account', needs: null },
];

type NavGroup = 'compliance';

export function visibleNav(status: Pick<VaultStatus, 'can'>): typeof NAV {
  return NAV.filter((item) => item.needs === null || canAny(status, ...item.needs));
}

/**
 * The frame of every signed-in screen: the header (who, idle countdown, lock, language) and the
 * navigation. It keeps the session status fresh and leaves for the unlock screen as soon as the
 * vault is locked, saying why when the user did not lock it. A session that must first change
 * its password or enrol in two-step verification sees only that (and the lock button).
 */
export function AppLayout() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const status = useSignedIn();
  const locking = useRef(false);

  const check = useCallback(async () => {
    const previous = sessionStore.get();
    // Locking (here or by whoever set a locked status) is already on its way to the unlock screen.
    if (locking.current || previous?.state !== 'unlocked') return;
    let next: VaultStatus;
    try {
      next = await client.vault.status();
    } catch {
      return; // the next poll tries again
    }
    if (locking.current) return;
    sessionStore.set(next);
    if (next.state === 'locked') {
      const reason = lockReason(previous);
      message.destroy();
      await navigate({ to: '/unlock', search: reason ? { reason } : {}, replace: true });
    } else if (next.state !== 'unlocked') {
      await navigate({ to: '/', replace: true });
    }
  }, [navigate, message]);

  // Status polls (which do not count as activity), on window focus, shortly after any call the
  // core counted as activity (it re-armed the idle lock), and when the idle lock is due.
  useEffect(() => {
    const poll = setInterval(() => void check(), POLL_MS);
    const onFocus = () => void check();
    window.addEventListener('focus', onFocus);
    let soon: ReturnType<typeof setTimeout> | undefined;
    const stopListening = onActivity(() => {
      clearTimeout(soon);
      soon = setTimeout(() => void check(), 200);
    });
    return () => {
      clearInterval(poll);
      clearTimeout(soon);
      window.removeEventListener('focus', onFocus);
      stopListening();
    };
  }, [check]);

  useEffect(() => {
    if (status.idleLockAt === null) return;
    const due = setTimeout(() => void check(), Math.max(0, status.idleLockAt - Date.now()) + 300);
    return () => clearTimeout(due);
  }, [status.idleLockAt, check]);

  const lock = useCallback(async () => {
    if (locking.current) return;
    locking.current = true;
    try {
      sessionStore.set(await client.vault.lock());
      // Nothing of the session stays on screen, not even a passing notice.
      message.destroy();
      await navigate({ to: '/unlock', search: { locked: true }, replace: true });
    } catch (err) {
      void message.error(`${t('home.lockFailed')}: ${describeError(err, locale).message}`);
    } finally {
      locking.current = false;
    }
  }, [navigate, message, t, locale]);

  // Ctrl+L (Cmd+L on macOS) locks from anywhere.
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

  const { user, restriction } = status;
  const name = user.displayName || user.username;

  return (
    <div className="lv-screen">
      <header className="lv-header lv-no-print">
        <div className="lv-brand">
          <Typography.Text strong className="lv-brand-name">
            {t('app.name')}
          </Typography.Text>
        </div>
        <div className="lv-header-actions">
          <IdleCountdown lockAt={status.idleLockAt} />
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
          <LanguageSwitch />
        </div>
      </header>
      {restriction ? (
        <main className="lv-main lv-main-centered">
          <RestrictedScreen restriction={restriction} username={user.username} />
        </main>
      ) : (
        <div className="lv-app">
          <nav className="lv-nav lv-no-print" aria-label={t('nav.label')}>
            <NavList items={visibleNav(status)} />
          </nav>
          <main className="lv-content">
            <Outlet />
          </main>
        </div>
      )}
    </div>
  );
}

/** The navigation's items in order; a group's items after a heading that folds them. */
function NavList({ items }: { items: ReturnType<typeof visibleNav> }) {
  const t = useT();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const [opened, setOpened] = useState<NavGroup | null>(null);
  // A group opened by hand folds again when the user goes elsewhere (its own screens keep it open).
  useEffect(() => setOpened(null), [pathname]);
  const link = (item: (typeof items)[number]) => (
    <li key={item.to} className={item.group ? 'lv-nav-grouped' : undefined}>
      <Link to={item.to} className="lv-nav-link" activeProps={{ className: 'lv-nav-link-active' }}>
        {t(item.label)}
      </Link>
    </li>
  );
  const isOpen = (group: NavGroup) =>
    opened === group || items.some((m) => m.group === group && pathname.startsWith(m.to));
  const rows: ReactNode[] = [];
  for (const [index, item] of items.entries()) {
    const group = item.group;
    if (group && items[index - 1]?.group !== group) {
      const open = isOpen(group);
      rows.push(
        <li key={`group-${group}`}>
          <button
            type="button"
            className="lv-nav-link lv-nav-group"
            aria-expanded={open}
            onClick={() => setOpened(open ? null : group)}
          >
            {t(`nav.group.${group}`)}
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </li>,
      );
    }
    if (!group || isOpen(group)) rows.push(link(item));
  }
  return <ul>{rows}</ul>;
}
