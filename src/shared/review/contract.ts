/** Access reviews (issue 17, Build 2): rounds in which every per-client grant is confirmed or revoked. */
import { z } from 'zod';
import type { Role } from '../access/roles';
import { empty, id, out, username } from '../schema-kit';

export const REVIEW_DECISIONS = ['confirmed', 'revoked', 'gone'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewItemView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  clientId: number;
  /** Null when the viewer does not hold the client's key: shown by number. */
  clientName: string | null;
  canWrite: boolean;
  grantedAt: string;
  /** The manager asked to decide it, or null: the admins. */
  assignee: string | null;
  decision: ReviewDecision | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** The signed-in user may decide it now. */
  mine: boolean;
}

export interface ReviewRoundView {
  id: number;
  /** Beijing calendar day. */
  dueDate: string;
  startedAt: string;
  startedBy: string;
  closedAt: string | null;
  total: number;
  decided: number;
  revoked: number;
  /** Open past its due date. */
  overdue: boolean;
}

export interface ReviewView {
  /** The open round and its items, or null. */
  open: ReviewRoundView | null;
  items: ReviewItemView[];
  /** Every round, newest first (at most 20). */
  rounds: ReviewRoundView[];
  /** Admins: may start a round (none is open), and the managers they may name as reviewer. */
  canStart: boolean;
  reviewers: { username: string; displayName: string }[];
}

export const reviewStart = z.strictObject({
  dueDate: z.iso.date(),
  /** A manager who decides the accountants' grants; the admins decide the rest (and may decide any). */
  reviewer: username.nullable().optional(),
});
export type ReviewStart = z.infer<typeof reviewStart>;

export const reviewDecide = z.strictObject({ itemId: id, decision: z.enum(['confirm', 'revoke']) });
export type ReviewDecide = z.infer<typeof reviewDecide>;

export const reviewContract = {
  'review:get': { input: empty, output: out<ReviewView>() },
  'review:start': { input: reviewStart, output: out<ReviewView>() },
  'review:decide': { input: reviewDecide, output: out<ReviewView>() },
} as const;
