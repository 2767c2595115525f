/** How the viewer names and formats what the audit log holds. */
import { AUDIT_OUTCOMES, type AuditOutcome } from '../../shared/audit/contract';
import type { InputOf } from '../../shared/contract';
import { formatShanghai, SHANGHAI_OFFSET } from '../../shared/time';
import { auditZh, type Translate } from './i18n';

export type AuditFilter = NonNullable<InputOf<'audit:export'>['filter']>;
export type AuditExportFormat = InputOf<'audit:export'>['format'];

export const OUTCOME_COLOR: Record<AuditOutcome, string> = { ok: 'success', denied: 'warning', failed: 'error' };

export function isOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

type ActionKey = Extract<keyof typeof auditZh, `audit.action.${string}`>;

/** Every action the viewer has a name for, in the order the action filter offers them. */
export const KNOWN_ACTIONS: readonly string[] = Object.keys(auditZh)
  .filter((key) => key.startsWith('audit.action.'))
  .map((key) => key.slice('audit.action.'.length));

function actionKey(action: string): ActionKey | null {
  const key = `audit.action.${action}`;
  return Object.prototype.hasOwnProperty.call(auditZh, key) ? (key as ActionKey) : null;
}

/** The action in the user's language when known, else its raw name. */
export function actionLabel(t: Translate, action: string): string {
  const key = actionKey(action);
  return key ? t(key) : action;
}

export function isKnownAction(action: string): boolean {
  return actionKey(action) !== null;
}

/** An event's time in Beijing time, to the second (the office's clock, whatever this computer's zone). */
export function eventTime(iso: string): string {
  return formatShanghai(iso, 'second');
}

/** The first and last instant of a Beijing calendar day ("2024-03-01"), as the core's filter takes them. */
export function dayStart(date: string): string {
  return `${date}T00:00:00.000${SHANGHAI_OFFSET}`;
}

export function dayEnd(date: string): string {
  return `${date}T23:59:59.999${SHANGHAI_OFFSET}`;
}
