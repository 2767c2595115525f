/**
 * The backup screen's channels (issue 13): status and history, an export into a folder the shell
 * asks the user for (with progress and cancel, one at a time), and the office passphrase.
 */
import { authorize, decide } from '../access/authorize';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { LedgerVaultError } from '../errors';
import type { BackupJobView, BackupStatusView } from '../../shared/backup/contract';
import { exportBackup } from './backup-export';
import { listBackups } from './backup-history';
import { readBackupPassphrase, setBackupPassphrase } from './backup-passphrase';

/** The home screen and the posture turn amber, then red, this many days after the last verified backup. */
export const BACKUP_AMBER_DAYS = 7;
export const BACKUP_RED_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

const idle = (): BackupJobView => ({ running: false, phase: null, bytes: 0, total: 0, startedAt: null });

export function registerBackupHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  let job = idle();
  let signal: { cancelled: boolean } | null = null;

  registry.register('backup:status', (): BackupStatusView => {
    const session = s();
    const canExport = decide(session, 'backup.export').allowed;
    const canSetPassphrase = decide(session, 'settings.update').allowed;
    const history = listBackups(session, 50);
    const last = history.find((b) => b.verifiedAt !== null) ?? null;
    const ageDays = last ? Math.floor((Date.now() - Date.parse(last.verifiedAt!)) / DAY_MS) : null;
    const level =
      ageDays === null ? 'none' : ageDays >= BACKUP_RED_DAYS ? 'red' : ageDays >= BACKUP_AMBER_DAYS ? 'amber' : 'green';
    const row = (b: (typeof history)[number]) => ({
      backupId: b.backupId,
      createdAt: b.createdAt,
      createdByName: b.createdByName,
      kind: b.kind,
      folder: b.folder,
      fileName: b.fileName,
      bytes: b.bytes,
      verifiedAt: b.verifiedAt,
    });
    return {
      last: last ? row(last) : null,
      ageDays,
      level,
      amberAfterDays: BACKUP_AMBER_DAYS,
      redAfterDays: BACKUP_RED_DAYS,
      history: history.map(row),
      passphraseSet: readBackupPassphrase(session.db) !== null,
      canExport,
      canSetPassphrase,
    };
  });

  registry.register('backup:export', async () => {
    // Refused before the dialog opens; one backup at a time.
    authorize(s(), 'backup.export');
    if (job.running) throw new LedgerVaultError('E_BUSY', 'A backup is already being written.');
    const folder = await service.chooseFolder('backup-folder');
    if (folder === null) return null;
    signal = { cancelled: false };
    job = { running: true, phase: 'writing', bytes: 0, total: 0, startedAt: new Date().toISOString() };
    try {
      const made = await exportBackup(s(), folder, {
        appVersion: service.info().version,
        signal,
        onProgress: (p) => {
          job = { ...job, phase: p.phase, bytes: p.bytes, total: p.total };
        },
      });
      return {
        file: made.file,
        sameDiskAsVault: made.sameDiskAsVault,
        pruned: made.pruned,
        bytes: made.bytes,
        chunks: made.chunks,
        verifiedAt: made.verifiedAt,
      };
    } finally {
      job = idle();
      signal = null;
    }
  });

  registry.register('backup:progress', () => {
    s();
    return job;
  });

  registry.register('backup:cancel', () => {
    authorize(s(), 'backup.export');
    if (!signal) return false;
    signal.cancelled = true;
    return true;
  });

  registry.register('backup:setPassphrase', async ({ passphrase }) => {
    const r = await setBackupPassphrase(s(), passphrase);
    return r;
  });
}
