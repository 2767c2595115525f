import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appendAuditEvent, type AuditEventInput, type AuditRow } from './audit-chain';
import { markSessionLive, type SealKind, type StoredSeal } from './audit-seals';
import { SessionSeals } from './session-seals';
import { changeKeyslots, type KeyslotChange } from './keyslot-change';
import { vaultMeta, type Role } from '../db/schema';
import { LedgerVaultError, integrityError } from '../errors';
import { wipe } from '../crypto/primitives';
import { withFileLockNow } from '../fs/file-lock';
import { removeOrphanTempFiles } from '../fs/atomic-write';
import { onVaultDisk } from '../fs/disk-errors';
import {
  hasValidDeviceMac,
  hasValidVaultMac,
  modifyKeysFile,
  readKeysFile,
  sealKeys,
  updateKeysFile,
  type KeysFile,
} from './keys-file';
import { KEYS_META, clearImportedPending, counterIntentValue, readKeysIntent } from './keys-sync';
import { reconcileKeys, slotIntentValue, type KeysRepair } from './keys-sync';
import type { Orm, SqliteDb } from './database';
import { ClientKeyRing } from './client-key-ring';
import { wipeIdentity, type StaffIdentity } from '../crypto/identity';
import { loadTrust, type CertifiedUser, type Trust } from './trust';
import type { UpgradeReport } from '../../shared/vault/contract';
import type { VaultPaths } from './paths';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface SessionSecrets {
  dek: Buffer;
  deviceSecret: Buffer;
  auditKey: Buffer;
  /** The signed-in user's key pairs (version 2); null only while a version-1 vault is open to be upgraded. */
  identity: StaffIdentity | null;
}

export interface WriteContext {
  orm: Orm;
  db: SqliteDb;
  /** Records an event in this transaction, by the signed-in user unless said otherwise. */
  audit(
    event: Omit<AuditEventInput, 'actorId' | 'actorName'> & Partial<Pick<AuditEventInput, 'actorId' | 'actorName'>>,
  ): AuditRow;
}

/**
 * A session that may do only one thing before anything else: change a temporary or expired
 * password, or enrol in two-step verification where the role requires it.
 */
export type SessionRestriction = 'password-change' | 'mfa-enrol' | null;

/** How long after a failed keys-file update the session tries again by itself. */
const KEYS_RETRY_MS = 2_000;

/**
 * An unlocked vault, signed in as one user. Holds the only copies of the keys in memory; `lock()`
 * closes the database and wipes them. Every change goes through `write()`, which runs the change
 * and its audit events in one transaction; the database is the commit point, and the keys file
 * follows it afterwards (see keys-sync.ts), never the other way round.
 */
