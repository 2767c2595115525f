/**
 * The seal side of `audit verify` (audit-verify.ts): while the walk links events, this follows
 * sessions and seals, and when a seal no longer holds, says what happened from its list of events.
 */
import type { Database } from 'better-sqlite3';
import type { AuditHead } from '../vault/audit-chain';
import { parseSeal, SealVerifier, type StoredSeal } from '../vault/audit-seals';
import { Break, describeSeal, IDX, type Against } from './chain-break';
import { diagnoseSeal } from './seal-diagnosis';
import type { ChainVerification, SealContext } from './audit-verify';
import type { SealJob } from './verify-worker';

/** Events written outside any session: vault creation, the version-2 upgrade, a recovery's setup. */
const SETUP_ACTIONS = new Set(['vault.create', 'user.create', 'vault.upgrade', 'user.resetPassword', 'vault.recover']);
/** Events a session writes in nobody's name: what happened while the vault was locked, moved in at unlock. */
const UNATTRIBUTED_ACTIONS = new Set(['auth.signin', 'auth.lockout', 'vault.doctor']);

export function loadSeals(db: Database): StoredSeal[] {
  const rows = db.prepare('SELECT id, body, signature, last_seq AS lastSeq FROM audit_seals ORDER BY id').all() as {
    id: number;
    body: string;
    signature: string;
    lastSeq: unknown;
  }[];
  return rows.map((r) => {
    try {
      return parseSeal(r);
    } catch {
      // Its own numbers are unreadable too; the column the seal was filed under says roughly where.
      const near = typeof r.lastSeq === 'number' && Number.isSafeInteger(r.lastSeq) ? Math.max(1, r.lastSeq) : 1;
      throw new Break(near, 'edited', `Audit seal ${r.id} is not readable: it was edited.`, {
        source: 'seal',
        sealId: r.id,
        user: null,
        sealedAt: null,
        lastSeq: null,
        text: `seal ${r.id}`,
      });
    }
  });
}

/** What the walk knows of sessions and seals while it goes. */
export class SealState {
  /** The event each checked seal ends at, in the order the walk checked them. */
  private readonly checkedAt: number[] = [];
  version1SealedByAdmin = false;
  readonly crashLeft: NonNullable<ChainVerification['crashLeft']> = [];
  private readonly byLast = new Map<number, StoredSeal[]>();
  /** Session -> its user, from its 'open' seal. */
  private readonly userOf = new Map<string, string>();
  /** Session -> the seal after which it may write no more (its 'close', or the seal that found it cut short). */
  private readonly endedAt = new Map<string, number>();
  /** Session -> events since its last seal, and the first of them. */
  private readonly unsealed = new Map<string, { count: number; from: number }>();
  /** The last event every seal up to it vouches for. */
  private lastGood = 0;
  private orderBreak: Break | null = null;

  constructor(
    private readonly seals: StoredSeal[],
    private readonly ctx: SealContext | null,
    private readonly names: (id: string) => string,
  ) {
    let lastSeq = -1;
    for (const seal of seals) {
      // Reported only if the walk finds nothing more telling (a seal re-signed over a rebuilt
      // chain ends "too early" because events before it were deleted: the walk names those).
      if (seal.body.lastSeq < lastSeq && seal.body.kind !== 'chain-upgrade' && !this.orderBreak)
        this.orderBreak = new Break(
          seal.body.lastSeq + 1,
          'reordered',
          `Seal ${seal.id} ends before the seal written before it.`,
          describeSeal(seal, names),
        );
      if (seal.body.kind !== 'chain-upgrade') lastSeq = seal.body.lastSeq;
      const at = this.byLast.get(seal.body.lastSeq);
      if (at) at.push(seal);
      else this.byLast.set(seal.body.lastSeq, [seal]);
      if (seal.body.kind === 'open') this.userOf.set(seal.body.sessionId, seal.body.userId);
    }
  }

  get checkedSeals(): number {
    return this.checkedAt.length;
  }

  /**
   * The walk went past an event the worker then found broken (or past a bad signature): the
   * report counts only the seals a one-thread walk would have checked before stopping there.
   */
  stopAt(seq: number): void {
    while (this.checkedAt.length > 0 && this.checkedAt.at(-1)! >= seq) this.checkedAt.pop();
  }

  /** Each seal with the keys its signature may be under, in order (for the verify worker). */
  signatureJobs(): SealJob[] {
    if (!this.ctx) return [];
    return this.seals.map((seal) => ({ seal, keys: this.keysOf(seal.body.signerId) }));
  }

