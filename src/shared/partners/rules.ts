/**
 * When a partner's next security assessment is due (issue 17, Build 6): pure functions of Beijing
 * calendar days ("YYYY-MM-DD"), so the register, the posture and the tests agree on the day.
 */
import { DAY_MS } from '../time';

/** A partner is due soon this many days before its next assessment (amber in the posture). */
export const PARTNER_DUE_SOON_DAYS = 30;

const two = (n: number) => String(n).padStart(2, '0');

/** `day` plus `months` calendar months; the 31st of a shorter month is its last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${two(month)}-${two(Math.min(d, last))}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

export type PartnerDue = 'ended' | 'never' | 'overdue' | 'dueSoon' | 'ok';

export function nextAssessmentDue(lastAssessedOn: string | null, everyMonths: number): string | null {
  return lastAssessedOn === null ? null : addMonths(lastAssessedOn, everyMonths);
}

/** Where a partner stands on `today`: an active partner never assessed or past its due day is overdue. */
export function partnerDue(p: { status: 'active' | 'ended'; nextDue: string | null }, today: string): PartnerDue {
  if (p.status === 'ended') return 'ended';
  if (p.nextDue === null) return 'never';
  if (p.nextDue < today) return 'overdue';
  return daysBetween(today, p.nextDue) <= PARTNER_DUE_SOON_DAYS ? 'dueSoon' : 'ok';
}
