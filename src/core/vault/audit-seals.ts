/**
 * Audit seals (security model v2, "Audit v2"). A seal is a staff member's Ed25519 signature over
 * the chain head at the end of a span of their session: opened, closed, daily while it stays
 * unlocked, and at a backup. The chain's SHA-256 links need no secret, so anyone can recompute
 * them; what nobody can do is rebuild them past another person's seal, or past the newest seal
 * this workstation's keychain and the keys file remember (vault/audit-anchor.ts).
 *
 * Each seal lists the events its session wrote since its previous seal, as `seq:content-hash`,
 * so that `audit verify` can say which event was deleted, inserted, edited or moved, not only
 * that a span no longer matches.
 */
import { isAlive } from '../fs/process-alive';
import { z } from 'zod';
import { integrityError } from '../errors';
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical-json';
import { signStatement, statementSignatureValid } from '../crypto/signed-statement';
import { eventContentHash, readAuditHead, workstationName, type AuditRow } from './audit-chain';
import type { SqliteDb } from './database';

export const SEAL_STATEMENT = 'audit-seal';
export const SEAL_FORMAT = 'ledgervault-audit-seal/1';

/** Why a span was sealed. 'chain-upgrade' is an admin's signature over the last version-1 (HMAC) head. */
export const SEAL_KINDS = ['open', 'close', 'daily', 'backup', 'chain-upgrade'] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

/** An unlocked session seals again after this long, whatever else happens (the "daily" seal). */
export const DAILY_SEAL_MS = 24 * 60 * 60_000;

export const sealBodySchema = z.strictObject({
  format: z.literal(SEAL_FORMAT),
  vaultId: z.string(),
  sessionId: z.string(),
  kind: z.enum(SEAL_KINDS),
  /** The first event of the span (the session's first since its previous seal), or lastSeq + 1 when it wrote none. */
  firstSeq: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  /** The chain hash of event lastSeq: every event up to it, of any session, as it stood. */
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  sealedAt: z.string(),
  /** Whose events the session wrote (the signed-in user). */
  userId: z.string(),
  /** Whose certified key signed: the user, or the recovery identity while a recovery runs. */
  signerId: z.string(),
  workstation: z.string(),
  /** `seq:content-hash` of each event this session wrote in the span. */
  events: z.array(z.string()),
  /** 'open' only: other sessions with events not yet sealed at this moment (still open elsewhere, or cut short). */
  unsealed: z.array(z.string()).optional(),
  /** 'open' only: those of `unsealed` that ended without sealing (a crash): this seal vouches that they were found so. */
  recovered: z.array(z.string()).optional(),
});
export type SealBody = z.infer<typeof sealBodySchema>;

export interface StoredSeal {
  id: number;
  body: SealBody;
  signature: string;
  /** The body as stored: its canonical JSON, exactly the bytes the signature covers after the label. */
  raw?: string;
}

/** The newest seal, as the keys file and the keychain keep it. */
export interface SealAnchor {
  sealId: number;
  lastSeq: number;
  headHash: string;
  userId: string;
  sealedAt: string;
  signature: string;
}

export function anchorOf(seal: StoredSeal): SealAnchor {
  return {
    sealId: seal.id,
    lastSeq: seal.body.lastSeq,
    headHash: seal.body.headHash,
    userId: seal.body.userId,
    sealedAt: seal.body.sealedAt,
    signature: seal.signature,
  };
}

/** vault_meta key: the sessions that have opened and not yet closed (JSON list). */
const OPEN_SESSIONS_META = 'audit_open_sessions';

interface OpenSessionEntry {
  id: string;
  userId: string;
  workstation: string;
  pid: number;
}

/** Sessions of this process that are open right now: a session id in the list but not here died with its process, or was never locked. */
const liveHere = new Set<string>();

export function markSessionLive(sessionId: string, live: boolean): void {
  if (live) liveHere.add(sessionId);
  else liveHere.delete(sessionId);
}

function isSessionAlive(entry: OpenSessionEntry): boolean {
  if (entry.workstation !== workstationName()) return true; // cannot tell from here: treat as open
  if (entry.pid === process.pid) return liveHere.has(entry.id);
  return isAlive(entry.pid);
}

/** Sessions registered as open whose process is gone (cut short by a crash): the next 'open' seal takes them in. */
export function cutShortSessions(db: SqliteDb, exceptSessionId: string): { id: string; userId: string }[] {
  return readOpenSessions(db)
    .filter((s) => s.id !== exceptSessionId && !isSessionAlive(s))
    .map((s) => ({ id: s.id, userId: s.userId }));
}

