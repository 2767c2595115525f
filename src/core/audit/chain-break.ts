/**
 * What a broken audit chain is reported as: the first bad event, its kind, why, and the seal or
 * anchor it contradicts (audit-verify.ts and its helpers throw a Break; the walk turns it into
 * the report).
 */
import type { ChainBreakKind } from '../vault/audit-chain';
import type { StoredSeal } from '../vault/audit-seals';
import type { AuditAgainst as Against } from '../../shared/audit/contract';

export type { AuditAgainst as Against } from '../../shared/audit/contract';

/** The raw row's columns, as SELECT_V1 and SELECT_V2 (audit-verify.ts) return them. */
export const IDX = {
  seq: 0,
  actorId: 3,
  actorName: 4,
  action: 6,
  clientId: 9,
  details: 11,
  session: 12,
  hash: 13,
  /** The canonical event SQLite builds for a SHA-256 row (audit-verify.ts, SELECT_V2). */
  canonical: 14,
} as const;

/** Every column of an event, named as AuditRow names them. */
export const SELECT_ALL = `SELECT seq, at, tz, actor_id AS actorId, actor_name AS actorName, workstation, action, target_type AS targetType,
  target_id AS targetId, client_id AS clientId, outcome, details, session_id AS sessionId, hash FROM audit_events ORDER BY seq`;

export class Break extends Error {
  constructor(
    readonly seq: number,
    readonly kind: ChainBreakKind,
    readonly reason: string,
    readonly contradicts: Against | null = null,
  ) {
    super(reason);
  }
}

export function describeSeal(seal: StoredSeal, names: (id: string) => string): Against {
  const user = names(seal.body.userId);
  return {
    source: 'seal',
    sealId: seal.id,
    user,
    sealedAt: seal.body.sealedAt,
    lastSeq: seal.body.lastSeq,
    text: `seal ${seal.id} (${seal.body.kind}, by ${user} at ${seal.body.sealedAt}, over events up to ${seal.body.lastSeq})`,
  };
}

export function keysHead(seq: number): Against {
  return {
    source: 'keys file',
    sealId: null,
    user: null,
    sealedAt: null,
    lastSeq: seq,
    text: `the keys file's audit head (event ${seq})`,
  };
}
