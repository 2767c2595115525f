/** Partners (issue 17, Build 6): third parties that touch client data, and their security assessments. */
import { z } from 'zod';
import {
  documentHandle,
  type DocumentInfoView,
  type PickedDocumentView,
  type SavedDocumentView,
} from '../documents/contract';
import { empty, id, out, text } from '../schema-kit';
import {
  PARTNER_ANSWERS,
  PARTNER_QUESTION_IDS,
  PARTNER_RESULTS,
  type PartnerAnswerValue,
  type PartnerResult,
} from './questions';
import type { PartnerDue } from './rules';

export const PARTNER_KINDS = ['bank', 'software', 'itSupport', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_NAME_MAX = 100;
export const PARTNER_TEXT_MAX = 500;
export const PARTNER_COMMENT_MAX = 500;

const day = z.iso.date();

export const partnerSave = z.strictObject({
  /** Absent: a new partner; set: that partner changed (or ended, or taken up again). */
  id: id.optional(),
  name: text(PARTNER_NAME_MAX).min(1),
  kind: z.enum(PARTNER_KINDS),
  dataShared: text(PARTNER_TEXT_MAX).min(1),
  agreementSignedOn: day.nullable(),
  assessEveryMonths: z.number().int().min(1).max(60),
  status: z.enum(['active', 'ended']),
  /** A new copy of the agreement, picked with partners:pickFile (the one kept before stays on record). */
  fileHandle: documentHandle.optional(),
});
export type PartnerSave = z.infer<typeof partnerSave>;

export const partnerAnswer = z.strictObject({
  question: z.enum(PARTNER_QUESTION_IDS),
  answer: z.enum(PARTNER_ANSWERS),
  comment: text(PARTNER_COMMENT_MAX),
});

export const partnerAssess = z.strictObject({
  partnerId: id,
  assessedOn: day,
  /** One answer per question of PARTNER_QUESTIONS (the core refuses a missing or doubled one). */
  answers: z.array(partnerAnswer).max(PARTNER_QUESTION_IDS.length),
  result: z.enum(PARTNER_RESULTS),
  notes: text(PARTNER_TEXT_MAX),
});
export type PartnerAssess = z.infer<typeof partnerAssess>;

/**
 * The answers as stored (JSON in partner_assessments.answers), read back through this schema: a
 * question id is kept as a string, so a question retired from the list still reads.
 */
export const storedAnswers = z.array(
  z.strictObject({ question: z.string(), answer: z.enum(PARTNER_ANSWERS), comment: z.string() }),
);

export interface PartnerAnswerView {
  question: string;
  answer: PartnerAnswerValue;
  comment: string;
}

export interface PartnerAssessmentView {
  id: number;
  assessedOn: string;
  answers: PartnerAnswerView[];
  /** What the answers suggest (questions.ts) beside what the assessor chose. */
  suggested: PartnerResult;
  result: PartnerResult;
  notes: string;
  recordedAt: string;
  recordedBy: string;
}

export interface PartnerView {
  id: number;
  name: string;
  kind: PartnerKind;
  dataShared: string;
  agreementSignedOn: string | null;
  /** The agreement's file kept in the vault, or null. */
  agreementFile: DocumentInfoView | null;
  assessEveryMonths: number;
  status: 'active' | 'ended';
  /** Newest first. */
  assessments: PartnerAssessmentView[];
  /** Last assessed plus the interval, or null when never assessed. */
  nextDue: string | null;
  due: PartnerDue;
  updatedAt: string;
  updatedBy: string;
}

export interface PartnersView {
  /** Active first, then by name. */
  partners: PartnerView[];
  /** Beijing day the dues were judged on. */
  today: string;
  canManage: boolean;
}

export const partnersContract = {
  'partners:list': { input: empty, output: out<PartnersView>() },
  'partners:save': { input: partnerSave, output: out<PartnersView>() },
  'partners:assess': { input: partnerAssess, output: out<PartnersView>() },
  'partners:pickFile': { input: empty, output: out<PickedDocumentView | null>() },
  'partners:exportFile': { input: z.strictObject({ partnerId: id }), output: out<SavedDocumentView>() },
} as const;
