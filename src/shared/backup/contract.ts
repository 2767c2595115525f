/** Backups (issue 13): the status and history, an export with progress and cancel, the office passphrase. */
import { z } from 'zod';
import type { PublicError } from '../errors';
import { empty, out } from '../schema-kit';

export interface BackupRowView {
  backupId: string;
  createdAt: string;
  createdByName: string;
  kind: string;
  folder: string;
  fileName: string;
  bytes: number;
  verifiedAt: string | null;
}

/** Green within `amberAfterDays` of the last verified backup, amber after, red after `redAfterDays`; none if never. */
export type BackupLevel = 'green' | 'amber' | 'red' | 'none';

export interface BackupStatusView {
  last: BackupRowView | null;
  ageDays: number | null;
  level: BackupLevel;
  amberAfterDays: number;
  redAfterDays: number;
  history: BackupRowView[];
  passphraseSet: boolean;
  canExport: boolean;
  canSetPassphrase: boolean;
  schedule: BackupScheduleView;
}

/** The daily backup as configured, and how its last attempt went. */
export interface BackupScheduleView {
  enabled: boolean;
  /** HH:MM, Beijing time. */
  time: string;
  folder: string | null;
  /** It runs in this session: a manager (backup.export) is signed in and it is configured. */
  runsInThisSession: boolean;
  /** When it next runs (while a manager is signed in), or null when it is off. */
  nextAt: string | null;
  lastAttempt: ScheduledAttemptView | null;
}

export interface ScheduledAttemptView {
  at: string;
  ok: boolean;
  /** Why it failed, to be worded in the reader's language. */
  error: PublicError | null;
  fileName: string | null;
}

/** A removable drive as the backup screen lists it; the renderer sends back only its id. */
export interface RemovableDriveView {
  id: string;
  label: string;
  mountPoint: string;
  sizeBytes: number | null;
  freeBytes: number | null;
}

export interface DriveListView {
  drives: RemovableDriveView[];
  /** Why the list may be incomplete: the system tool is missing, failed or said something unexpected. */
  problem: 'unsupported' | 'tool-failed' | 'unparseable' | null;
}

/** A backup file checked in the app (backup:verifyFile): intact, and whose. */
export interface BackupFileCheckView {
  fileName: string;
  backupId: string;
  createdAt: string;
  appVersion: string;
  signer: { username: string; keyFingerprint: string };
  /** The backup is of the vault open here. */
  thisVault: boolean;
  /** The signer was certified by this office's root (checked only for this vault's backups). */
  signerCertified: boolean;
  chunks: number;
  plainBytes: number;
}

export interface BackupJobView {
  running: boolean;
  /** A manager's export, or the daily one. */
  kind: 'manual' | 'scheduled' | null;
  phase: 'writing' | 'verifying' | null;
  bytes: number;
  total: number;
  startedAt: string | null;
}

export interface ExportedBackupView {
  file: string;
  /** The folder is on the vault's own disk: a disk failure takes both. */
  sameDiskAsVault: boolean;
  /** Older generations the retention policy removed (7 daily, 4 weekly, 12 monthly). */
  pruned: string[];
  bytes: number;
  chunks: number;
  verifiedAt: string;
}

export const backupContract = {
  'backup:status': { input: empty, output: out<BackupStatusView>() },
  /**
   * Asks the shell for a folder (or, given a drive id from backup:drives, uses that drive), writes
   * the backup there and reads it back; null when the dialog was cancelled.
   */
  'backup:export': {
    input: z.strictObject({ driveId: z.string().min(1).max(256).optional() }),
    output: out<ExportedBackupView | null>(),
  },
  'backup:drives': { input: empty, output: out<DriveListView>() },
  /** Asks the shell to pick a .lvbak and checks it with no secret; null when the dialog was cancelled. */
  'backup:verifyFile': { input: empty, output: out<BackupFileCheckView | null>() },
  /** Admins: the folder scheduled backups go to, from the shell's folder dialog; null when cancelled. */
  'backup:scheduleFolder': { input: empty, output: out<{ folder: string } | null>() },
  'backup:progress': { input: empty, output: out<BackupJobView>() },
  'backup:cancel': { input: empty, output: out<boolean>() },
  'backup:setPassphrase': {
    input: z.strictObject({ passphrase: z.string().min(1).max(1024), recoveryKey: z.string().min(1).max(200) }),
    output: out<{ setAt: string }>(),
  },
} as const;
