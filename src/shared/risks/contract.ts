/** Risks (issue 17, Build 7): the register, with posture signals raising the linked risk. */
import { z } from 'zod';
import { LOCALES } from '../errors';
import { POSTURE_FACT_IDS, type PostureFact } from '../posture/contract';
import { empty, id, out, text, username } from '../schema-kit';
import type { RiskLevel } from './rules';

export const RISK_TREATMENTS = ['mitigate', 'accept', 'transfer', 'avoid'] as const;
export type RiskTreatment = (typeof RISK_TREATMENTS)[number];

export const RISK_TITLE_MAX = 100;
export const RISK_TEXT_MAX = 1000;

const rating = z.number().int().min(1).max(5);

export const riskSave = z.strictObject({
  /** Absent: a new risk; set: that risk changed (or closed, or opened again). */
  id: id.optional(),
  title: text(RISK_TITLE_MAX).min(1),
  description: text(RISK_TEXT_MAX),
  likelihood: rating,
  impact: rating,
  treatment: z.enum(RISK_TREATMENTS),
  treatmentPlan: text(RISK_TEXT_MAX),
  /** The staff member who owns it (an active account). */
  owner: username,
  reviewDate: z.iso.date(),
  signal: z.enum(POSTURE_FACT_IDS).nullable(),
  status: z.enum(['open', 'closed']),
});
export type RiskSave = z.infer<typeof riskSave>;

/** A starter risk (starters.ts) added in the words of `locale`, owned by whoever adds it. */
export const riskAddStarter = z.strictObject({ key: z.string().max(40), locale: z.enum(LOCALES) });
export type RiskAddStarter = z.infer<typeof riskAddStarter>;

export interface RiskView {
  id: number;
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  /** The level after the posture signal: one band up while the linked fact is amber or red. */
  effectiveLevel: RiskLevel;
  /** The linked fact as read now (its status and why), when it raises the risk; else null. */
  raisedBy: PostureFact | null;
  treatment: RiskTreatment;
  treatmentPlan: string;
  owner: string;
  ownerName: string;
  reviewDate: string;
  /** Open and its review day has passed. */
  reviewOverdue: boolean;
  signal: PostureFact['id'] | null;
  /** The linked fact's colour now (null when none is linked or the risk is closed). */
  signalStatus: PostureFact['status'] | null;
  status: 'open' | 'closed';
  updatedAt: string;
  updatedBy: string;
}

export interface RisksView {
  /** Open first, highest effective level and score first; then closed. */
  risks: RiskView[];
  today: string;
  canManage: boolean;
  /** Starter risks not in the register yet (managers and admins only). */
  starters: string[];
  /** Active staff who may own a risk. */
  owners: { username: string; displayName: string }[];
}

export const risksContract = {
  'risks:list': { input: empty, output: out<RisksView>() },
  'risks:save': { input: riskSave, output: out<RisksView>() },
  'risks:addStarter': { input: riskAddStarter, output: out<RisksView>() },
} as const;
