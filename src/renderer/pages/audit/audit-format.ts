/** How the viewer names and formats what the audit log holds. */
import dayjs from 'dayjs';
import type { Translate } from '../../i18n';
import { auditZh } from '../../i18n-parts/audit';

export type Outcome = 'ok' | 'denied' | 'failed';
export const OUTCOMES: readonly Outcome[] = ['ok', 'denied', 'failed'];

export const OUTCOME_COLOR: Record<Outcome, string> = { ok: 'success', denied: 'warning', failed: 'error' };

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
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

/** An instant in this computer's local time, to the second. */
export function localTime(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/** An ISO 8601 instant with this computer's offset, as the core's filter expects. */
export function isoWithOffset(d: dayjs.Dayjs): string {
  return d.format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}