  /**
   * Every seal must belong to this vault, be signed by a key certified to its user (or by the
   * recovery identity) and name a user who holds a certificate; the first that fails, in order,
   * is the finding. `signed` gives the signature checks a worker already did.
   */
  checkSignatures(signed?: (i: number) => boolean): void {
    if (!this.ctx) return;
    const verifier = new SealVerifier();
    this.seals.forEach((seal, i) => {
      const b = seal.body;
      if (b.vaultId !== this.ctx!.vaultId)
        throw new Break(
          b.firstSeq,
          'inserted',
          `Seal ${seal.id} belongs to another vault.`,
          describeSeal(seal, this.names),
        );
      const signerOk = b.signerId === b.userId || b.signerId === 'recovery';
      const valid = signed ? signed(i) : this.keysOf(b.signerId).some((k) => verifier.valid(seal, k));
      if (!signerOk || !valid) {
        throw new Break(
          Math.max(1, b.firstSeq),
          'edited',
          `Seal ${seal.id} is not signed by a key certified to its user: it was forged or edited.`,
          describeSeal(seal, this.names),
        );
      }
      if (b.kind === 'chain-upgrade' && this.ctx!.roleOf(b.userId) === 'admin') this.version1SealedByAdmin = true;
      if (this.ctx!.roleOf(b.userId) === null)
        throw new Break(
          b.firstSeq,
          'inserted',
          `Seal ${seal.id} names a user with no certificate.`,
          describeSeal(seal, this.names),
        );
    });
  }

  private readonly keysCache = new Map<string, Buffer[]>();

  private keysOf(signerId: string): Buffer[] {
    let keys = this.keysCache.get(signerId);
    if (!keys) {
      keys = this.ctx!.signingKeysEver(signerId);
      this.keysCache.set(signerId, keys);
    }
    return keys;
  }

  /** Per event of the SHA-256 chain: whose session wrote it, and in whose name. */
  event(row: unknown[], seq: number): void {
    if (!this.ctx) return;
    const session = row[IDX.session] as string | null;
    const action = row[IDX.action] as string;
    if (session === null) {
      if (!SETUP_ACTIONS.has(action))
        throw new Break(
          seq,
          'inserted',
          `Event ${seq} (${action}) belongs to no session: it was added outside LedgerVault.`,
        );
      return;
    }
    const user = this.userOf.get(session);
    if (user === undefined)
      throw new Break(
        seq,
        'inserted',
        `Event ${seq} (${action}) names a session no seal opened: it was added outside LedgerVault.`,
      );
    const actor = row[IDX.actorId] as string | null;
    if (actor !== null && actor !== user) {
      throw new Break(
        seq,
        'inserted',
        `Event ${seq} (${action}) is in the name of ${this.names(actor)} but was written in a session of ${this.names(user)}.`,
      );
    }
    if (actor === null && !UNATTRIBUTED_ACTIONS.has(action))
      throw new Break(
        seq,
        'inserted',
        `Event ${seq} (${action}) names no user, which only a locked-vault event may do.`,
      );
    const ended = this.endedAt.get(session);
    if (ended !== undefined)
      throw new Break(
        seq,
        'inserted',
        `Event ${seq} (${action}) was written in a session that had already ended (seal at event ${ended}).`,
      );
    const open = this.unsealed.get(session);
    if (open) open.count += 1;
    else this.unsealed.set(session, { count: 1, from: seq });
  }

  /** After event `seq` is linked: the seals that end there must agree with it. */
  reached(seq: number, hash: string, db: Database): void {
    const here = this.byLast.get(seq);
    if (!here) return;
    for (const seal of here) {
      const b = seal.body;
      if (b.headHash !== hash) throw this.diagnose(seal, db);
      if (b.kind === 'chain-upgrade') {
        this.checkedAt.push(seq);
        continue;
      }
      const own = this.unsealed.get(b.sessionId);
      if ((own?.count ?? 0) !== b.events.length) throw this.diagnose(seal, db);
      this.unsealed.delete(b.sessionId);
      if (b.kind === 'open') {
        // Every other session with unsealed events must be one this seal found open or cut short;
        // one it does not list had sealed, and that seal was removed.
        const listed = new Set(b.unsealed ?? []);
        for (const [other, span] of this.unsealed) {
          if (other !== b.sessionId && !listed.has(other)) {
            throw new Break(
              span.from,
              'deleted',
              `The events of session ${other} from event ${span.from} are sealed by no one: a seal was removed.`,
              describeSeal(seal, this.names),
            );
          }
        }
        for (const found of b.recovered ?? []) {
          const span = this.unsealed.get(found);
          this.crashLeft.push({
            sessionId: found,
            userId: this.userOf.get(found) ?? '?',
            events: span?.count ?? 0,
            foundBySeal: seal.id,
          });
          this.unsealed.delete(found);
          this.endedAt.set(found, seq);
        }
      }
      if (b.kind === 'close') this.endedAt.set(b.sessionId, seq);
      this.checkedAt.push(seq);
    }
    this.lastGood = seq;
  }

