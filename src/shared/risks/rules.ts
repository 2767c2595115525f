/**
 * The risk register's arithmetic (issue 17, Build 7; seed 十九), pure so the screen, the CLI,
 * the evidence report and the tests rate alike: score = likelihood x impact (each 1 to 5), in
 * three bands; a posture signal in amber or red raises the risk linked to it one band.
 */
import type { PostureStatus } from '../posture/contract';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Scores up to this are low (1-4), up to MEDIUM_MAX medium (5-12), above high (15-25). */
export const RISK_LOW_MAX = 4;
export const RISK_MEDIUM_MAX = 12;

export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact;
}

export function riskLevel(score: number): RiskLevel {
  if (score <= RISK_LOW_MAX) return 'low';
  return score <= RISK_MEDIUM_MAX ? 'medium' : 'high';
}

/** One band up; high stays high (it is shown raised all the same). */
export function raiseLevel(level: RiskLevel): RiskLevel {
  return RISK_LEVELS[Math.min(RISK_LEVELS.indexOf(level) + 1, RISK_LEVELS.length - 1)]!;
}

/** A linked posture fact raises the risk while it is amber or red; a closed risk is never raised. */
export function raisedBy(status: PostureStatus | null, open: boolean): boolean {
  return open && (status === 'amber' || status === 'red');
}
