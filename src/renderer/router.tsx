import { BackupPage } from './backup/BackupPage';
import { ImportPage } from './import/ImportPage';
import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Navigate,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { Operation, VaultState, VaultStatus } from '../shared/contract';
import { client } from './app/client';
import { canAny, lockReason, sessionStore, type LockReason, type SignedInStatus } from './app/session';
import { LoadingPage, RouteErrorPage } from './app/StatusPages';
import { AuditPage } from './audit/AuditPage';
import { AccountPage } from './auth/AccountPage';
import { UnlockPage } from './auth/UnlockPage';
import { ClientsPage } from './clients/ClientsPage';
import { AppLayout } from './layout/AppLayout';
import { HomePage } from './layout/HomePage';
import { RecordsPage } from './records/RecordsPage';
import { PeriodPage } from './records/PeriodPage';
import { SettingsPage } from './settings/SettingsPage';
import { UsersPage } from './users/UsersPage';
import { RecoveryKitPage } from './vault/RecoveryKitPage';
import { recoveryKitStore, upgradeReportStore } from './vault/recovery-kit-store';
import { SetupPage } from './vault/SetupPage';
import { RestorePage } from './restore/RestorePage';
import { UpgradeReportPage } from './vault/UpgradeReportPage';
import { UpdatePage } from './update/UpdatePage';
import { PosturePage } from './posture/PosturePage';
import { ReviewPage } from './review/ReviewPage';
import { ReportPage } from './report/ReportPage';
import { PeoplePage } from './people/PeoplePage';
import { AgreementsPage } from './agreements/AgreementsPage';
import { IncidentsPage } from './incidents/IncidentsPage';
import { RetentionPage } from './retention/RetentionPage';
import { PartnersPage } from './partners/PartnersPage';
import { RisksPage } from './risks/RisksPage';
import { InternalAuditPage } from './internal-audit/InternalAuditPage';

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

/** Asks the core where we are, and remembers the answer for the screens. */
async function readStatus(): Promise<{ status: VaultStatus; previous: VaultStatus | null }> {
  const previous = sessionStore.get();
  const status = await client.vault.status();
  sessionStore.set(status);
  return { status, previous };
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
    const { status } = await readStatus();
    throw redirect({ to: screenFor(status.state), replace: true });
  },
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async () => {
    const { status } = await readStatus();
    if (status.state !== 'no-vault') throw redirect({ to: screenFor(status.state), replace: true });
  },
  component: SetupPage,
});

/** Before anyone signs in: restore a backup, or open a vault with the recovery key (issue 13). */
const restoreRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/restore',
  beforeLoad: async () => {
    const { status } = await readStatus();
    if (status.state === 'unlocked') throw redirect({ to: screenFor(status.state), replace: true });
  },
  component: RestorePage,
});

/** Not under /setup: by the time it shows, the vault exists and setup's guard would send us away. */
const recoveryKitRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/recovery-kit',
  component: RecoveryKitPage,
});

/** Shown once, first, after the sign-in that upgraded a version-1 vault (outside the app layout, like the kit). */
const upgradeReportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/upgrade-report',
  component: UpgradeReportPage,
});

export interface UnlockSearch {
  /** The user got here by locking the vault, so the screen says so. */
  locked?: boolean;
  /** The vault locked itself: after the idle timeout, or with the workstation. */
  reason?: LockReason;
}

const unlockRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/unlock',
  validateSearch: (search: Record<string, unknown>): UnlockSearch => {
    if (search.locked === true || search.locked === 'true') return { locked: true };
    if (search.reason === 'idle' || search.reason === 'system') return { reason: search.reason };
    return {};
  },
  beforeLoad: async () => {
    const { status } = await readStatus();
    if (status.state !== 'locked') throw redirect({ to: screenFor(status.state), replace: true });
  },
  component: UnlockPage,
});

/**
 * Every signed-in screen, inside the app layout. Reached while locked, it sends the user to the
 * unlock screen, saying why if the vault locked itself since the UI last looked.
 */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async (): Promise<{ status: SignedInStatus }> => {
    const { status, previous } = await readStatus();
    if (status.state === 'locked') {
      const reason = lockReason(previous);
      throw redirect({ to: '/unlock', search: reason ? { reason } : {}, replace: true });
    }
    if (status.state !== 'unlocked' || !status.user) throw redirect({ to: screenFor(status.state), replace: true });
    return { status: status as SignedInStatus };
  },
  component: AppLayout,
});

