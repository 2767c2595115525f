/**
 * Client agreements (issue 17, Build 5): the data-protection agreement the office signed with
 * each client (signed on, scope, renewal date, an optional file), kept under that client's key.
 */
import { z } from 'zod';
import {
  documentHandle,
  type DocumentInfoView,
  type PickedDocumentView,
  type SavedDocumentView,
} from '../documents/contract';
import { empty, id, out, text } from '../schema-kit';
import type { AgreementDetail, AgreementStatus } from './rules';

export const AGREEMENT_SCOPE_MAX = 2000;

export interface AgreementView {
  id: number;
  signedOn: string;
  /** Null when this session does not hold the client's key. */
  scope: string | null;
  renewalDate: string | null;
  file: DocumentInfoView | null;
  recordedAt: string;
  recordedBy: string;
}

export interface ClientAgreementView {
  clientId: number;
  /** Null when this session does not hold the client's key: shown by number. */
  clientName: string | null;
  clientStatus: 'active' | 'archived';
  status: AgreementStatus;
  detail: AgreementDetail;
  /** The agreement signed last, or null. */
  current: AgreementView | null;
  /** Every agreement recorded for the client, newest first. */
  history: AgreementView[];
}

export interface AgreementsView {
  today: string;
  clients: ClientAgreementView[];
  /** Admins and managers: may record (auditors read). */
  canManage: boolean;
}

const day = z.iso.date();

export const agreementRecord = z.strictObject({
  clientId: id,
  signedOn: day,
  scope: text(AGREEMENT_SCOPE_MAX).min(1),
  renewalDate: day.nullable().optional(),
  /** The signed agreement, picked with agreements:pickFile. */
  fileHandle: documentHandle.optional(),
});
export type AgreementRecord = z.infer<typeof agreementRecord>;

export const agreementExportFile = z.strictObject({ agreementId: id });

export const agreementsContract = {
  'agreements:get': { input: empty, output: out<AgreementsView>() },
  'agreements:record': { input: agreementRecord, output: out<AgreementsView>() },
  'agreements:pickFile': { input: empty, output: out<PickedDocumentView | null>() },
  'agreements:exportFile': { input: agreementExportFile, output: out<SavedDocumentView>() },
} as const;
