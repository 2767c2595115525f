/**
 * A session's audit seals and what follows them outside the folder (issue 12): the 'open' seal in
 * the transaction of its first write, 'daily' ones while it stays unlocked, 'backup' on demand,
 * 'close' at lock; after each, the newest seal to the keychain (the audit anchor), and the sign-in
 * mirror when a change cleared a failure counter. VaultSession owns one of these.
 */
import type { KeyStore } from '../keystore/keystore';
import type { StaffIdentity } from '../crypto/identity';
import { writeAuditAnchor, type RollbackFinding } from './audit-anchor';
import { shaFrom } from './audit-chain';
import {
  cutShortSessions,
  DAILY_SEAL_MS,
  newestSeal,
  writeChainUpgradeSeal,
  writeSeal,
  type SealAnchor,
  type SealKind,
  type SealSigner,
  type StoredSeal,
} from './audit-seals';
import type { SqliteDb } from './database';
import { readKeysFile, type KeysFile } from './keys-file';
import type { VaultPaths } from './paths';
import { writeSigninMirror } from './signin-mirror';

/** What the seals need of their session. */
export interface SealHost {
  readonly vaultId: string;
  readonly sessionId: string;
  readonly paths: VaultPaths;
  readonly user: { id: string; role: string };
  signerId: string;
  /** The signed-in user's keys, or null (a version-1 vault, or no certificates checked): nothing is sealed. */
  sealingIdentity(): StaffIdentity | null;
  /** The keys-file update after a commit. */
  followCommit(): void;
  syncKeysFile(): unknown;
}

export class SessionSeals {
  /**
   * Where the newest seal is mirrored outside the folder (the OS keychain), so that a copy of the
   * whole folder put back is noticed at the next unlock. Null: not mirrored (tests, inspection).
   */
  anchorStore: KeyStore | null = null;
  /** Set by an admin's sign-in that accepted a rolled-back folder: recorded by that sign-in. */
  acceptedRollback: Record<string, unknown> | null = null;
  /** The keychain's audit anchor as this session's unlock found it (checked against the folder then). */
  anchorAtUnlock: SealAnchor | null = null;
  /** What the keychain's anchor says of this folder when it is older ('inspect' mode only, for doctor). */
  rollbackFinding: RollbackFinding | null = null;
  openSealWritten = false;
  lastSealAt = 0;
  /** Set when the last keychain mirror of a seal failed; the next seal tries again. */
  anchorWarning: string | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly host: SealHost) {}

  private signer(): SealSigner | null {
    const identity = this.host.sealingIdentity();
    if (!identity) return null;
    return {
      vaultId: this.host.vaultId,
      sessionId: this.host.sessionId,
      userId: this.host.user.id,
      signerId: this.host.signerId,
      ed25519Private: identity.ed25519.privateKey,
    };
  }

  /**
   * Inside a write transaction: the 'open' seal at the session's first write, which vouches for
   * the chain as the session found it and records sessions it found unsealed (an admin's first
   * one also seals the last version-1 head); after that `kind` when asked, or 'daily' once a day.
   * Returns the kind written, if any.
   */
  sealIfDue(
    db: SqliteDb,
    kind?: SealKind,
    record?: (event: { action: string; details: Record<string, unknown> }) => void,
  ): SealKind | null {
    const signer = this.signer();
    if (!signer) return null;
    const now = new Date();
    if (!this.openSealWritten) {
      // Sessions cut short (a crash) are taken in by this seal; the log says so in words too.
      const cut = cutShortSessions(db, signer.sessionId);
      if (cut.length > 0 && record) {
        record({
          action: 'audit.unsealed_found',
          details: { sessions: cut.map((c) => c.id), users: [...new Set(cut.map((c) => c.userId))] },
        });
      }
      if (this.host.user.role === 'admin') writeChainUpgradeSeal(db, signer, shaFrom(db), now);
      writeSeal(db, signer, 'open', now);
      if (kind && kind !== 'open') writeSeal(db, signer, kind, now);
      return 'open';
    }
    if (kind) {
      writeSeal(db, signer, kind, now);
      return kind;
    }
    if (now.getTime() - this.lastSealAt >= DAILY_SEAL_MS) {
      writeSeal(db, signer, 'daily', now);
      return 'daily';
    }
    return null;
  }

  /** After the transaction that wrote `kind` committed. */
  committed(kind: SealKind): void {
    if (kind === 'open') this.openSealWritten = true;
    this.lastSealAt = Date.now();
  }

  /** A seal now, in a transaction of its own (a backup asks for one), then its mirrors. */
  sealNow(db: SqliteDb, kind: SealKind): StoredSeal | null {
    let written: SealKind | null = null;
    db.transaction(() => {
      written = this.sealIfDue(db, kind);
    }).immediate();
    if (!written) return null;
    this.committed(written);
    this.host.followCommit();
    this.queueAnchor(db);
    return newestSeal(db);
  }

  /** At lock: the 'close' seal, then the keys file and the keychain's anchor follow it. */
  close(db: SqliteDb): void {
    if (!this.writeClose(db)) return;
    try {
      this.host.syncKeysFile();
    } catch {
      // The keys file catches up at the next sign-in.
    }
    this.queueAnchor(db);
  }

  /**
   * The 'close' seal, in a transaction of its own. False when nothing was written (no open seal,
   * no keys, or a failure such as a full disk): the span is then left for the next session to
   * find and record as cut short, as a crash would.
   */
  private writeClose(db: SqliteDb): boolean {
    if (!this.openSealWritten) return false;
    const signer = this.signer();
    if (!signer) return false;
    try {
      db.transaction(() => {
        writeSeal(db, signer, 'close');
      }).immediate();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Mirrors the newest seal, with the keys file's generation, into the keychain beside the device
   * secret. One write at a time, in order; a failure is kept in anchorWarning (the seal itself
   * is committed, and the keys file holds it too).
   */
  queueAnchor(db: SqliteDb): void {
    const store = this.anchorStore;
    if (!store) return;
    const seal = newestSeal(db);
    if (!seal) return;
    let generation = 0;
    try {
      generation = readKeysFile(this.host.paths).generation;
    } catch {
      return;
    }
    const vaultId = this.host.vaultId;
    // After an accepted rollback the keychain holds a newer seal than this folder will ever have.
    const force = this.acceptedRollback !== null;
    this.chain = this.chain
      .then(() => writeAuditAnchor(store, vaultId, seal, generation, force))
      .then(
        () => {
          this.anchorWarning = null;
        },
        (err: unknown) => {
          this.anchorWarning = err instanceof Error ? err.message : String(err);
        },
      );
  }

  /** A counter a change cleared (a sign-in, an admin's unlock) is cleared in the keychain's copy too. */
  queueSigninMirror(): void {
    const store = this.anchorStore;
    if (!store) return;
    let keys: KeysFile;
    try {
      keys = readKeysFile(this.host.paths);
    } catch {
      return;
    }
    const { vaultId, paths } = this.host;
    this.chain = this.chain.then(() => writeSigninMirror(store, vaultId, keys, paths)).catch(() => undefined);
  }

  /** Resolves once every keychain write queued so far has been tried. */
  written(): Promise<void> {
    return this.chain;
  }
}
