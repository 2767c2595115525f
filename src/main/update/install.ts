/**
 * The updater glue (issue 15, Build 3): the core verified a release and asks this process to
 * install it. Verified again here, from the files, against the key compiled into this bundle;
 * only then are exactly the verified files served on loopback (verified-server.ts, which hashes
 * each once more as it serves it) to electron-updater's generic provider, so its own checks
 * (latest.yml's SHA-512; on Windows the installer's Authenticode publisher, which stays on) still
 * apply. Nothing installs at quit by itself: only restart() after a download that matched.
 */
import path from 'node:path';
import { LedgerVaultError } from '../../core/errors';
import { refusalError } from '../../core/update/refusals';
import type { UpdateInstallRequest } from '../../core/update/update-flows';
import { verifyRelease } from '../../core/update/verify-release';
import { startVerifiedServer } from './verified-server';

/** The part of electron-updater's AppUpdater this glue uses (a mock in tests). */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface InstallerDeps {
  /** electron-updater's autoUpdater, loaded only when an install is asked for. */
  updater: () => Promise<AutoUpdaterLike>;
  pinnedKeys: readonly string[];
  now?: () => Date;
}

function installerError(reason: string): LedgerVaultError {
  return new LedgerVaultError('E_INTEGRITY', `The installer refused the update: ${reason}`, {
    messageKey: 'update.installerFailed',
    params: { reason },
  });
}

export class UpdateInstaller {
  private ready: string | null = null;
  private busy = false;

  constructor(private readonly deps: InstallerDeps) {}

  /** The version downloaded and waiting for restart(), if any. */
  get readyVersion(): string | null {
    return this.ready;
  }

  async install(request: UpdateInstallRequest): Promise<void> {
    if (this.busy) throw new LedgerVaultError('E_BUSY', 'An update is already being handed to the installer.');
    this.busy = true;
    try {
      await this.installOnce(request);
    } finally {
      this.busy = false;
    }
  }

  private async installOnce(request: UpdateInstallRequest): Promise<void> {
    const files = request.files.filter((f) => path.isAbsolute(f));
    if (files.length !== request.files.length) throw installerError('a file path is not absolute');
    const verdict = await verifyRelease(files, this.deps.pinnedKeys, request.trust, this.deps.now?.() ?? new Date());
    if (!verdict.accepted) throw refusalError(verdict.refusal);
    const release = verdict.release;
    if (release.signed.version !== request.version)
      throw installerError(`the files are version ${release.signed.version}, not ${request.version}`);

    const server = await startVerifiedServer(release.files);
    try {
      const updater = await this.deps.updater();
      // Only what we ask for, when we ask: no download on check, no install at quit, never older.
      updater.autoDownload = false;
      updater.autoInstallOnAppQuit = false;
      updater.allowDowngrade = false;
      updater.allowPrerelease = false;
      updater.setFeedURL({ provider: 'generic', url: server.url });
      const found = await updater.checkForUpdates();
      if (!found) throw installerError('the updater is not active (an unpackaged build?)');
      if (found.updateInfo.version !== release.signed.version)
        throw installerError(`the feed offered ${found.updateInfo.version}, not ${release.signed.version}`);
      await updater.downloadUpdate();
      if (server.mismatches.length > 0)
        throw installerError(`${server.mismatches.join(', ')} changed after verification`);
      this.ready = release.signed.version;
    } finally {
      await server.close();
    }
  }

  /** Quits and installs the downloaded release; refused when nothing verified was downloaded. */
  async restart(): Promise<void> {
    if (!this.ready) throw new LedgerVaultError('E_NOT_FOUND', 'No verified update was downloaded.');
    const updater = await this.deps.updater();
    updater.quitAndInstall(false, true);
  }
}
