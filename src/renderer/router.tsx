import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Navigate,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { SessionInfo, VaultState } from '../shared/ipc-contract';
import { api } from './api';
import { HomePage } from './pages/HomePage';
import { RecoveryKitPage } from './pages/RecoveryKitPage';
import { SetupPage } from './pages/SetupPage';
import { LoadingPage, RouteErrorPage } from './pages/StatusPages';
import { UnlockPage } from './pages/UnlockPage';
import { recoveryKitStore } from './recovery-kit-store';

/** Where each vault state belongs. */
function screenFor(state: VaultState): '/setup' | '/unlock' | '/home' {
  switch (state) {
    case 'no-vault':
      return '/setup';
    case 'locked':
      return '/unlock';
    case 'unlocked':
      return '/home';
  }
}

const rootRoute = createRootRoute({
  component: Outlet,
  errorComponent: RouteErrorPage,
  pendingComponent: LoadingPage,
  notFoundComponent: () => <Navigate to="/" replace />,
});

/** `/` asks the core and sends the user to the screen for the vault's state. */
const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: async () => {
    const status = await api.status();
    throw redirect({ to: screenFor(status.state), replace: true });
  },
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async () => {
    const status = await api.status();
    if (status.state !== 'no-vault') throw redirect({ to: screenFor(status.state), replace: true });
  },
  component: SetupPage,
});

/** Not under /setup: by the time it shows, the vault exists and setup's guard would send us away. */
const recoveryKitRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/recovery-kit',
  component: RecoveryKitPage,
});

const unlockRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/unlock',
  /** `locked`: the user got here by locking the vault, so the screen says so. */
  validateSearch: (search: Record<string, unknown>): { locked?: boolean } =>
    search.locked === true || search.locked === 'true' ? { locked: true } : {},
  beforeLoad: async () => {
    const status = await api.status();
    if (status.state !== 'locked') throw redirect({ to: screenFor(status.state), replace: true });
  },
  component: UnlockPage,
});

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/home',
  beforeLoad: async (): Promise<{ user: SessionInfo }> => {
    const status = await api.status();
    if (status.state !== 'unlocked' || !status.user) throw redirect({ to: screenFor(status.state), replace: true });
    return { user: status.user };
  },
  component: HomePage,
});

const routeTree = rootRoute.addChildren([indexRoute, setupRoute, recoveryKitRoute, unlockRoute, homeRoute]);

// Hash history: the built app is loaded from app:// (or the harness's http origin), whose path is not a route.
export const router = createRouter({
  routeTree,
  history: createHashHistory(),
  defaultPendingMs: 300,
  defaultPendingMinMs: 0,
});

// The recovery key lives only as long as its screen: any navigation elsewhere drops it.
router.subscribe('onResolved', ({ toLocation }) => {
  if (toLocation.pathname !== recoveryKitRoute.fullPath) recoveryKitStore.clear();
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
