/**
 * Retention of accounting records (issue 17, Build 9; 会计档案管理办法, 财政部 国家档案局令第79号).
 * Pure rules both sides apply: the record kinds, their legal minimum periods (附表一), and the day
 * a record's period ends. 第十四条: a period counts from the first day after the end of the
 * accounting year (the calendar year, 会计法 第十一条) the record belongs to; 第十五条: the periods of
 * 附表一 are minimums, so an office may lengthen a period but never shorten it below them.
 * All days are Beijing calendar days.
 */
import { shanghaiDate, shanghaiParts } from '../time';

export const RETENTION_KINDS = ['bankStatement', 'bankReconciliation', 'voucher'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** What an account's records are kept as unless an admin or manager says otherwise. */
export const DEFAULT_RETENTION_KIND: RetentionKind = 'bankStatement';

const LAW = '《会计档案管理办法》（财政部 国家档案局令第79号）第十四条、第十五条，附表一';

/** The legal minimum of each kind (附表一), which is also the period seeded on first use. */
export const RETENTION_DEFAULTS: Record<RetentionKind, { years: number; article: string }> = {
  bankStatement: { years: 10, article: `${LAW}“银行对账单”10年` },
  bankReconciliation: { years: 10, article: `${LAW}“银行存款余额调节表”10年` },
  voucher: { years: 30, article: `${LAW}“原始凭证”“记账凭证”30年` },
};

/** Longer than any record this app could hold will need; a typo of 1000 is refused. */
export const RETENTION_MAX_YEARS = 100;
export const RETENTION_ARTICLE_MAX = 300;

export function isRetentionKind(value: unknown): value is RetentionKind {
  return typeof value === 'string' && (RETENTION_KINDS as readonly string[]).includes(value);
}

/** Why a period may not be set to `years` for `kind`, or null when it may (E_INPUT keys). */
export function periodProblem(
  kind: RetentionKind,
  years: number,
): { key: 'retention.belowMinimum' | 'retention.yearsRange'; params: Record<string, number> } | null {
  if (!Number.isInteger(years) || years < 1 || years > RETENTION_MAX_YEARS)
    return { key: 'retention.yearsRange', params: { max: RETENTION_MAX_YEARS } };
  const min = RETENTION_DEFAULTS[kind].years;
  if (years < min) return { key: 'retention.belowMinimum', params: { min } };
  return null;
}

/**
 * The first Beijing day on which a record dated `occurredAtMs` may be purged when its kind is kept
 * `years` years: its accounting year Y ends on Y-12-31, the period runs from (Y+1)-01-01 for
 * `years` years to (Y+years)-12-31, and the day after is (Y+years+1)-01-01.
 */
export function purgeableFrom(occurredAtMs: number, years: number): string {
  const year = shanghaiParts(occurredAtMs).year;
  return `${String(year + years + 1).padStart(4, '0')}-01-01`;
}

/** The last day the record must be kept (the day before `purgeableFrom`). */
export function keptUntil(occurredAtMs: number, years: number): string {
  return `${String(shanghaiParts(occurredAtMs).year + years).padStart(4, '0')}-12-31`;
}

/** Whether the period has ended at `nowMs` (Beijing): today is on or after `purgeableFrom`. */
export function periodEnded(occurredAtMs: number, years: number, nowMs: number): boolean {
  return shanghaiDate(nowMs) >= purgeableFrom(occurredAtMs, years);
}

/** The kind an account's records are kept as: its own setting, or the default. */
export function kindOf(accountKind: string | null | undefined): RetentionKind {
  return isRetentionKind(accountKind) ? accountKind : DEFAULT_RETENTION_KIND;
}
