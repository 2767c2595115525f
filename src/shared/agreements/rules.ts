/**
 * Whether a client's data-protection agreement is current (issue 17, Build 5; seed 五.2): an
 * active client with none, or with one past its renewal date, is red; one whose renewal falls
 * within 30 days is amber. An agreement without a renewal date stays current. Pure functions of
 * Beijing calendar days, for the screen, the posture and the tests alike.
 */
import { addShanghaiDays } from '../time';

export const RENEWAL_SOON_DAYS = 30;

export type AgreementStatus = 'green' | 'amber' | 'red';
export type AgreementDetail = 'ok' | 'renewSoon' | 'expired' | 'none';

export function agreementState(
  current: { renewalDate: string | null } | null,
  today: string,
): { status: AgreementStatus; detail: AgreementDetail } {
  if (current === null) return { status: 'red', detail: 'none' };
  const renewal = current.renewalDate;
  if (renewal === null) return { status: 'green', detail: 'ok' };
  if (today > renewal) return { status: 'red', detail: 'expired' };
  if (today >= addShanghaiDays(renewal, -RENEWAL_SOON_DAYS)) return { status: 'amber', detail: 'renewSoon' };
  return { status: 'green', detail: 'ok' };
}

/** The posture fact 'agreements': red when any active client lacks a current agreement, amber when one renews soon. */
export function agreementsVerdict(counts: { clients: number; red: number; amber: number }): {
  status: AgreementStatus;
  detail: 'ok' | 'renewSoon' | 'missing';
} {
  if (counts.red > 0) return { status: 'red', detail: 'missing' };
  if (counts.amber > 0) return { status: 'amber', detail: 'renewSoon' };
  return { status: 'green', detail: 'ok' };
}
