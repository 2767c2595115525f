/** Backups (issue 13): the status and history, an export with progress and cancel, the office passphrase. */
import { z } from 'zod';
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
}

export interface BackupJobView {
  running: boolean;
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
  /** Asks the shell for a folder, writes the backup there and reads it back; null when the dialog was cancelled. */
  'backup:export': { input: empty, output: out<ExportedBackupView | null>() },
  'backup:progress': { input: empty, output: out<BackupJobView>() },
  'backup:cancel': { input: empty, output: out<boolean>() },
  'backup:setPassphrase': {
    input: z.strictObject({ passphrase: z.string().min(1).max(1024) }),
    output: out<{ setAt: string }>(),
  },
} as const;
