/**
 * People and training (issue 17, Build 4): per staff member the confidentiality agreement and
 * the code-of-conduct acknowledgement (signed on, an optional scanned file kept in the vault),
 * training sessions with each attendee's result, and who is due when (rules.ts).
 */
import { z } from 'zod';
import type { Role } from '../access/roles';
import {
  documentHandle,
  type DocumentInfoView,
  type PickedDocumentView,
  type SavedDocumentView,
} from '../documents/contract';
import { empty, id, out, text, username } from '../schema-kit';
import type { Due, DueStatus } from './rules';

export const ACKNOWLEDGEMENT_KINDS = ['confidentiality', 'conduct'] as const;
export type AcknowledgementKind = (typeof ACKNOWLEDGEMENT_KINDS)[number];
export const TRAINING_RESULTS = ['passed', 'failed', 'attended'] as const;
export type TrainingResult = (typeof TRAINING_RESULTS)[number];

export interface AcknowledgementView {
  id: number;
  username: string;
  displayName: string;
  kind: AcknowledgementKind;
  signedOn: string;
  file: DocumentInfoView | null;
  recordedAt: string;
  recordedBy: string;
}

/** One active staff member: each duty's state, the latest acknowledgement of each kind. */
export interface StaffDutiesView {
  username: string;
  displayName: string;
  role: Role;
  /** The worst of the three. */
  status: DueStatus;
  confidentiality: Due & { latest: AcknowledgementView | null };
  conduct: Due & { latest: AcknowledgementView | null };
  training: Due;
}

export interface TrainingSessionView {
  id: number;
  heldOn: string;
  topic: string;
  trainer: string;
  recordedAt: string;
  recordedBy: string;
  results: { username: string; displayName: string; result: TrainingResult; score: number | null }[];
}

export interface PeopleView {
  /** The Beijing day the due states were judged on. */
  today: string;
  staff: StaffDutiesView[];
  /** Newest first, at most 100 each. */
  acknowledgements: AcknowledgementView[];
  sessions: TrainingSessionView[];
  /** Admins and managers: may record (auditors read). */
  canManage: boolean;
}

const day = z.iso.date();

export const peopleAcknowledge = z.strictObject({
  username,
  kind: z.enum(ACKNOWLEDGEMENT_KINDS),
  signedOn: day,
  /** A scanned copy picked with people:pickFile. */
  fileHandle: documentHandle.optional(),
});
export type PeopleAcknowledge = z.infer<typeof peopleAcknowledge>;

export const peopleTraining = z.strictObject({
  heldOn: day,
  topic: text(200).min(1),
  trainer: text(100).min(1),
  results: z
    .array(
      z.strictObject({
        username,
        result: z.enum(TRAINING_RESULTS),
        score: z.number().int().min(0).max(100).nullable().optional(),
      }),
    )
    .max(500),
});
export type PeopleTraining = z.infer<typeof peopleTraining>;

export const peopleExportFile = z.strictObject({ acknowledgementId: id });

export const peopleContract = {
  'people:get': { input: empty, output: out<PeopleView>() },
  'people:acknowledge': { input: peopleAcknowledge, output: out<PeopleView>() },
  'people:training': { input: peopleTraining, output: out<PeopleView>() },
  'people:pickFile': { input: empty, output: out<PickedDocumentView | null>() },
  'people:exportFile': { input: peopleExportFile, output: out<SavedDocumentView>() },
} as const;
