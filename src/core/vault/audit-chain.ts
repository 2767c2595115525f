import os from 'node:os';
import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../crypto/canonical-json';
import { createHash } from 'node:crypto';
import { hkdfSha256, hmacSha256 } from '../crypto/primitives';

import type { AuditOutcome } from '../../shared/audit/contract';

export type { AuditOutcome };

export interface AuditEventInput {
  action: string;
  actorId: string | null;
  actorName: string;
  outcome?: AuditOutcome;
  targetType?: string | null;
  targetId?: string | null;
  clientId?: number | null;
  /** Plain data. Never a password, a key or a full account number. */
  details?: Record<string, unknown>;
  /** For events that happened earlier (moved in from the pending file). */
  at?: string;
  /** The session writing it (audit v2); null for setup events written outside a session. */
  sessionId?: string | null;
}

export interface AuditRow {
  seq: number;
  at: string;
  tz: string;
  actorId: string | null;
  actorName: string;
  workstation: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  clientId: number | null;
  outcome: AuditOutcome;
  details: string;
  hash: string;
  sessionId: string | null;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Version of the canonical event encoding, the first element of what each HMAC covers. */
export const CHAIN_FORMAT = 1;
/**
 * Audit v2: `hash = SHA-256(previous hash || canonical event)`, checkable without a secret (the
 * version-1 HMAC was keyed from the DEK, which every staff member holds, so any of them could
 * rebuild it). Seals (src/core/audit/seals.ts) make it tamper-evident.
 */
export const CHAIN_FORMAT_V2 = 2;
/** vault_meta key: the first event hashed with SHA-256 (migration 0007 sets it); below it, HMAC. */
export const SHA_FROM_META = 'audit_sha_from';

export function deriveAuditKey(dek: Uint8Array, vaultId: string): Buffer {
  return hkdfSha256(dek, vaultId, 'ledgervault/v1/audit-chain');
}

// Both are asked once per process: Intl.DateTimeFormat() alone costs more than the whole append.
let cachedWorkstation: string | null = null;
let cachedZone: string | null = null;

export function workstationName(): string {
  cachedWorkstation ??= os.hostname();
  return cachedWorkstation;
}

export function localTimeZone(): string {
  cachedZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return cachedZone;
}

type ChainedFields = Omit<AuditRow, 'hash' | 'sessionId'> & { sessionId?: string | null };

/** Every column but the hash and the session, in the fixed order both chain formats use. */
function chainedColumns(row: ChainedFields): unknown[] {
  return [
    row.seq,
    row.at,
    row.tz,
    row.actorId,
    row.actorName,
    row.workstation,
    row.action,
    row.targetType,
    row.targetId,
    row.clientId,
    row.outcome,
    row.details,
  ];
}

/** The bytes an event's HMAC covers: every column but the hash, in a fixed order. */
export function canonicalEvent(row: ChainedFields): Buffer {
  return Buffer.from(JSON.stringify([CHAIN_FORMAT, ...chainedColumns(row)]), 'utf8');
}

export function chainHash(auditKey: Uint8Array, previousHash: string, row: ChainedFields): string {
  return hmacSha256(auditKey, Buffer.from(previousHash, 'hex'), canonicalEvent(row)).toString('hex');
}

/** The bytes a version-2 hash covers: every column but the hash, the session included, in a fixed order. */
export function canonicalEventV2(row: ChainedFields): string {
  return JSON.stringify([CHAIN_FORMAT_V2, ...chainedColumns(row), row.sessionId ?? null]);
}

export function chainHashV2(previousHash: string, row: ChainedFields): string {
  return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(canonicalEventV2(row)).digest('hex');
}

/**
 * What a seal lists for each event of its span: a hash of the event without its number and link,
 * so that `audit verify` can tell an event that moved (others were deleted or inserted before it)
 * from one that was edited.
 */
export function eventContentHash(row: ChainedFields): string {
  const [, , ...content] = JSON.parse(canonicalEventV2(row)) as unknown[];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/** The hash of an event at `seq`, by the chain format in force there. */
export function hashAt(db: Database, auditKey: Uint8Array, previousHash: string, row: ChainedFields): string {
  return row.seq >= shaFrom(db) ? chainHashV2(previousHash, row) : chainHash(auditKey, previousHash, row);
}

const shaFromCache = new WeakMap<Database, number>();

/** The first event of the SHA-256 chain (Infinity where no migration set it: version 1 only). */
export function shaFrom(db: Database): number {
  let v = shaFromCache.get(db);
  if (v === undefined) {
    const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(SHA_FROM_META) as
      { value: string } | undefined;
    v = row ? Number(row.value) : Infinity;
    shaFromCache.set(db, v);
  }
  return v;
}

const statements = new WeakMap<Database, ReturnType<typeof prepare>>();

/**
 * Each statement prepared at its first use: reading the head must work on a version-1 database
 * before its migrations have run (the upgrade reads it), where the insert's columns do not exist yet.
 */
function prepare(db: Database) {
  let head: Statement<[], { seq: number; hash: string }> | null = null;
  let highWater: Statement | null = null;
  let insert: Statement | null = null;
  return {
    get head() {
      head ??= db.prepare<[], { seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
      );
      return head;
    },
    get highWater() {
      highWater ??= db.prepare(
        `INSERT INTO vault_meta (key, value) VALUES ('audit_high_water', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      );
      return highWater;
    },
    get insert() {
      insert ??= db.prepare(
        `INSERT INTO audit_events (seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash, session_id)
       VALUES (@seq, @at, @tz, @actorId, @actorName, @workstation, @action, @targetType, @targetId, @clientId, @outcome, @details, @hash, @sessionId)`,
      );
      return insert;
    },
  };
}

function stmts(db: Database) {
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  return s;
}

export function readAuditHead(db: Database): AuditHead {
  return stmts(db).head.get() ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends one event to the chain. Call it inside the transaction of the change it describes:
 * if the change rolls back, so does its event, and a failed append aborts the change.
 */
export function appendAuditEvent(db: Database, auditKey: Uint8Array, input: AuditEventInput): AuditRow {
  if (!db.inTransaction) throw new Error('audit events are written inside the transaction of their change');
  const s = stmts(db);
  const head = s.head.get() ?? { seq: 0, hash: GENESIS_HASH };
  const row: Omit<AuditRow, 'hash'> = {
    seq: head.seq + 1,
    sessionId: input.sessionId ?? null,
    at: input.at ?? new Date().toISOString(),
    tz: localTimeZone(),
    actorId: input.actorId,
    actorName: input.actorName,
    workstation: workstationName(),
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    clientId: input.clientId ?? null,
    outcome: input.outcome ?? 'ok',
    details: canonicalJson(input.details ?? {}),
  };
  const full: AuditRow = { ...row, hash: hashAt(db, auditKey, head.hash, row) };
  s.insert.run(full);
  // The highest sequence number ever written: events cut off the end of this database show as a
  // head below it (truncated), while an older copy of the whole file agrees with itself (rolled back).
  s.highWater.run(String(full.seq));
  return full;
}

export type ChainBreakKind = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated' | 'rolled_back';