  finish(head: AuditHead, db: Database): void {
    if (!this.ctx) return;
    if (this.orderBreak) throw this.orderBreak;
    for (const seal of this.seals) {
      if (seal.body.lastSeq > head.seq) {
        const highWater = Number(
          (
            db.prepare(`SELECT value FROM vault_meta WHERE key = 'audit_high_water'`).get() as
              { value: string } | undefined
          )?.value ?? 0,
        );
        throw new Break(
          head.seq + 1,
          highWater > head.seq ? 'truncated' : 'rolled_back',
          `The log ends at event ${head.seq}, but ${describeSeal(seal, this.names).text} covers up to ${seal.body.lastSeq}.`,
          describeSeal(seal, this.names),
        );
      }
    }
    const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
    for (const h of this.ctx.heads ?? []) {
      const against: Against = {
        source: h.source,
        sealId: null,
        user: null,
        sealedAt: null,
        lastSeq: h.seq,
        text: `the ${h.source}'s chain head (event ${h.seq})`,
      };
      if (h.seq > head.seq)
        throw new Break(
          head.seq + 1,
          'rolled_back',
          `The log ends at event ${head.seq}, older than ${against.text}.`,
          against,
        );
      // The walk found every link intact, so a different event here is another history since.
      if (h.seq > 0 && hashAt.get(h.seq)?.hash !== h.hash)
        throw new Break(
          h.seq,
          'rolled_back',
          `Event ${h.seq} is not the one ${against.text} names: the chain was rolled back or rewritten since.`,
          against,
        );
    }
    for (const { source, anchor } of this.ctx.anchors) {
      const seal = this.seals.find((s) => s.id === anchor.sealId);
      const against: Against = {
        source,
        sealId: anchor.sealId,
        user: this.names(anchor.userId),
        sealedAt: anchor.sealedAt,
        lastSeq: anchor.lastSeq,
        text: `the ${source}'s anchor (seal ${anchor.sealId} over event ${anchor.lastSeq}, by ${this.names(anchor.userId)} at ${anchor.sealedAt})`,
      };
      const what = against.text;
      if (!seal) {
        const kind = anchor.lastSeq > head.seq ? 'rolled_back' : 'deleted';
        throw new Break(
          Math.min(head.seq, anchor.lastSeq) + 1,
          kind,
          kind === 'rolled_back'
            ? `The log ends at event ${head.seq}, older than ${what}: the folder was rolled back.`
            : `The seal ${what} names is not in the database: it was removed.`,
          against,
        );
      }
      if (seal.signature !== anchor.signature || seal.body.headHash !== anchor.headHash) {
        throw new Break(anchor.lastSeq, 'edited', `Seal ${anchor.sealId} differs from ${what}.`, against);
      }
    }
  }

  /**
   * After a break the walk found at a seal: the first seal, in the order they were written, that
   * the chain as it now stands contradicts, diagnosed from the last seal before it that still
   * holds. A rebuilt chain moves other seals' numbers too; the earliest contradicted seal is the
   * one that tells what happened (a later, re-signed one only shows the consequence).
   */
  earliestContradicted(db: Database): Break | null {
    const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
    let floor = 0;
    for (const seal of this.seals) {
      if (hashAt.get(seal.body.lastSeq)?.hash !== seal.body.headHash) return this.diagnose(seal, db, floor);
      if (seal.body.kind !== 'chain-upgrade') floor = Math.max(floor, seal.body.lastSeq);
    }
    return null;
  }

  openTail(): NonNullable<ChainVerification['openTail']> {
    return [...this.unsealed].map(([sessionId, span]) => ({
      sessionId,
      userId: this.userOf.get(sessionId) ?? '?',
      events: span.count,
      fromSeq: span.from,
    }));
  }

  private diagnose(seal: StoredSeal, db: Database, floorSeq = this.lastGood): Break {
    return diagnoseSeal(seal, db, floorSeq, this.names);
  }
}
