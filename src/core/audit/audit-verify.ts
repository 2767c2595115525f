import type { Database } from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import {
  CHAIN_FORMAT,
  CHAIN_FORMAT_V2,
  GENESIS_HASH,
  shaFrom as shaFromOf,
  type AuditHead,
  type ChainBreakKind,
} from '../vault/audit-chain';
import type { SealAnchor, StoredSeal } from '../vault/audit-seals';
import { isSealedDetails } from './legacy-details';
import { Break, IDX, keysHead, type Against } from './chain-break';
import { lastEvent, linkBreak, linkHoldsByReference } from './chain-links';
import { loadSeals, SealState } from './seal-walk';
import { VerifyWorker, WorkerLost } from './verify-worker';

export type { Against };

export interface ChainVerification {
  ok: boolean;
  /** Events whose hash was recomputed and matched before the first break. */
  checked: number;
  /** The last event of the database (what it ends with, intact or not). */
  head: AuditHead;
  /** What the keys file says the chain ends with. */
  expected: AuditHead;
  firstBadSeq: number | null;
  kind: ChainBreakKind | null;
  /** Sealed version-1 details this reader holds no key for: linked by their stored hash, not recomputed. */
  sealedUnchecked?: number;
  /** Seals whose signature and head were checked (audit v2). */
  seals?: number;
  /** The seal or anchor the break contradicts. */
  contradicts?: Against | null;
  /** Why, in one English sentence (for the CLI and doctor). */
  reason?: string | null;
  /** Events written before the SHA-256 chain (HMAC-linked, checked with the DEK), and whether an admin sealed them. */
  version1Events?: number;
  version1SealedByAdmin?: boolean;
  /** Sessions cut short (a crash) whose last events were found and sealed by the next session. */
  crashLeft?: { sessionId: string; userId: string; events: number; foundBySeal: number }[];
  /** Events no seal covers yet: sessions still open (this one, or another process's), from this event on. */
  openTail?: { sessionId: string; userId: string; events: number; fromSeq: number }[];
}

/** Opens sealed details to the text their hash covers, or null without the key (legacy-details.ts). */
export type SealedDetailsOpener = (event: { seq: number; clientId: number | null; details: string }) => string | null;

/** What `verifyAuditChain` checks seals with (audit v2). */
export interface SealContext {
  vaultId: string;
  /** Every Ed25519 key ever certified to a user (Trust.signingKeysEver). */
  signingKeysEver(userId: string): Buffer[];
  /** Who may be a session's user: false for an id with no certificate. */
  roleOf(userId: string): string | null;
  /** Anchors found outside the database (keychain, keys file, a backup, a report), each named. */
  anchors: { source: 'keychain' | 'keys file' | 'backup file'; anchor: SealAnchor }[];
  /** Chain heads vouched for elsewhere (a signed audit export: `audit verify --anchor FILE`). */
  heads?: { source: 'evidence report' | 'backup file'; seq: number; hash: string }[];
}

/** Rows fetched at a time: chunks of 1,000 read faster than a row-by-row iterator, and than chunks of 5,000 (npm run bench). */
const VERIFY_CHUNK = 1000;

/** Version-1 rows (HMAC): every column in canonicalEvent()'s order, then the session and the stored hash. */
const SELECT_V1 = `SELECT seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, session_id, hash
  FROM audit_events WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ${VERIFY_CHUNK}`;
/**
 * SHA-256 rows: what the session bookkeeping reads (at IDX's places), the stored hash, and the
 * canonical event as SQLite's json_array writes it, which is JSON.stringify's text for what
 * LedgerVault stores and saves building it in JavaScript. Where the two could differ (a column's
 * type changed behind the app's back), a mismatch is decided by the reference: linkHoldsByReference.
 */
const SELECT_V2 = `SELECT seq, NULL, NULL, actor_id, NULL, NULL, action, NULL, NULL, NULL, NULL, NULL, session_id, hash,
  json_array(${CHAIN_FORMAT_V2}, seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, session_id)
  FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${VERIFY_CHUNK}`;
/** The same rows with every column, for a chunk SQLite cannot write as JSON (a BLOB put into a column). */
const SELECT_V2_ALL = `SELECT seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, session_id, hash
  FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${VERIFY_CHUNK}`;

