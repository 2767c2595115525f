/**
 * Where a successful sign-in leads. The status goes to the session store; an upgrade report
 * (present once, on the sign-in that upgraded a version-1 vault) goes only to the screen that
 * shows it, first, before any other: the session store never holds its recovery key or passwords.
 */
import type { UnlockResult, VaultStatus } from '../../shared/contract';
import { upgradeReportStore } from './recovery-kit-store';

export function afterUnlock(
  result: UnlockResult,
  now = new Date(),
): { status: VaultStatus; to: '/home' | '/upgrade-report' } {
  const { upgrade, ...status } = result;
  if (!upgrade) return { status, to: '/home' };
  upgradeReportStore.put({ report: upgrade, upgradedAt: now });
  return { status, to: '/upgrade-report' };
}