export class VaultSession {
  restriction: SessionRestriction = null;
  /** First inside every write transaction: the audit collapser (audit/collapse.ts) writes repeat counts there. */
  beforeWrite: ((ctx: WriteContext) => void) | null = null;
  /** Told first when the session locks: a running backup stops before the database closes. */
  readonly lockListeners = new Set<() => void>();
  /**
   * Set while vault.keys lags behind a committed change (its update failed or found the file locked):
   * the change is saved; the session retries, and the next sign-in finishes it if this one cannot.
   */
  keysFileWarning: string | null = null;
  /** The client keys this session holds (wiped at lock). */
  readonly keyRing = new ClientKeyRing();
  /**
   * The certificates in force, checked at unlock from the root the user's keyslot pins (version
   * 2); null for a version-1 vault. Changes made in this session update it (setCertificate).
   */
  trust: Trust | null = null;
  /** Why the certificates or signed grants failed their check (only in 'inspect' mode, for doctor). */
  trustProblem: string | null = null;
  /** Set by the sign-in that upgraded a version-1 vault: handed to the user once (see UpgradeReport). */
  upgradeReport: UpgradeReport | null = null;
  /** The root certificate's fingerprint, from the keyslot (version 2). */
  rootFingerprint: string | null = null;
  readonly sessionId: string = randomUUID(); // in every event it writes and in its seals (audit v2)
  /** Whose certified key signs this session's seals: the user, or the recovery identity during a recovery. */
  signerId: string;
  /** This session's seals, its audit anchor and their mirrors outside the folder (session-seals.ts). */
  readonly seals: SessionSeals = new SessionSeals(this);
  private secrets: SessionSecrets | null;
  private sqlite: SqliteDb | null;
  private drizzleDb: Orm | null;
  /** Slots written for a change whose transaction has not finished: the keys sync leaves them. */
  readonly staged = new Set<string>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly paths: VaultPaths,
    readonly vaultId: string,
    readonly user: SessionUser,
    secrets: SessionSecrets,
    sqlite: SqliteDb,
    orm: Orm,
    /** Set when unlock found the database behind the keys file (or the keychain's anchor): reads only, until investigated. */
    public integrityAlarm: string | null = null,
  ) {
    this.signerId = user.id;
    markSessionLive(this.sessionId, true);
    this.secrets = secrets;
    this.sqlite = sqlite;
    this.drizzleDb = orm;
  }

  get isOpen(): boolean {
    return this.sqlite !== null;
  }

  private open(): { sqlite: SqliteDb; orm: Orm; secrets: SessionSecrets } {
    if (!this.sqlite || !this.drizzleDb || !this.secrets) {
      throw new LedgerVaultError('E_VAULT_LOCKED', 'The vault session is locked.');
    }
    return { sqlite: this.sqlite, orm: this.drizzleDb, secrets: this.secrets };
  }

  /** For reads that change nothing and need no audit event. */
  get orm(): Orm {
    return this.open().orm;
  }

  get db(): SqliteDb {
    return this.open().sqlite;
  }

  get auditKey(): Buffer {
    return this.open().secrets.auditKey;
  }

  /** For making keyslots while signed in (new staff, password changes); never leaves the core. */
  get dek(): Buffer {
    return this.open().secrets.dek;
  }

  get deviceSecret(): Buffer {
    return this.open().secrets.deviceSecret;
  }

  /** The signed-in user's key pairs: E_INTEGRITY for a version-1 vault, which has none yet. */
  get identity(): StaffIdentity {
    const identity = this.open().secrets.identity;
    if (!identity) throw integrityError('This vault is still version 1: an admin must sign in to upgrade it.');
    return identity;
  }

  /**
   * Re-reads the certificates after this session issued one (they are checked again from the
   * root, like at unlock).
   */
  reloadTrust(): void {
    if (!this.rootFingerprint) throw integrityError('This vault is still version 1.');
    this.trust = loadTrust(this.orm, this.vaultId, this.rootFingerprint);
  }

  /**
   * The session continues under new keys: the user's own identity after a first sign-in replaced
   * a temporary one, or the admin's new identity after recovery. The old private keys are wiped.
   */
  adoptIdentity(identity: StaffIdentity): void {
    const secrets = this.open().secrets;
    if (secrets.identity) wipeIdentity(secrets.identity);
    secrets.identity = identity;
    // The new keys are certified to the user (their own after a temporary identity, or the admin's after recovery).
    this.signerId = this.user.id;
  }

  /** The certificates in force: E_INTEGRITY for a version-1 vault, which has none yet. */
  get verifiedTrust(): Trust {
    if (!this.trust) throw integrityError('This vault is still version 1: an admin must sign in to upgrade it.');
    return this.trust;
  }

  /** The signed-in user's certificate in force. */
  get certificate(): CertifiedUser {
    return this.verifiedTrust.require(this.user.id);
  }

  /**
   * Runs `fn` and its audit events in one transaction. Once it has committed, nothing here
   * throws: a keys-file update that fails afterwards is kept in `keysFileWarning` and retried.
   * `read` / `signIn`: it only audits a look or a sign-in (a full disk then says so; disk-errors.ts).
   */
  write<T>(fn: (ctx: WriteContext) => T, opts: { read?: boolean; signIn?: boolean } = {}): T {
    const { sqlite, orm, secrets } = this.open();
    if (this.integrityAlarm) throw integrityError(this.integrityAlarm);
    const ctx: WriteContext = {
      orm,
      db: sqlite,
      audit: (event) =>
        appendAuditEvent(sqlite, secrets.auditKey, {
          actorId: this.user.id,
          actorName: this.user.username,
          ...event,
          sessionId: this.sessionId,
        }),
    };
    let sealed: SealKind | null = null;
    const tx = sqlite.transaction(() => {
      this.beforeWrite?.(ctx);
      const value = fn(ctx);
      sealed = this.seals.sealIfDue(sqlite, undefined, (e) => ctx.audit(e));
      return value;
    });
    const what = opts.signIn ? 'sign-in' : opts.read ? 'read' : 'write';
    const result = onVaultDisk(this.paths.dir, () => tx.immediate(), what);
    if (sealed) this.seals.committed(sealed);
    this.followCommit();
    if (sealed) this.seals.queueAnchor(sqlite);
    return result;
  }

  /** Seals this session's span now (a backup takes one), in a transaction of its own. */
  sealAudit(kind: Exclude<SealKind, 'open' | 'close' | 'chain-upgrade'>): StoredSeal | null {
    const { sqlite } = this.open();
    if (this.integrityAlarm) throw integrityError(this.integrityAlarm);
    return onVaultDisk(this.paths.dir, () => this.seals.sealNow(sqlite, kind));
  }

  /** Resolves once every keychain write this session queued (anchors, sign-in mirror) has been tried. */
  anchorsWritten(): Promise<void> {
    return this.seals.written();
  }

  /** The keys-file update after a commit (and the keychain's sign-in mirror when a counter was cleared). */
  followCommit(): void {
    try {
      const repairs = this.syncKeysFile();
      // A counter this change cleared (a sign-in, an admin's unlock) is cleared in the keychain's copy too.
      if (repairs.some((r) => r.what === 'counter')) this.seals.queueSigninMirror();
    } catch (err) {
      this.keysFileWarning = err instanceof Error ? err.message : String(err);
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.isOpen && this.keysFileWarning) this.followCommit();
    }, KEYS_RETRY_MS);
    this.retryTimer.unref?.();
  }

  /**
   * Brings vault.keys to what the database says (audit head, lockout, keyslots in force, cleared
   * counters), empties vault.pending of lines already in the chain and removes temp files a
   * crash left, all under the keys lock. Idempotent. Throws when it cannot (E_BUSY: another
   * process holds the lock; see withFileLockNow for why it does not wait).
   */
  syncKeysFile(): KeysRepair[] {
    const { sqlite } = this.open();
    const intent = readKeysIntent(sqlite);
    let repairs: KeysRepair[] = [];
    withFileLockNow(this.paths.keysLock, () => {
      removeOrphanTempFiles(this.paths.keys);
      removeOrphanTempFiles(this.paths.pending);
      clearImportedPending(this.paths.pending, intent.pendingTail);
      modifyKeysFile(
        this.paths,
        (file) => this.assertKeysAuthentic(file),
        (file) => {
          const next = reconcileKeys(file, intent, this.staged);
          repairs = next.repairs;
          return next.body ? this.seal(next.body, file) : null;
        },
      );
    });
    this.keysFileWarning = null;
    return repairs;
  }

  /** What syncKeysFile would change now: at sign-in, evidence that an earlier session was cut short. */
  keysFileDrift(): KeysRepair[] {
    const intent = readKeysIntent(this.open().sqlite);
    return reconcileKeys(readKeysFile(this.paths), intent, this.staged).repairs;
  }

  private seal(body: Omit<KeysFile, 'mac'>, current: KeysFile): KeysFile {
    // Read the secrets again: the session may have been locked (and wiped) while waiting.
    const { secrets } = this.open();
    return sealKeys({ ...body, generation: current.generation + 1 }, secrets.dek, secrets.deviceSecret);
  }

  /** Runs `mutate` on the keys file under its lock with both MACs checked, re-sealing the result. */
  async updateKeys(
    mutate: (file: KeysFile) => Omit<KeysFile, 'mac'>,
    opts: { newDeviceSecret?: boolean } = {},
  ): Promise<KeysFile> {
    this.open();
    return updateKeysFile(
      this.paths,
      // After recovery on a new workstation only the vault MAC can be checked: the device MAC
      // was made with the secret that was lost.
      (file) => this.assertKeysAuthentic(file, !opts.newDeviceSecret),
      (file) => this.seal(mutate(file), file),
    );
  }

  /** Changes keyslots so that no crash can leave a user without a working password (keyslot-change.ts). */
  writeWithKeyslots<T>(
    changes: KeyslotChange[],
    commit: (ctx: WriteContext) => T,
    opts: { newDeviceSecret?: boolean } = {},
  ): Promise<T> {
    return changeKeyslots(this, changes, commit, opts);
  }

  /** Inside a transaction: the user's slot goes away at the commit (disabled account). */
  removeKeyslotAtCommit(ctx: WriteContext, userId: string): void {
    this.setMeta(ctx, KEYS_META.slot(userId), slotIntentValue(null));
  }

  /** Inside a transaction: the failure counter as it stands now is cleared after the commit. */
  clearCounterAtCommit(ctx: WriteContext, username: string): void {
    const counter = readKeysFile(this.paths).counters[username];
    if (counter) this.setMeta(ctx, KEYS_META.counterReset(username), counterIntentValue(counter));
  }

  /** Inside a transaction: the lockout policy the keys file enforces before anyone has unlocked. */
  setLockoutAtCommit(ctx: WriteContext, lockout: { maxFailures: number; lockMinutes: number }): void {
    this.setMeta(ctx, KEYS_META.lockout, JSON.stringify(lockout));
  }

  private assertKeysAuthentic(file: KeysFile, checkDeviceMac = true): void {
    const { secrets } = this.open();
    const deviceOk = !checkDeviceMac || hasValidDeviceMac(file, secrets.deviceSecret);
    if (file.vaultId !== this.vaultId || !hasValidVaultMac(file, secrets.dek) || !deviceOk) {
      throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
    }
  }

  /** The keys that sign this session's seals: none before certificates are checked (version 1). */
  sealingIdentity(): StaffIdentity | null {
    return this.trust ? (this.secrets?.identity ?? null) : null;
  }

  setMeta(ctx: WriteContext, key: string, value: string): void {
    ctx.orm
      .insert(vaultMeta)
      .values({ key, value })
      .onConflictDoUpdate({ target: vaultMeta.key, set: { value } })
      .run();
  }

  getMeta(key: string): string | null {
    return this.orm.select().from(vaultMeta).where(eq(vaultMeta.key, key)).get()?.value ?? null;
  }

  /**
   * Closes the database and wipes the keys, whatever fails on the way (a last try at a keys
   * file that lags, closing the database). Safe to call twice. Throws only if closing failed,
   * after the keys are gone.
   */
  lock(): void {
    for (const listener of this.lockListeners) listener();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    markSessionLive(this.sessionId, false);
    if (this.sqlite && !this.integrityAlarm) this.seals.close(this.sqlite);
    try {
      if (this.sqlite && this.keysFileWarning && !this.integrityAlarm) this.syncKeysFile();
    } catch {
      // Still behind: the next sign-in accepts a keys file that lags the database and finishes it.
    } finally {
      try {
        this.sqlite?.close();
      } finally {
        this.sqlite = null;
        this.drizzleDb = null;
        if (this.secrets) {
          wipe(this.secrets.dek, this.secrets.deviceSecret, this.secrets.auditKey);
          if (this.secrets.identity) wipeIdentity(this.secrets.identity);
        }
        this.secrets = null;
        this.keyRing.wipe();
      }
    }
  }
}