/** A screen for those who may do any of `operations`; others (and restricted sessions) go home. */
function requireAny(...operations: Operation[]) {
  return ({ context }: { context: { status: SignedInStatus } }) => {
    if (!canAny(context.status, ...operations)) throw redirect({ to: '/home', replace: true });
  };
}

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/home', component: HomePage });

const clientsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/clients',
  beforeLoad: requireAny('grant.list', 'client.create', 'client.list'),
  component: ClientsPage,
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/users',
  beforeLoad: requireAny('user.list'),
  component: UsersPage,
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  beforeLoad: requireAny('settings.update'),
  component: SettingsPage,
});

const recordsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/records',
  beforeLoad: requireAny('records.list'),
  component: RecordsPage,
});

const periodRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/period',
  beforeLoad: requireAny('records.list'),
  component: PeriodPage,
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  beforeLoad: requireAny('audit.view'),
  component: AuditPage,
});

const backupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/backup',
  beforeLoad: requireAny('backup.export', 'settings.update'),
  component: BackupPage,
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import',
  beforeLoad: requireAny('records.import'),
  component: ImportPage,
});

/** Signed offline updates (issue 15): admins only, checked again in the core. */
const updateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/update',
  beforeLoad: requireAny('updates.install'),
  component: UpdatePage,
});

/** 安全合规概况 and 访问权限复核 (issue 17): admins and managers, checked again in the core. */
const postureRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/posture',
  beforeLoad: requireAny('posture.view'),
  component: PosturePage,
});

const reviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/review',
  beforeLoad: requireAny('review.list'),
  component: ReviewPage,
});

/** 人员与培训 and 客户保密协议 (issue 17, Builds 4-5): admins and managers keep them, auditors read. */
const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  beforeLoad: requireAny('people.list'),
  component: PeoplePage,
});

const agreementsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agreements',
  beforeLoad: requireAny('agreement.list'),
  component: AgreementsPage,
});

/** 内部审计 (issue 17, Build 8): admins and managers keep it, auditors read; `?report=<id>` prints one audit. */
const internalAuditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/internal-audit',
  validateSearch: (search: Record<string, unknown>): { report?: number } => {
    const id = Number(search.report);
    return Number.isSafeInteger(id) && id > 0 ? { report: id } : {};
  },
  beforeLoad: requireAny('internalAudit.list'),
  component: InternalAuditPage,
});

/** 合作方管理 and 风险登记 (issue 17, Builds 6-7): admins and managers keep them, auditors read. */
const partnersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/partners',
  beforeLoad: requireAny('partner.list'),
  component: PartnersPage,
});

const risksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/risks',
  beforeLoad: requireAny('risk.list'),
  component: RisksPage,
});

/** 会计档案保管 (issue 17, Build 9): admins and managers keep it, auditors read. */
const retentionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/retention',
  beforeLoad: requireAny('retention.list'),
  component: RetentionPage,
});

/** 事件与演练 (issue 17, Build 3): admins and managers keep the register, auditors read it. */
const incidentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidents',
  beforeLoad: requireAny('incident.list'),
  component: IncidentsPage,
});

/** 合规证据报告 (issue 17, Build 10): admins, managers and auditors, checked again in the core. */
const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/report',
  beforeLoad: requireAny('report.create'),
  component: ReportPage,
});

const accountRoute = createRoute({ getParentRoute: () => appRoute, path: '/account', component: AccountPage });

const routeTree = rootRoute.addChildren([
  indexRoute,
  setupRoute,
  restoreRoute,
  recoveryKitRoute,
  upgradeReportRoute,
  unlockRoute,
  appRoute.addChildren([
    homeRoute,
    recordsRoute,
    periodRoute,
    clientsRoute,
    usersRoute,
    settingsRoute,
    auditRoute,
    backupRoute,
    importRoute,
    updateRoute,
    postureRoute,
    reviewRoute,
    peopleRoute,
    agreementsRoute,
    incidentsRoute,
    retentionRoute,
    partnersRoute,
    risksRoute,
    internalAuditRoute,
    reportRoute,
    accountRoute,
  ]),
]);

// Hash history: the built app is loaded from app:// (or the harness's http origin), whose path is not a route.
export const router = createRouter({
  routeTree,
  history: createHashHistory(),
  defaultPendingMs: 300,
  defaultPendingMinMs: 0,
});

// A recovery key lives only as long as its screen: any navigation elsewhere drops it.
router.subscribe('onResolved', ({ toLocation }) => {
  if (toLocation.pathname !== recoveryKitRoute.fullPath) recoveryKitStore.clear();
  if (toLocation.pathname !== upgradeReportRoute.fullPath) upgradeReportStore.clear();
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
