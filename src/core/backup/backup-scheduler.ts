/**
 * The daily backup's timer (issue 13, Build 4): while a session that may export backups
 * (managers: backup.export) is open, it looks at sign-in, at the schedule's time and at least every
 * MAX_CHECK_MS, asks backup-schedule.ts whether one is due and, if so, writes it into the
 * configured folder (kind 'scheduled'), sharing the one-at-a-time job with manual exports. A lock
 * clears the timer and cancels a backup being written; a missed one runs at the next sign-in.
 *
 * Each attempt, made or failed, is kept in vault_meta (the home screen and the backup screen show
 * a failure with its reason); a failure is also in the audit log (exportBackup records it).
 */
import { decide } from '../access/authorize';
import { toPublicError, LedgerVaultError } from '../errors';
import { readSettings } from '../settings/settings';
import type { SqliteDb } from '../vault/database';
import type { VaultSession } from '../vault/session';
import type { PublicError } from '../../shared/errors';
import type { ScheduledAttemptView } from '../../shared/backup/contract';
import { listBackups } from './backup-history';
import { msUntilNextCheck, newestOf, scheduledBackupDue, MAX_CHECK_MS } from './backup-schedule';

const META_KEY = 'backup_schedule_last';
/** A manual export is running: look again this much later. */
const BUSY_RETRY_MS = 60_000;

export function readLastAttempt(db: SqliteDb): ScheduledAttemptView | null {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as Partial<ScheduledAttemptView>;
    if (typeof v.at !== 'string' || typeof v.ok !== 'boolean') return null;
    return { at: v.at, ok: v.ok, error: (v.error as PublicError | undefined) ?? null, fileName: v.fileName ?? null };
  } catch {
    return null;
  }
}

function writeLastAttempt(session: VaultSession, attempt: ScheduledAttemptView): void {
  session.write((ctx) => {
    ctx.db
      .prepare(
        'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(META_KEY, JSON.stringify(attempt));
  });
}

/** The newest scheduled attempt in this vault (history or the failure record), as epoch ms. */
export function lastScheduledAttemptAt(session: VaultSession): number | null {
  const made = listBackups(session, 50).find((b) => b.kind === 'scheduled');
  return newestOf(made?.createdAt, readLastAttempt(session.db)?.at);
}

/** Whether the daily backup runs in this session (it may export, and nothing restricts it). */
export function runsInSession(session: VaultSession): boolean {
  return session.isOpen && !session.integrityAlarm && decide(session, 'backup.export').allowed;
}

export interface SchedulerDeps {
  /** Writes one scheduled backup into `folder` (through the shared job: E_BUSY if one is running). */
  run: (session: VaultSession, folder: string) => Promise<{ file: string }>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A failure nobody waits for (the attempt could not be recorded). */
  onBackgroundError?: (err: unknown) => void;
}

export class BackupScheduler {
  private session: VaultSession | null = null;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer =
      deps.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref?.();
        return t;
      });
    this.clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Signed in (a session) or locked (null): a new session is looked at at once. */
  sessionChanged(session: VaultSession | null): void {
    this.disarm();
    this.session = session;
    if (session) this.check();
  }

  /** Look now (the home screen asked for the backup status: a restriction may have lifted). */
  poke(): void {
    if (this.session && !this.running) this.check();
  }

  /** The attempt under way, if any (tests wait for it). */
  get current(): Promise<void> | null {
    return this.running;
  }

  private disarm(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.check();
    }, ms);
  }

  private check(): void {
    const session = this.session;
    if (!session || this.running) return;
    try {
      if (!session.isOpen) return;
      if (!runsInSession(session)) return this.arm(MAX_CHECK_MS);
      const now = this.now();
      const schedule = readSettings(session).backupSchedule;
      const decision = scheduledBackupDue({ schedule, lastAttemptAt: lastScheduledAttemptAt(session), now });
      if (!decision.due || !schedule.folder) return this.arm(msUntilNextCheck(decision, now));
      this.running = this.attempt(session, schedule.folder, now).then((next) => {
        this.running = null;
        // Recorded: look again (which sets the timer for the next day's time).
        if (next === 'look-again' && this.session === session && session.isOpen) this.check();
      });
    } catch (err) {
      this.report(err);
      this.arm(MAX_CHECK_MS);
    }
  }

  private async attempt(session: VaultSession, folder: string, startedAt: number): Promise<'look-again' | 'wait'> {
    const at = new Date(startedAt).toISOString();
    let attempt: ScheduledAttemptView;
    try {
      const made = await this.deps.run(session, folder);
      attempt = { at, ok: true, error: null, fileName: made.file.split(/[\\/]/).pop() ?? null };
    } catch (err) {
      // A manual export is being written: not an attempt; look again later.
      if (err instanceof LedgerVaultError && err.code === 'E_BUSY') {
        this.arm(BUSY_RETRY_MS);
        return 'wait';
      }
      // Locked meanwhile (the lock cancelled it): missed, so it runs at the next sign-in.
      if (!session.isOpen || this.session !== session) return 'wait';
      attempt = { at, ok: false, error: toPublicError(err), fileName: null };
    }
    try {
      if (session.isOpen && !session.integrityAlarm) writeLastAttempt(session, attempt);
    } catch (err) {
      this.report(err);
      // Not recorded: looking again now would start it again.
      this.arm(MAX_CHECK_MS);
      return 'wait';
    }
    return 'look-again';
  }

  private report(err: unknown): void {
    try {
      this.deps.onBackgroundError?.(err);
    } catch {
      // nothing left to tell
    }
  }
}
