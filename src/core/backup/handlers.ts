/**
 * The backup screen's channels (issue 13): status and history, an export into a folder the shell
 * asks the user for or onto a listed removable drive (with progress and cancel, one at a time,
 * shared with the daily backup), checking a backup file, the schedule's folder, and the office
 * passphrase. The daily backup's timer follows the session (backup-scheduler.ts).
 */
import { authorize, decide } from '../access/authorize';
import type { HandlerContext } from '../ipc/context';
import type { IpcRegistry } from '../ipc/registry';
import { inputError } from '../errors';
import { isInsideVault } from '../export/target';
import { readSettings, setBackupScheduleFolder } from '../settings/settings';
import type { VaultSession } from '../vault/session';
import type { BackupRowView, BackupStatusView, ExportedBackupView } from '../../shared/backup/contract';
import { checkBackupFile } from './backup-check';
import { exportBackup, type ExportedBackup } from './backup-export';
import { listBackups } from './backup-history';
import { BackupJob } from './backup-job';
import { readBackupPassphrase, setBackupPassphrase } from './backup-passphrase';
import { backupAge, nextSlot } from './backup-schedule';
import { BackupScheduler, readLastAttempt, runsInSession } from './backup-scheduler';
import { findDrive } from './removable-drives';
import { statSync } from 'node:fs';

const row = (b: ReturnType<typeof listBackups>[number]): BackupRowView => ({
  backupId: b.backupId,
  createdAt: b.createdAt,
  createdByName: b.createdByName,
  kind: b.kind,
  folder: b.folder,
  fileName: b.fileName,
  bytes: b.bytes,
  verifiedAt: b.verifiedAt,
});

const view = (made: ExportedBackup): ExportedBackupView => ({
  file: made.file,
  sameDiskAsVault: made.sameDiskAsVault,
  pruned: made.pruned,
  bytes: made.bytes,
  chunks: made.chunks,
  verifiedAt: made.verifiedAt,
});

function status(session: VaultSession): BackupStatusView {
  const settings = readSettings(session);
  const history = listBackups(session, 50);
  const last = history.find((b) => b.verifiedAt !== null) ?? null;
  const age = backupAge(last?.verifiedAt ?? null, Date.now(), {
    amberDays: settings.backupAmberDays,
    redDays: settings.backupRedDays,
  });
  const schedule = settings.backupSchedule;
  const on = schedule.enabled && schedule.folder !== null;
  return {
    last: last ? row(last) : null,
    ageDays: age.ageDays,
    level: age.level,
    amberAfterDays: settings.backupAmberDays,
    redAfterDays: settings.backupRedDays,
    history: history.map(row),
    passphraseSet: readBackupPassphrase(session.db) !== null,
    canExport: decide(session, 'backup.export').allowed,
    canSetPassphrase: decide(session, 'settings.update').allowed,
    schedule: {
      ...schedule,
      runsInThisSession: on && runsInSession(session),
      nextAt: on ? new Date(nextSlot(schedule.time, Date.now())).toISOString() : null,
      lastAttempt: readLastAttempt(session.db),
    },
  };
}

export function registerBackupHandlers(registry: IpcRegistry, service: HandlerContext): void {
  const s = () => service.requireSession();
  const job = new BackupJob();
  const write = (session: VaultSession, folder: string, kind: 'manual' | 'scheduled') =>
    job.run(kind, (signal, onProgress) =>
      exportBackup(session, folder, { appVersion: service.info().version, kind, signal, onProgress }),
    );
  const scheduler = new BackupScheduler({ run: (session, folder) => write(session, folder, 'scheduled') });
  service.onSessionChange((session) => scheduler.sessionChanged(session));

  registry.register('backup:status', (): BackupStatusView => {
    const result = status(s());
    // The home screen asks after sign-in and after a restriction lifts: a due backup starts.
    scheduler.poke();
    return result;
  });

  registry.register('backup:export', async ({ driveId }) => {
    // Refused before the dialog opens; one backup at a time.
    authorize(s(), 'backup.export');
    job.assertFree();
    let folder: string | null;
    if (driveId !== undefined) {
      // The renderer names a drive it was shown; where that drive is mounted now, the core finds out.
      const drive = await findDrive(driveId, () => service.listRemovableDrives());
      if (!drive) throw inputError('backup.driveGone');
      folder = drive.mountPoint;
    } else folder = await service.chooseFolder('backup-folder');
    if (folder === null) return null;
    return view(await write(s(), folder, 'manual'));
  });

  registry.register('backup:drives', async () => {
    authorize(s(), 'backup.export');
    return service.listRemovableDrives();
  });

  registry.register('backup:verifyFile', async () => {
    s();
    const file = await service.chooseOpenPath('backup-file');
    if (file === null) return null;
    return checkBackupFile(s(), file);
  });

  registry.register('backup:scheduleFolder', async () => {
    authorize(s(), 'settings.update');
    const chosen = await service.chooseFolder('backup-folder');
    if (chosen === null) return null;
    const session = s();
    let usable = false;
    try {
      usable = statSync(chosen).isDirectory();
    } catch {
      usable = false;
    }
    if (!usable) throw inputError('backup.folderNotUsable', { folder: chosen });
    if (isInsideVault(chosen, session.paths.dir)) throw inputError('backup.insideVault');
    setBackupScheduleFolder(session, chosen);
    return { folder: chosen };
  });

  registry.register('backup:progress', () => {
    s();
    return job.view;
  });

  registry.register('backup:cancel', () => {
    authorize(s(), 'backup.export');
    return job.cancel();
  });

  registry.register('backup:setPassphrase', async ({ passphrase, recoveryKey }) => {
    const r = await setBackupPassphrase(s(), passphrase, recoveryKey);
    return r;
  });
}
