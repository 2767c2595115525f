import os from 'node:os';
import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../crypto/canonical-json';
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
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Version of the canonical event encoding, the first element of what each HMAC covers. */
export const CHAIN_FORMAT = 1;

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

/** The bytes an event's HMAC covers: every column but the hash, in a fixed order. */
export function canonicalEvent(row: Omit<AuditRow, 'hash'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      CHAIN_FORMAT,
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
    ]),
    'utf8',
  );
}

export function chainHash(auditKey: Uint8Array, previousHash: string, row: Omit<AuditRow, 'hash'>): string {
  return hmacSha256(auditKey, Buffer.from(previousHash, 'hex'), canonicalEvent(row)).toString('hex');
}

const statements = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return {
    head: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
    highWater: db.prepare(
      `INSERT INTO vault_meta (key, value) VALUES ('audit_high_water', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ),
    insert: db.prepare(
      `INSERT INTO audit_events (seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash)
       VALUES (@seq, @at, @tz, @actorId, @actorName, @workstation, @action, @targetType, @targetId, @clientId, @outcome, @details, @hash)`,
    ),
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
  const full: AuditRow = { ...row, hash: chainHash(auditKey, head.hash, row) };
  s.insert.run(full);
  // The highest sequence number ever written: events cut off the end of this database show as a
  // head below it (truncated), while an older copy of the whole file agrees with itself (rolled back).
  s.highWater.run(String(full.seq));
  return full;
}

export type ChainBreakKind = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'rolled_back';