/**
 * restic-style `check --read-data` for the audit log. Recomputes every link (HMAC under the DEK's
 * audit key before the SHA-256 chain began, SHA-256 after), checks every seal's signature against
 * its signer's certified keys and its head against the chain, checks that each event of a sealed
 * session was written in that session's user's name, and that the anchors found outside the
 * database (keys file, keychain) are present and unchanged. Reports the first bad event, what
 * kind of break it is, and the seal or anchor it contradicts.
 */
export function verifyAuditChain(
  db: Database,
  auditKey: Uint8Array,
  expected: AuditHead,
  openSealed: SealedDetailsOpener = () => null,
  sealContext: SealContext | null = null,
  names: (userId: string) => string = (id) => id,
): ChainVerification {
  try {
    return walkChain(db, auditKey, expected, openSealed, sealContext, names, true);
  } catch (err) {
    // The second thread failed or stalled: the same walk on one thread gives the same answer.
    if (err instanceof WorkerLost) return walkChain(db, auditKey, expected, openSealed, sealContext, names, false);
    throw err;
  }
}

function walkChain(
  db: Database,
  auditKey: Uint8Array,
  expected: AuditHead,
  openSealed: SealedDetailsOpener,
  sealContext: SealContext | null,
  names: (userId: string) => string,
  twoThreads: boolean,
): ChainVerification {
  let checked = 0;
  let sealedUnchecked = 0;
  let hashAtExpected: string | null = null;
  let prevHash = GENESIS_HASH;
  let expectSeq = 1;
  const shaFrom = shaFromOf(db);
  let seals: StoredSeal[] = [];
  let unreadable: Break | null = null;
  try {
    seals = sealContext ? loadSeals(db) : [];
  } catch (caught) {
    if (!(caught instanceof Break)) throw caught;
    unreadable = caught;
  }
  const state = new SealState(seals, sealContext, names);
  const result = (over: Partial<ChainVerification>): ChainVerification => ({
    ok: false,
    checked,
    head: lastEvent(db),
    expected,
    firstBadSeq: null,
    kind: null,
    seals: state.checkedSeals,
    version1Events: Number.isFinite(shaFrom) ? shaFrom - 1 : checked,
    version1SealedByAdmin: state.version1SealedByAdmin,
    ...over,
  });
  // A seal edited out of shape is the finding itself: nothing it would vouch for can be checked.
  if (unreadable)
    return result({
      firstBadSeq: unreadable.seq,
      kind: unreadable.kind,
      reason: unreadable.reason,
      contradicts: unreadable.contradicts,
    });
  let found: Break | null = null;
  let intact: ChainVerification | null = null;
  const worker = twoThreads ? VerifyWorker.start(lastEvent(db).seq, state.signatureJobs()) : null;
  try {
    if (!worker) state.checkSignatures();
    // The hot loop works on raw rows, in canonical column order, to reach hundreds of thousands
    // of events a second; chainHash()/chainHashV2() are the reference it must agree with (tested).
    const v1Rows = db.prepare<[number, number], unknown[]>(SELECT_V1).raw(true);
    const v2Rows = db.prepare<[number], unknown[]>(SELECT_V2).raw(true);
    const v2AllRows = db.prepare<[number], unknown[]>(SELECT_V2_ALL).raw(true);
    const v2Chunk = (from: number): unknown[][] => {
      try {
        return v2Rows.all(from);
      } catch {
        // What chainHashV2 would hash: the link check then fails (or holds) exactly as the reference's.
        return v2AllRows.all(from).map((row) => {
          row[IDX.canonical] = `[${CHAIN_FORMAT_V2},${JSON.stringify(row.slice(0, 13)).slice(1)}`;
          return row;
        });
      }
    };
    // From the lowest possible number: a row slipped in below 1 must be seen too.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const v1 = after + 1 < shaFrom;
      const rows = v1 ? v1Rows.all(after, shaFrom) : v2Chunk(after);
      if (rows.length === 0) {
        if (v1 && Number.isFinite(shaFrom)) {
          after = shaFrom - 1;
          continue;
        }
        break;
      }
      after = rows.at(-1)![0] as number;
      for (const row of rows) {
        const seq = row[IDX.seq] as number;
        if (seq !== expectSeq)
          throw new Break(expectSeq, 'deleted', `Event ${expectSeq} is missing: the next one is ${seq}.`);
        const hash = row[IDX.hash] as string;
        if (!v1) {
          const canonical = row[IDX.canonical] as string;
          // Shipped, the worker checks the link; the walk goes on from the stored hash either way.
          if (!worker?.ship(seq, hash, prevHash, canonical)) {
            const digest = createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonical).digest('hex');
            if (digest !== hash && !linkHoldsByReference(db, seq)) throw linkBreak(db, auditKey, shaFrom, seq);
          }
          state.event(row, seq);
        } else {
          const session = row[IDX.session];
          row.length = 12;
          if (session !== null)
            throw new Break(seq, 'inserted', `Event ${seq} names a session in the version-1 part of the chain.`);
          if (isSealedDetails(row[IDX.details])) {
            // Details the version-2 upgrade sealed (audit/legacy-details.ts): the hash covers the
            // original text, which only a holder of the key can check; the chain goes on past it.
            let original: string | null;
            try {
              original = openSealed({
                seq,
                clientId: row[IDX.clientId] as number | null,
                details: row[IDX.details] as string,
              });
            } catch {
              throw new Break(seq, 'edited', `The sealed details of event ${seq} do not open.`);
            }
            if (original === null) {
              sealedUnchecked += 1;
              if (seq === expected.seq) hashAtExpected = hash;
              state.reached(seq, hash, db);
              prevHash = hash;
              expectSeq += 1;
              continue;
            }
            row[IDX.details] = original;
          }
          const digest = createHmac('sha256', auditKey)
            .update(Buffer.from(prevHash, 'hex'))
            .update(`[${CHAIN_FORMAT},${JSON.stringify(row).slice(1)}`)
            .digest('hex');
          if (digest !== hash) throw linkBreak(db, auditKey, shaFrom, seq);
        }
        if (seq === expected.seq) hashAtExpected = hash;
        state.reached(seq, hash, db);
        prevHash = hash;
        expectSeq += 1;
        checked += 1;
      }
    }
    const head = { seq: expectSeq - 1, hash: prevHash };
    state.finish(head, db);
    if (head.seq < expected.seq) {
      // Cut off the end of this database, or an older copy of the whole file?
      const highWater = Number(
        (
          db.prepare(`SELECT value FROM vault_meta WHERE key = 'audit_high_water'`).get() as
            { value: string } | undefined
        )?.value ?? 0,
      );
      const kind = highWater > head.seq ? 'truncated' : 'rolled_back';
      throw new Break(
        head.seq + 1,
        kind,
        `The log ends at event ${head.seq}, but the keys file says ${expected.seq}.`,
        keysHead(expected.seq),
      );
    }
    if (expected.seq > 0 && hashAtExpected !== expected.hash) {
      throw new Break(
        expected.seq,
        'rolled_back',
        `Event ${expected.seq} is not the one the keys file names.`,
        keysHead(expected.seq),
      );
    }
    const unchecked = sealedUnchecked > 0 ? { sealedUnchecked } : {};
    intact = result({
      ok: true,
      head,
      ...unchecked,
      crashLeft: state.crashLeft,
      openTail: state.openTail(),
      reason: null,
      contradicts: null,
    });
  } catch (caught) {
    if (!(caught instanceof Break)) {
      worker?.stop();
      throw caught;
    }
    found = caught;
  }
  if (worker) {
    // What the worker found comes first, as it would have on one thread: the signatures were
    // checked before the walk, and a shipped link before anything else about its event.
    const outcome = worker.finish();
    try {
      state.checkSignatures(outcome.sealValid);
      if (outcome.firstBadLink !== null) {
        // SQLite's text and the reference disagree only where a column was retyped: one thread decides.
        if (linkHoldsByReference(db, outcome.firstBadLink)) throw new WorkerLost('the canonical text differs');
        checked = outcome.firstBadLink - 1 - sealedUnchecked;
        state.stopAt(outcome.firstBadLink);
        found = linkBreak(db, auditKey, shaFrom, outcome.firstBadLink);
      }
    } catch (caught) {
      if (!(caught instanceof Break)) throw caught;
      checked = 0;
      state.stopAt(Number.MIN_SAFE_INTEGER);
      found = caught;
    }
  }
  if (!found) return intact!;
  let err = found;
  // A break at a seal, or a link that no longer holds (a chain rebuilt with the wrong function):
  // the earliest seal the chain now contradicts tells more, when there is one.
  if (!err.contradicts || err.contradicts.source === 'seal') err = state.earliestContradicted(db) ?? err;
  return result({ firstBadSeq: err.seq, kind: err.kind, reason: err.reason, contradicts: err.contradicts });
}
