/** Period views (会计期间): a client's balances, monthly totals and summaries for a date range. */
import { z } from 'zod';
import type { AccountKind } from '../masking';
import { id, out } from '../schema-kit';
import type { RecordView } from './contract';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const periodQuery = z.strictObject({ clientId: id, from: day, to: day });
export type PeriodQuery = z.infer<typeof periodQuery>;

/** In, out and net (in − out) in minor units, of 成功 records only; `count` is every record. */
export interface PeriodTotals {
  currency: string;
  inMinor: number;
  outMinor: number;
  netMinor: number;
  count: number;
}

export interface PeriodAccount {
  accountId: number;
  kind: AccountKind;
  institution: string | null;
  /** Masked. */
  accountNumber: string | null;
  currency: string;
  /** The opening balance as entered, at the start of `openingBalanceDate`. */
  openingBalanceMinor: number | null;
  openingBalanceDate: string | null;
  /** 期初: the balance at the start of `from`; null without an opening balance on or before `from`. */
  openingMinor: number | null;
  inMinor: number;
  outMinor: number;
  /** 期末: the balance at the end of `to`; null without an opening balance on or before `to`. */
  closingMinor: number | null;
}

export interface PeriodSummaryRow extends PeriodTotals {
  /** The counterparty or 摘要; null for records without one. */
  key: string | null;
}

export interface PeriodView {
  clientId: number;
  clientName: string;
  from: string;
  to: string;
  /** 制表人: the signed-in user's display name. */
  preparedBy: string;
  /** 打印日期: when the view was made, Beijing time. */
  preparedAt: string;
  accounts: PeriodAccount[];
  /** One row per month (YYYY-MM) and currency. */
  months: (PeriodTotals & { month: string })[];
  byCounterparty: PeriodSummaryRow[];
  byMemo: PeriodSummaryRow[];
  /** Per currency, the whole period. */
  totals: PeriodTotals[];
  /** Every record in the period, oldest first (account numbers masked). */
  records: RecordView[];
}

export const periodContract = {
  'records:period': { input: periodQuery, output: out<PeriodView>() },
} as const;
