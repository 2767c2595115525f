/**
 * When a staff member's training and acknowledgements are due (issue 17, Build 4; seed 十一,
 * 十八, 五): annual training falls due 12 months after the last session the person passed, the
 * confidentiality agreement and the code-of-conduct acknowledgement 12 months after they were
 * last signed. Amber from 30 days before the due day, red after it or when there is none. Pure
 * functions of Beijing calendar days, so the screen, the posture and a test apply the same rule.
 */
import { addShanghaiDays, addShanghaiMonths, parseShanghai, shanghaiDate } from '../time';

export const TRAINING_EVERY_MONTHS = 12;
export const ACKNOWLEDGE_EVERY_MONTHS = 12;
export const DUE_SOON_DAYS = 30;

export type DueStatus = 'green' | 'amber' | 'red';
export type DueDetail = 'ok' | 'dueSoon' | 'overdue' | 'never';

export interface Due {
  status: DueStatus;
  detail: DueDetail;
  /** The day it was last done (signed, passed), or null. */
  lastOn: string | null;
  /** The day it falls due again, or null when never done. */
  dueOn: string | null;
}

/** The Beijing day `months` after `day` (a month end clamps: 2024-02-29 + 12 months is 2025-02-28). */
export function addMonths(day: string, months: number): string {
  const start = parseShanghai(day);
  if (start === null) throw new RangeError(`not a date: ${day}`);
  return shanghaiDate(addShanghaiMonths(start, months));
}

/** Something done on `lastOn` and due every `months`, judged on `today` ("YYYY-MM-DD" each). */
export function dueState(lastOn: string | null, months: number, today: string): Due {
  if (lastOn === null) return { status: 'red', detail: 'never', lastOn, dueOn: null };
  const dueOn = addMonths(lastOn, months);
  if (today > dueOn) return { status: 'red', detail: 'overdue', lastOn, dueOn };
  if (today >= addShanghaiDays(dueOn, -DUE_SOON_DAYS)) return { status: 'amber', detail: 'dueSoon', lastOn, dueOn };
  return { status: 'green', detail: 'ok', lastOn, dueOn };
}

/** `lastPassedOn`: the day of the newest session the person passed (failed or attended only do not count). */
export const trainingDue = (lastPassedOn: string | null, today: string) =>
  dueState(lastPassedOn, TRAINING_EVERY_MONTHS, today);

export const acknowledgementDue = (signedOn: string | null, today: string) =>
  dueState(signedOn, ACKNOWLEDGE_EVERY_MONTHS, today);

const RANK: Record<DueStatus, number> = { green: 0, amber: 1, red: 2 };

/** The worst of several. */
export function worst(...statuses: DueStatus[]): DueStatus {
  return statuses.reduce<DueStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'green');
}

/**
 * The posture fact 'people' (staff without current training or acknowledgement): red when any
 * active staff member's is overdue or missing, amber when any falls due within 30 days.
 */
export function peopleVerdict(counts: { staff: number; red: number; amber: number }): {
  status: DueStatus;
  detail: 'ok' | 'dueSoon' | 'missing';
} {
  if (counts.red > 0) return { status: 'red', detail: 'missing' };
  if (counts.amber > 0) return { status: 'amber', detail: 'dueSoon' };
  return { status: 'green', detail: 'ok' };
}
