/** The security and compliance posture (issue 17, Build 1): each measure as a live fact. */
import { empty, out } from '../schema-kit';

export const POSTURE_STATUSES = ['green', 'amber', 'red', 'unknown'] as const;
export type PostureStatus = (typeof POSTURE_STATUSES)[number];

/**
 * Every fact, in the order the screen lists them. The last five belong to registers later builds
 * of issue 17 add (people, client agreements, partners, incidents, internal audit): until then
 * they are 'unknown' with the detail 'notSetUp', so the list is complete and says what is missing.
 */
export const POSTURE_FACT_IDS = [
  'mfa',
  'password',
  'idle',
  'reviewAge',
  'reviewRound',
  'backup',
  'audit',
  'keychain',
  'signins',
  'disclosures',
  'update',
  'people',
  'agreements',
  'partners',
  'incidents',
  'findings',
] as const;
export type PostureFactId = (typeof POSTURE_FACT_IDS)[number];

/** Screens a fact's fix opens (routes of the renderer). */
export type PostureRoute =
  | '/users'
  | '/settings'
  | '/review'
  | '/backup'
  | '/audit'
  | '/update'
  | '/clients'
  | '/incidents'
  | '/partners'
  | '/internal-audit'
  | '/retention'
  | '/people'
  | '/agreements';

export interface PostureFact {
  id: PostureFactId;
  status: PostureStatus;
  /** Which sentence explains the status (src/shared/posture/messages.ts, `posture.<id>.<detail>`). */
  detail: string;
  /** The figures the sentences and the value show; ISO times, counts, versions. */
  params: Record<string, string | number | null>;
  /** The screen that fixes it, or null when no screen does (yet). */
  fixRoute: PostureRoute | null;
  /** A fix the posture screen runs itself: the full audit verification. */
  fixAction?: 'audit.verify';
}

export interface PostureView {
  /** When the facts were read (ISO). */
  at: string;
  facts: PostureFact[];
  counts: Record<PostureStatus, number>;
}

export const postureContract = {
  'posture:get': { input: empty, output: out<PostureView>() },
} as const;
