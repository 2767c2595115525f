/**
 * Internal audit rules both sides apply (issue 17, Build 8): which texts must not be blank, and
 * when a finding is overdue. The posture's colour for findings is in src/shared/posture/rules.ts.
 */
import type { INTERNAL_AUDIT_MESSAGES } from '../internal-audit-messages';

type Key = keyof typeof INTERNAL_AUDIT_MESSAGES;

/** The message of the first blank text among `fields` (already trimmed by the contract), or null. */
export function blankProblem(fields: Record<string, string | undefined>): { key: Key } | null {
  const keys: Record<string, Key> = {
    title: 'internalAudit.titleRequired',
    scope: 'internalAudit.scopeRequired',
    auditor: 'internalAudit.auditorRequired',
    conclusion: 'internalAudit.conclusionRequired',
    detail: 'internalAudit.detailRequired',
    resolution: 'internalAudit.resolutionRequired',
  };
  for (const [name, value] of Object.entries(fields)) {
    const key = keys[name];
    if (key && value !== undefined && value.trim() === '') return { key };
  }
  return null;
}

/** An open finding is overdue from the day after its due day (Beijing days, "YYYY-MM-DD"). */
export function isOverdue(f: { status: 'open' | 'closed'; dueDate: string }, today: string): boolean {
  return f.status === 'open' && f.dueDate < today;
}