function readOpenSessions(db: SqliteDb): OpenSessionEntry[] {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(OPEN_SESSIONS_META) as
    { value: string } | undefined;
  if (!row) return [];
  try {
    const list = JSON.parse(row.value) as OpenSessionEntry[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function writeOpenSessions(db: SqliteDb, list: OpenSessionEntry[]): void {
  db.prepare(
    'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(OPEN_SESSIONS_META, JSON.stringify(list));
}

export interface SealSigner {
  vaultId: string;
  sessionId: string;
  userId: string;
  signerId: string;
  /** The signer's raw Ed25519 private key (the caller's; not kept). */
  ed25519Private: Uint8Array;
}

const SELECT_OWN = `SELECT seq, at, tz, actor_id AS actorId, actor_name AS actorName, workstation, action,
  target_type AS targetType, target_id AS targetId, client_id AS clientId, outcome, details, session_id AS sessionId
  FROM audit_events WHERE session_id = ? AND seq > ? ORDER BY seq`;

function lastSealOf(db: SqliteDb, sessionId: string): StoredSeal | null {
  const row = db
    .prepare('SELECT id, body, signature FROM audit_seals WHERE session_id = ? ORDER BY id DESC LIMIT 1')
    .get(sessionId) as { id: number; body: string; signature: string } | undefined;
  return row ? parseSeal(row) : null;
}

export function parseSeal(row: { id: number; body: string; signature: string }): StoredSeal {
  let json: unknown;
  try {
    json = JSON.parse(row.body);
  } catch {
    throw integrityError(`Audit seal ${row.id} is not readable: it was edited.`);
  }
  const parsed = sealBodySchema.safeParse(json);
  if (!parsed.success) throw integrityError(`Audit seal ${row.id} is malformed: it was edited.`);
  return { id: row.id, body: parsed.data, signature: row.signature, raw: row.body };
}

/** What precedes a seal's stored body in the bytes its signature covers (verify-worker.ts signs nothing, checks the same). */
export const SEAL_LABEL = Buffer.from(`LedgerVault v2 ${SEAL_STATEMENT}\0`, 'utf8');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A raw Ed25519 public key as the DER SubjectPublicKeyInfo node:crypto imports. */
export function ed25519Spki(ed25519Public: Uint8Array): Buffer {
  return Buffer.concat([SPKI_ED25519, ed25519Public]);
}

/**
 * For `audit verify`, which checks tens of thousands of seals: public keys imported once, and the
 * signature checked over the stored body itself. That is sound because seals are stored as the
 * canonical JSON they were signed as: a stored body that differs in any byte fails.
 */
export class SealVerifier {
  private readonly keys = new Map<string, KeyObject>();

  valid(seal: StoredSeal, ed25519Public: Buffer): boolean {
    if (seal.raw === undefined) return sealSignatureValid(seal, ed25519Public);
    const hex = ed25519Public.toString('hex');
    let key = this.keys.get(hex);
    if (!key) {
      try {
        key = createPublicKey({ key: ed25519Spki(ed25519Public), format: 'der', type: 'spki' });
      } catch {
        return false;
      }
      this.keys.set(hex, key);
    }
    const signature = Buffer.from(seal.signature, 'base64');
    if (signature.length !== 64) return false;
    return verifySignature(null, Buffer.concat([SEAL_LABEL, Buffer.from(seal.raw, 'utf8')]), key, signature);
  }
}

export function sealSignatureValid(seal: StoredSeal, ed25519Public: Uint8Array): boolean {
  return statementSignatureValid(SEAL_STATEMENT, seal.body, Buffer.from(seal.signature, 'base64'), ed25519Public);
}

/**
 * Writes a seal of the session's span so far, inside the caller's transaction. An 'open' seal
 * also registers the session as open and records every other session whose events are still
 * unsealed, saying which of them ended without a seal (a crash): those are vouched for as found,
 * and leave the list. A 'close' seal takes the session off it.
 */
export function writeSeal(db: SqliteDb, signer: SealSigner, kind: SealKind, now: Date = new Date()): StoredSeal {
  if (!db.inTransaction) throw new Error('a seal is written inside the transaction of the events it covers');
  const previous = lastSealOf(db, signer.sessionId);
  const own = db.prepare(SELECT_OWN).all(signer.sessionId, previous?.body.lastSeq ?? 0) as Omit<AuditRow, 'hash'>[];
  const head = readAuditHead(db);
  const body: SealBody = {
    format: SEAL_FORMAT,
    vaultId: signer.vaultId,
    sessionId: signer.sessionId,
    kind,
    firstSeq: own[0]?.seq ?? head.seq + 1,
    lastSeq: head.seq,
    headHash: head.hash,
    sealedAt: now.toISOString(),
    userId: signer.userId,
    signerId: signer.signerId,
    workstation: workstationName(),
    events: own.map((e) => `${e.seq}:${eventContentHash(e)}`),
  };
  let open = readOpenSessions(db);
  if (kind === 'open') {
    const others = open.filter((s) => s.id !== signer.sessionId);
    const unsealed = others.map((s) => s.id);
    const recovered = others.filter((s) => !isSessionAlive(s)).map((s) => s.id);
    body.unsealed = unsealed;
    body.recovered = recovered;
    open = [
      ...others.filter((s) => !recovered.includes(s.id)),
      { id: signer.sessionId, userId: signer.userId, workstation: workstationName(), pid: process.pid },
    ];
    writeOpenSessions(db, open);
  } else if (kind === 'close') {
    writeOpenSessions(
      db,
      open.filter((s) => s.id !== signer.sessionId),
    );
  }
  const signature = signStatement(SEAL_STATEMENT, body, signer.ed25519Private).toString('base64');
  const info = db
    .prepare('INSERT INTO audit_seals (session_id, kind, user_id, last_seq, body, signature) VALUES (?, ?, ?, ?, ?, ?)')
    .run(signer.sessionId, kind, signer.userId, body.lastSeq, canonicalJson(body), signature);
  return { id: Number(info.lastInsertRowid), body, signature };
}

/**
 * The seal over the last version-1 (HMAC) head, by an admin (issue 12, Build 1): the part of the
 * chain written before SHA-256 links stays checkable with the DEK, and from this seal on nobody
 * holding the DEK can rebuild it unnoticed. Written once, at the first admin session after the
 * upgrade; the version-1 part of the chain is what it covers.
 */
export function writeChainUpgradeSeal(
  db: SqliteDb,
  signer: SealSigner,
  shaFrom: number,
  now = new Date(),
): StoredSeal | null {
  if (!Number.isFinite(shaFrom) || shaFrom <= 1) return null;
  const done = db.prepare(`SELECT 1 FROM audit_seals WHERE kind = 'chain-upgrade' LIMIT 1`).get();
  if (done) return null;
  const v1Head = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(shaFrom - 1) as
    { hash: string } | undefined;
  if (!v1Head) return null;
  const body: SealBody = {
    format: SEAL_FORMAT,
    vaultId: signer.vaultId,
    sessionId: signer.sessionId,
    kind: 'chain-upgrade',
    firstSeq: 1,
    lastSeq: shaFrom - 1,
    headHash: v1Head.hash,
    sealedAt: now.toISOString(),
    userId: signer.userId,
    signerId: signer.signerId,
    workstation: workstationName(),
    events: [],
  };
  const signature = signStatement(SEAL_STATEMENT, body, signer.ed25519Private).toString('base64');
  const info = db
    .prepare('INSERT INTO audit_seals (session_id, kind, user_id, last_seq, body, signature) VALUES (?, ?, ?, ?, ?, ?)')
    .run(signer.sessionId, 'chain-upgrade', signer.userId, body.lastSeq, canonicalJson(body), signature);
  return { id: Number(info.lastInsertRowid), body, signature };
}

/**
 * The newest seal as the keys file mirrors it, read after every commit: its columns and two fields
 * of its body, without parsing the whole body (which lists the span's events). What it says is
 * checked where it counts, against the signed seal, by sign-in and verify.
 */
export function newestSealAnchor(db: SqliteDb): SealAnchor | null {
  const row = db
    .prepare(
      `SELECT id AS sealId, last_seq AS lastSeq, user_id AS userId, signature,
         json_extract(body, '$.headHash') AS headHash, json_extract(body, '$.sealedAt') AS sealedAt
       FROM audit_seals ORDER BY id DESC LIMIT 1`,
    )
    .get() as SealAnchor | undefined;
  // A body edited out of shape is verify's to report; the keys file keeps only well-formed copies.
  if (!row || typeof row.headHash !== 'string' || !/^[0-9a-f]{64}$/.test(row.headHash)) return null;
  return typeof row.sealedAt === 'string' ? row : null;
}

export function newestSeal(db: SqliteDb): StoredSeal | null {
  const row = db.prepare('SELECT id, body, signature FROM audit_seals ORDER BY id DESC LIMIT 1').get() as
    { id: number; body: string; signature: string } | undefined;
  return row ? parseSeal(row) : null;
}

export function sealById(db: SqliteDb, id: number): StoredSeal | null {
  const row = db.prepare('SELECT id, body, signature FROM audit_seals WHERE id = ?').get(id) as
    { id: number; body: string; signature: string } | undefined;
  return row ? parseSeal(row) : null;
}

export function allSeals(db: SqliteDb): StoredSeal[] {
  return (
    db.prepare('SELECT id, body, signature FROM audit_seals ORDER BY id').all() as {
      id: number;
      body: string;
      signature: string;
    }[]
  ).map(parseSeal);
}
