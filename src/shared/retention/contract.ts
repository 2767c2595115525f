/**
 * Record retention (issue 17, Build 9; 会计档案管理办法): periods per record kind, legal holds on a
 * client, and the two-person purge of deleted records whose period has ended.
 */
import { z } from 'zod';
import { empty, id, out, text } from '../schema-kit';
import { RETENTION_ARTICLE_MAX, RETENTION_KINDS, RETENTION_MAX_YEARS, type RetentionKind } from './rules';

export interface RetentionPeriodView {
  kind: RetentionKind;
  years: number;
  article: string;
  /** The legal minimum (附表一); a period is never set below it. */
  minYears: number;
  /** Null while the seeded default was never changed by a person. */
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface LegalHoldView {
  id: number;
  clientId: number;
  /** Null when the viewer does not hold the client's key: shown by number. */
  clientName: string | null;
  reason: string;
  placedAt: string;
  placedBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
}

/** A client with deleted records, or under a hold: what could be purged and when. */
export interface RetentionClientView {
  clientId: number;
  clientName: string | null;
  /** Deleted records kept (hidden, not gone). */
  deleted: number;
  /** Of those, the ones whose period has ended. */
  eligible: number;
  /** The first Beijing day another deleted record becomes purgeable, or null. */
  nextPurgeableFrom: string | null;
  held: boolean;
}

/** A payment account and the kind its records are kept as (default: bank statements). */
export interface RetentionAccountView {
  accountId: number;
  clientId: number;
  clientName: string | null;
  /** bank, alipay, wechat, card, other. */
  accountKind: string;
  institution: string | null;
  retentionKind: RetentionKind;
}

export const PURGE_STATUSES = ['pending', 'approved', 'refused'] as const;
export type PurgeStatus = (typeof PURGE_STATUSES)[number];

export interface PurgeRequestView {
  id: number;
  clientId: number;
  clientName: string | null;
  records: number;
  requestedAt: string;
  requestedBy: string;
  status: PurgeStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  purgedCount: number | null;
  /** Pending, and the signed-in user may approve or refuse it (approving needs another person). */
  canApprove: boolean;
  /** Pending: the requester may withdraw it, another admin or manager refuse it. */
  canRefuse: boolean;
}

export interface RetentionView {
  periods: RetentionPeriodView[];
  /** Holds in force first, then the 20 most recently released. */
  holds: LegalHoldView[];
  clients: RetentionClientView[];
  /** Pending requests first, then the 20 most recent decided ones. */
  requests: PurgeRequestView[];
  accounts: RetentionAccountView[];
  /** Admins and managers: may edit periods, place holds and request or approve purges. */
  canManage: boolean;
  /** Beijing today, the day eligibility was judged on. */
  today: string;
}

/** What a purge of one client would remove now (`retention purge --dry-run`, and a request's preview). */
export interface PurgePlan {
  clientId: number;
  clientName: string | null;
  today: string;
  /** Deleted records whose period has ended, by id, with the day each became purgeable. */
  eligible: { id: number; date: string; kind: RetentionKind; purgeableFrom: string }[];
  /** Deleted records still inside their period, and the first day one of them becomes purgeable. */
  notYet: number;
  nextPurgeableFrom: string | null;
  /** A legal hold in force: nothing is purged. */
  hold: { id: number; reason: string; placedAt: string } | null;
  /** A request for this client already waiting for approval. */
  pendingRequest: number | null;
}

export const retentionKind = z.enum(RETENTION_KINDS);

export const retentionSetPeriod = z.strictObject({
  kind: retentionKind,
  years: z.number().int().min(1).max(RETENTION_MAX_YEARS),
  article: text(RETENTION_ARTICLE_MAX).min(1),
});
export type RetentionSetPeriod = z.infer<typeof retentionSetPeriod>;

export const retentionSetAccountKind = z.strictObject({ accountId: id, kind: retentionKind });
export type RetentionSetAccountKind = z.infer<typeof retentionSetAccountKind>;

export const retentionPlaceHold = z.strictObject({ clientId: id, reason: text(500).min(1) });
export type RetentionPlaceHold = z.infer<typeof retentionPlaceHold>;

export const retentionHoldId = z.strictObject({ holdId: id });
export const retentionClient = z.strictObject({ clientId: id });
export const retentionRequestId = z.strictObject({ requestId: id });

export const retentionContract = {
  'retention:get': { input: empty, output: out<RetentionView>() },
  'retention:setPeriod': { input: retentionSetPeriod, output: out<RetentionView>() },
  'retention:setAccountKind': { input: retentionSetAccountKind, output: out<RetentionView>() },
  'retention:placeHold': { input: retentionPlaceHold, output: out<RetentionView>() },
  'retention:releaseHold': { input: retentionHoldId, output: out<RetentionView>() },
  'retention:plan': { input: retentionClient, output: out<PurgePlan>() },
  'retention:request': { input: retentionClient, output: out<RetentionView>() },
  'retention:approve': { input: retentionRequestId, output: out<RetentionView>() },
  'retention:refuse': { input: retentionRequestId, output: out<RetentionView>() },
} as const;
