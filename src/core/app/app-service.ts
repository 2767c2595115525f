import type { HandlerContext } from '../ipc/context';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  PASSIVE_CHANNELS,
  type AppInfo,
  type Channel,
  type CreatedVaultInfo,
  type SessionInfo,
  type VaultStatus,
  type UnlockResult,
} from '../../shared/contract';
import type { Argon2Params } from '../crypto/argon2id';
import { LedgerVaultError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { createVault } from '../vault/create-vault';
import { vaultPaths } from '../vault/paths';
import type { VaultSession } from '../vault/session';
import { unlockVault } from '../auth/unlock-vault';
import { decide, hasPermission } from '../access/authorize';
import { OPERATIONS, type Operation } from '../access/permissions';
import { readSettings } from '../settings/settings';
import { mergeRecordIndexStep } from '../records/record-index';
import type { SaveExport, SavedTo } from '../export/save';
import type { ChosenFile, FolderPurpose, OpenPurpose } from '../fs/read-chosen';
import { listRemovableDrives, type DriveListing } from '../backup/removable-drives';
import type { RestoreHost } from '../restore/restore-flows';
import type { UpdateHost, UpdateInstallRequest } from '../update/update-flows';

export const CLIPBOARD_CLEAR_MS = 30_000;
/** Quiet time after the user's last call before the search index's upkeep starts. */
export const UPKEEP_AFTER_IDLE_MS = 2_000;
/** Between two upkeep steps: room for a call that arrives meanwhile. */
const UPKEEP_STEP_GAP_MS = 20;

function reportToStderr(err: unknown): void {
  process.emitWarning(err instanceof Error ? err : new Error(String(err)), { code: 'LEDGERVAULT_BACKGROUND' });
}

export type LockReason = 'manual' | 'idle' | 'os' | 'window-closed' | 'renderer-gone' | 'session-end' | 'quit';

export interface AppServiceOptions {
  vaultDir: string;
  keyStore: KeyStore;
  version: string;
  /** The pinned publisher keys for signed updates (src/core/update); none: every update is refused. */
  updateKeys?: readonly string[];
  /** Argon2id costs for new keyslots; 'calibrate' (the default) measures this machine. */
  kdf?: Argon2Params | 'calibrate';
  /**
   * Puts an export the user asked for where they choose (Electron: a save dialog; the harness:
   * its export folder). Returns null when they cancel. The renderer never holds the bytes.
   */
  saveExport?: SaveExport;
  /** Reads a file the user picks (Electron: an open dialog; the harness: its pick folder); null when they cancel. */
  openFile?: (purpose: OpenPurpose, maxBytes: number) => Promise<ChosenFile | null>;
  /** A folder the user picks (Electron: a folder dialog; the harness: its backups folder); null when they cancel. */
  chooseFolder?: (purpose: FolderPurpose) => Promise<string | null>;
  /** A file's path the user picks (Electron: an open dialog; the harness: its pick folder); null when they cancel. */
  chooseOpenPath?: (purpose: OpenPurpose) => Promise<string | null>;
  /** The removable drives (default: the system's tools, src/core/backup/removable-drives.ts). */
  listDrives?: () => Promise<DriveListing>;
  /** The system clipboard, for copying a revealed number (cleared again after 30 s). */
  clipboard?: { writeText(text: string): void | Promise<void>; readText(): string | Promise<string> };
  /** Hands a verified release to the platform installer (Electron: src/main/update/); absent: updates cannot be installed here. */
  installUpdate?: (request: UpdateInstallRequest) => Promise<void>;
  restartToUpdate?: () => Promise<void>;
  /** Shows a file in the system file manager (Electron: shell.showItemInFolder). */
  showInFolder?: (path: string) => Promise<void>;
  printPdf?: (html: string) => Promise<Buffer>;
  /** Test harness only: the idle lock after this many ms instead of the vault's setting. */
  idleMsOverride?: number;
  /**
   * Where a failure nobody is waiting for goes (the idle lock's audit write, say): main and the
   * host log it. It must not throw. Default: a process warning on stderr.
   */
  onBackgroundError?: (err: unknown) => void;
}

/**
 * One front end's view of one vault: which vault, whether it is unlocked, and as whom. The
 * Electron main process and the browser harness each hold one; everything they do to the vault
 * goes through it, so both enforce the same rules.
 */
export class AppService implements HandlerContext {
  private session: VaultSession | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private idleLockAt: number | null = null;
  private idleMinutes: number | null = null;
  /** The search index's idle upkeep (records/record-index.ts, mergeRecordIndexStep). */
  private upkeepTimer: ReturnType<typeof setTimeout> | null = null;
  private indexSettled: Buffer | null = null;
  /** Files this service saved while unlocked, by random handle: the only paths it will show. */
  private savedFiles = new Map<string, string>();
  private sessionListeners: ((session: VaultSession | null) => void)[] = [];

  constructor(private readonly opts: AppServiceOptions) {}

  info(): AppInfo {
    return { version: this.opts.version, vaultDir: vaultPaths(this.opts.vaultDir).dir };
  }

  status(): VaultStatus {
    const exists = existsSync(vaultPaths(this.opts.vaultDir).keys);
    const session = this.session?.isOpen ? this.session : null;
    return {
      state: !exists ? 'no-vault' : session ? 'unlocked' : 'locked',
      user: session ? this.sessionInfo(session) : null,
      restriction: session?.restriction ?? null,
      idleLockAt: session ? this.idleLockAt : null,
      can: session
        ? (Object.keys(OPERATIONS) as Operation[]).filter(
            (op) => decide(session, op).allowed || this.mayWithGrant(session, op),
          )
        : [],
    };
  }

  /** Client-scoped operations are shown when the role has the permission; the grant is checked per client. */
  private mayWithGrant(session: VaultSession, op: Operation): boolean {
    return OPERATIONS[op].client && !session.restriction && hasPermission(session, OPERATIONS[op].permission);
  }

  /**
   * Re-arms the idle lock (PCI DSS 8.2.8): any call the user makes counts as activity, except
   * the status polls the UI does by itself.
   */
  touch(): void {
    if (!this.session?.isOpen) return;
    const ms = this.opts.idleMsOverride ?? (this.idleMinutes ?? 15) * 60_000;
    this.idleLockAt = Date.now() + ms;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    // lock() does not throw; the guard is for what a timer must never do: throw into the event loop.
    this.idleTimer = setTimeout(() => this.inBackground(() => this.lock('idle')), ms);
    this.idleTimer.unref?.();
    this.scheduleUpkeep(UPKEEP_AFTER_IDLE_MS);
  }

  /**
   * Merges the search index's segments while nobody is using the app, one bounded step at a
   * time: a step takes about 50 ms at 1,000,000 records, so a call that arrives waits for one
   * step at most, and any call pushes the next step back to UPKEEP_AFTER_IDLE_MS of quiet.
   */
  private scheduleUpkeep(delayMs: number): void {
    if (this.upkeepTimer) clearTimeout(this.upkeepTimer);
    this.upkeepTimer = setTimeout(() => {
      this.upkeepTimer = null;
      this.inBackground(() => this.upkeepStep());
    }, delayMs);
    this.upkeepTimer.unref?.();
  }

  private upkeepStep(): void {
    const session = this.session;
    if (!session?.isOpen || session.integrityAlarm) return;
    const step = mergeRecordIndexStep(session.db, this.indexSettled);
    if (step.merged) this.scheduleUpkeep(UPKEEP_STEP_GAP_MS);
    else this.indexSettled = step.structure;
  }

  /** Creates the vault and signs its first admin in; the recovery key is returned once. */
  async create(input: {
    adminUsername: string;
    adminDisplayName?: string;
    password: string;
  }): Promise<CreatedVaultInfo> {
    if (this.status().state !== 'no-vault') throw new LedgerVaultError('E_EXISTS', 'A vault already exists here.');
    const created = await createVault({
      dir: this.opts.vaultDir,
      adminUsername: input.adminUsername,
      adminDisplayName: input.adminDisplayName || undefined,
      adminPassword: input.password,
      keyStore: this.opts.keyStore,
      kdf: this.opts.kdf,
    });
    await this.unlock({ username: input.adminUsername, password: input.password });
    return {
      vaultId: created.vaultId,
      recoveryKey: created.recoveryKey,
      rootFingerprint: created.rootFingerprint,
      status: this.status(),
    };
  }

  /** `acceptRollback` goes to unlockVault, which decides whether this user may accept an older folder. */
  async unlock(input: {
    username: string;
    password: string;
    totp?: string;
    acceptRollback?: boolean;
  }): Promise<UnlockResult> {
    if (this.session?.isOpen) {
      throw new LedgerVaultError('E_BUSY', 'The vault is already unlocked; lock it before signing in as someone else.');
    }
    const session = await unlockVault({ dir: this.opts.vaultDir, keyStore: this.opts.keyStore, ...input });
    try {
      this.idleMinutes = readSettings(session).idleMinutes;
    } catch (err) {
      session.lock();
      throw err;
    }
    this.session = session;
    this.touch();
    this.tellSession(session);
    const upgrade = session.upgradeReport;
    // Handed over once: the report holds a recovery key and temporary passwords.
    session.upgradeReport = null;
    return upgrade ? { ...this.status(), upgrade } : this.status();
  }

  /**
   * Closes the database and drops every key (manual lock, idle timeout, OS lock or suspend,
   * window closed). Safe to call when already locked. Never throws: it is called from timers and
   * OS events where nobody could handle an error, and the vault is locked whatever fails. A
   * failure to record the `auth.lock` event goes to `onBackgroundError`.
   */
  lock(reason: LockReason = 'manual'): VaultStatus {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.idleLockAt = null;
    if (this.upkeepTimer) clearTimeout(this.upkeepTimer);
    this.upkeepTimer = null;
    // Another program (the CLI) may write to the index before the next session.
    this.indexSettled = null;
    const session = this.session;
    this.session = null;
    this.savedFiles.clear();
    if (session) this.tellSession(null);
    if (session?.isOpen) {
      if (!session.integrityAlarm) {
        this.inBackground(() =>
          session.write((ctx) =>
            ctx.audit({ action: 'auth.lock', targetType: 'user', targetId: session.user.id, details: { reason } }),
          ),
        );
      }
      // VaultSession.lock wipes the keys even when closing the database fails.
      this.inBackground(() => session.lock());
    }
    return this.status();
  }

  onSessionChange(listener: (session: VaultSession | null) => void): void {
    this.sessionListeners.push(listener);
  }

  private tellSession(session: VaultSession | null): void {
    for (const listener of this.sessionListeners) this.inBackground(() => listener(session));
  }

  private inBackground(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this.reportBackground(err);
    }
  }

  private reportBackground(err: unknown): void {
    try {
      (this.opts.onBackgroundError ?? reportToStderr)(err);
    } catch {
      // a reporter that throws must not undo what called it (a lock) either
    }
  }

  /** Takes new settings into effect for this session (the idle timeout). */
  applySettings(settings: { idleMinutes: number }): void {
    this.idleMinutes = settings.idleMinutes;
    this.touch();
  }

  /** For the dispatcher: a call from the user, unless it is a passive status poll. */
  activity(channel: Channel): void {
    if (!PASSIVE_CHANNELS.includes(channel)) this.touch();
  }

  /**
   * A call that failed the front end's sender check: recorded in the audit log when a vault is
   * unlocked (before that there is nothing it could have reached).
   */
  auditRefusedCall(channel: string): void {
    if (!this.session?.isOpen || this.session.integrityAlarm) return;
    this.session.write((ctx) =>
      ctx.audit({
        action: 'ipc.refused',
        outcome: 'denied',
        details: { channel: channel.slice(0, 64), reason: 'untrusted_sender' },
      }),
    );
  }

  /**
   * Copies a secret (a revealed account number) and clears the clipboard 30 s later if it still
   * holds it, so it does not linger where any program can read it.
   */
  rememberSavedFile(file: string): string {
    const handle = randomBytes(16).toString('hex');
    this.savedFiles.set(handle, file);
    return handle;
  }

  async showSavedFile(handle: string): Promise<void> {
    this.requireSession();
    const file = this.savedFiles.get(handle);
    if (file === undefined || !this.opts.showInFolder) throw new LedgerVaultError('E_NOT_FOUND');
    await this.opts.showInFolder(file);
  }

  copySecret(text: string): { clearsAt: number } {
    const clipboard = this.opts.clipboard;
    if (!clipboard) throw new LedgerVaultError('E_INTERNAL', 'This front end has no clipboard.');
    this.requireSession();
    // Neither the copy nor the later clearing may throw or reject into the event loop.
    const settle = (fn: () => unknown) => {
      try {
        Promise.resolve(fn()).catch((err: unknown) => this.reportBackground(err));
      } catch (err) {
        this.reportBackground(err);
      }
    };
    settle(() => clipboard.writeText(text));
    const timer = setTimeout(
      () =>
        settle(async () => {
          if ((await clipboard.readText()) === text) await clipboard.writeText('');
        }),
      CLIPBOARD_CLEAR_MS,
    );
    timer.unref?.();
    return { clearsAt: Date.now() + CLIPBOARD_CLEAR_MS };
  }

  async saveExport(suggestedName: string, bytes: Buffer): Promise<(SavedTo & { bytes: number }) | null> {
    if (!this.opts.saveExport) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot save files.');
    const saved = await this.opts.saveExport(suggestedName, bytes);
    // `discard` goes along: the core removes the file if the export's audit event cannot be written.
    return saved ? { ...saved, bytes: bytes.length } : null;
  }

  /** The report's PDF (Electron: printToPDF; the harness: Playwright's Chromium); E_INTERNAL where none. */
  async printPdf(html: string): Promise<Buffer> {
    if (!this.opts.printPdf) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot print to PDF.');
    return this.opts.printPdf(html);
  }
  async openFile(purpose: OpenPurpose, maxBytes: number): Promise<ChosenFile | null> {
    if (!this.opts.openFile) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot open files.');
    return this.opts.openFile(purpose, maxBytes);
  }

  async chooseOpenPath(purpose: OpenPurpose): Promise<string | null> {
    if (!this.opts.chooseOpenPath) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot open files.');
    return this.opts.chooseOpenPath(purpose);
  }

  listRemovableDrives(): Promise<DriveListing> {
    return (this.opts.listDrives ?? listRemovableDrives)();
  }

  async chooseFolder(purpose: FolderPurpose): Promise<string | null> {
    if (!this.opts.chooseFolder) throw new LedgerVaultError('E_INTERNAL', 'This front end cannot choose folders.');
    return this.opts.chooseFolder(purpose);
  }

  /** What the restore screens work on (core/restore): this front end's vault folder, keychain and dialogs. */
  restoreHost(): RestoreHost {
    return {
      vaultDir: this.opts.vaultDir,
      keyStore: this.opts.keyStore,
      kdf: this.opts.kdf,
      appVersion: this.opts.version,
      status: () => this.status(),
      chooseOpenPath: (purpose) => this.chooseOpenPath(purpose),
      chooseFolder: (purpose) => this.chooseFolder(purpose),
    };
  }

  /** What the update screens work on (core/update): the pinned keys, the keychain, the installer. */
  updateHost(): UpdateHost {
    return {
      keyStore: this.opts.keyStore,
      pinnedKeys: this.opts.updateKeys ?? [],
      version: this.opts.version,
      chooseFolder: (purpose) => this.chooseFolder(purpose),
      installUpdate: this.opts.installUpdate,
      restartToUpdate: this.opts.restartToUpdate,
    };
  }

  /** The signed-in session, for features that need one; E_VAULT_LOCKED otherwise. */
  requireSession(): VaultSession {
    if (!this.session?.isOpen) throw new LedgerVaultError('E_VAULT_LOCKED');
    return this.session;
  }

  private sessionInfo(s: VaultSession): SessionInfo {
    return { username: s.user.username, displayName: s.user.displayName, role: s.user.role };
  }
}
