/**
 * The update screen's operations (issue 15, Builds 3 and 4), in the core: admins only (the
 * 'updates.install' operation), every check, refusal, install and restart audited. A release is
 * verified when checked, and verified again from its files just before it is handed to the shell's
 * installer (electron-updater in src/main/update/), which verifies it a third time as it serves it.
 * The app reaches no network by itself: the office URL is fetched only when an admin asks.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { authorize } from '../access/authorize';
import { LedgerVaultError } from '../errors';
import type { FolderPurpose } from '../fs/read-chosen';
import type { KeyStore } from '../keystore/keystore';
import type { VaultSession } from '../vault/session';
import type { UpdateCheckView, UpdateInstallView, UpdateStatusView } from '../../shared/update/contract';
import { downloadRelease } from './office-source';
import { keyFingerprint, MANIFEST_NAME } from './manifest';
import { refusalError, type Refusal } from './refusals';
import { learnKey, loadTrustState } from './trust-state';
import type { TrustState } from './verify-manifest';
import { verifyRelease, type VerifiedRelease } from './verify-release';

/** What the shell's installer is handed: the verified files by path, and what to check them against. */
export interface UpdateInstallRequest {
  version: string;
  /** Absolute paths: the manifest and every file it lists, nothing else. */
  files: string[];
  trust: TrustState;
}

export interface UpdateHost {
  keyStore: KeyStore;
  /** The pinned publisher keys compiled into the app. */
  pinnedKeys: readonly string[];
  version: string;
  chooseFolder(purpose: FolderPurpose): Promise<string | null>;
  /** Hands a verified release to the platform installer; resolves when it is ready to restart. */
  installUpdate?(request: UpdateInstallRequest): Promise<void>;
  restartToUpdate?(): Promise<void>;
  now?: () => Date;
}

export const OFFICE_URL_META = 'update.officeUrl';

interface Checked {
  session: VaultSession;
  source: 'folder' | 'office-url';
  /** The folder the files were read from (for the office URL: the download folder). */
  folder: string;
  release: VerifiedRelease;
}

export class UpdateFlows {
  private checked = new Map<string, Checked>();
  private ready: string | null = null;

  constructor(private readonly host: UpdateHost) {}

  private now(): Date {
    return this.host.now?.() ?? new Date();
  }

  async status(session: VaultSession): Promise<UpdateStatusView> {
    authorize(session, 'updates.install');
    const loaded = await loadTrustState(session, this.host.keyStore, this.host.version);
    return {
      currentVersion: this.host.version,
      highestInstalled: loaded.trust.highestInstalled,
      vaultCopy: loaded.vaultCopy,
      keychainCopy: loaded.keychainCopy,
      mirror: loaded.mirror,
      trustedKeys: [
        ...this.host.pinnedKeys.map((k) => ({ fingerprint: fp(k), source: 'pinned' as const })),
        ...loaded.trust.learnedKeys.map((k) => ({ fingerprint: fp(k), source: 'learned' as const })),
      ],
      officeUrl: session.getMeta(OFFICE_URL_META),
      readyToRestart: this.ready,
    };
  }

  async setOfficeUrl(session: VaultSession, url: string | null): Promise<UpdateStatusView> {
    authorize(session, 'updates.install');
    const value = url === null || url === '' ? null : checkOfficeUrl(url);
    const before = session.getMeta(OFFICE_URL_META);
    session.write((ctx) => {
      session.setMeta(ctx, OFFICE_URL_META, value ?? '');
      ctx.audit({ action: 'update.officeUrl', targetType: 'app', details: { from: before || null, to: value } });
    });
    return this.status(session);
  }

  async checkFolder(session: VaultSession): Promise<UpdateCheckView | null> {
    authorize(session, 'updates.install');
    const folder = await this.host.chooseFolder('update-folder');
    if (folder === null) return null;
    return this.check(session, 'folder', folder, path.basename(folder));
  }

  async checkOffice(session: VaultSession): Promise<UpdateCheckView> {
    authorize(session, 'updates.install');
    const url = session.getMeta(OFFICE_URL_META);
    if (!url)
      throw new LedgerVaultError('E_NOT_FOUND', 'No office update URL is set.', { messageKey: 'update.noOfficeUrl' });
    let download: Awaited<ReturnType<typeof downloadRelease>>;
    try {
      download = await downloadRelease(url);
    } catch (err) {
      this.audit(session, 'update.check', 'failed', { source: 'office-url', url, reason: describe(err) });
      throw err;
    }
    if ('refusal' in download) {
      this.audit(session, 'update.check', 'failed', { source: 'office-url', url, refusal: download.refusal.code });
      throw refusalError(download.refusal);
    }
    return this.check(session, 'office-url', download.folder, url);
  }

  private async check(
    session: VaultSession,
    source: Checked['source'],
    folder: string,
    sourceName: string,
  ): Promise<UpdateCheckView> {
    const { trust } = await loadTrustState(session, this.host.keyStore, this.host.version);
    const verdict = await verifyRelease(folder, this.host.pinnedKeys, trust, this.now());
    if (!verdict.accepted) {
      this.refused(session, 'update.check', verdict.refusal, { source, from: sourceName });
      throw refusalError(verdict.refusal);
    }
    const r = verdict.release;
    this.audit(session, 'update.check', 'ok', {
      source,
      from: sourceName,
      version: r.signed.version,
      key: r.key.fingerprint,
      keyTrust: r.key.trust,
      highestInstalled: r.highestInstalled,
      expiresAt: r.signed.expiresAt,
    });
    const handle = randomBytes(16).toString('hex');
    this.checked.set(handle, { session, source, folder, release: r });
    return {
      handle,
      source,
      sourceName,
      currentVersion: this.host.version,
      version: r.signed.version,
      releaseDate: r.signed.releaseDate,
      expiresAt: r.signed.expiresAt,
      releaseNotes: r.signed.releaseNotes ?? null,
      key: { fingerprint: r.key.fingerprint, trust: r.key.trust, endorsedBy: r.key.endorsedBy ?? null },
      nextKey: r.nextKey?.fingerprint ?? null,
      highestInstalled: r.highestInstalled,
      checkedAt: r.checkedAt,
      files: r.files.map(({ name, size, sha512 }) => ({ name, size, sha512 })),
    };
  }

  /**
   * Verifies the checked release again from its files (they may have changed since the check),
   * then hands exactly those files to the installer. Nothing reaches the installer otherwise.
   */
  async install(session: VaultSession, handle: string): Promise<UpdateInstallView> {
    authorize(session, 'updates.install');
    const checked = this.checked.get(handle);
    if (!checked || checked.session !== session)
      throw new LedgerVaultError('E_NOT_FOUND', 'Check the update first.', { messageKey: 'update.notChecked' });
    if (!this.host.installUpdate)
      throw new LedgerVaultError('E_INTERNAL', 'This front end cannot install updates.', {
        messageKey: 'update.cannotInstall',
      });
    const { trust } = await loadTrustState(session, this.host.keyStore, this.host.version);
    const verdict = await verifyRelease(checked.folder, this.host.pinnedKeys, trust, this.now());
    const version = checked.release.signed.version;
    if (!verdict.accepted) {
      this.checked.delete(handle);
      this.refused(session, 'update.install', verdict.refusal, { version });
      throw refusalError(verdict.refusal);
    }
    if (verdict.release.signed.version !== version) {
      this.checked.delete(handle);
      throw new LedgerVaultError('E_CONFLICT', 'The update folder changed since it was checked.', {
        messageKey: 'update.changedSinceCheck',
      });
    }
    const release = verdict.release;
    if (release.nextKey) await learnKey(session, this.host.keyStore, trust, release.nextKey.publicKey);
    const files = [path.join(checked.folder, MANIFEST_NAME), ...release.files.map((f) => f.path)];
    try {
      await this.host.installUpdate({ version, files, trust });
    } catch (err) {
      this.audit(session, 'update.install', 'failed', { version, reason: describe(err) });
      if (err instanceof LedgerVaultError && err.messageKey) throw err;
      const reason = describe(err);
      throw new LedgerVaultError('E_INTERNAL', `The installer failed: ${reason}`, {
        messageKey: 'update.installerFailed',
        params: { reason },
      });
    }
    this.audit(session, 'update.install', 'ok', {
      version,
      from: checked.source,
      key: release.key.fingerprint,
      files: release.files.map((f) => ({ name: f.name, size: f.size, sha512: f.sha512 })),
    });
    this.checked.delete(handle);
    this.ready = version;
    return { version, state: 'ready' };
  }

  async restart(session: VaultSession): Promise<null> {
    authorize(session, 'updates.install');
    if (!this.ready || !this.host.restartToUpdate)
      throw new LedgerVaultError('E_NOT_FOUND', 'No update is ready to install.', { messageKey: 'update.notReady' });
    this.audit(session, 'update.restart', 'ok', { version: this.ready });
    await this.host.restartToUpdate();
    return null;
  }

  /** Forgets checked releases (the session locked). */
  forget(): void {
    this.checked.clear();
  }

  private refused(session: VaultSession, action: string, r: Refusal, details: Record<string, unknown>): void {
    this.audit(session, action, 'failed', { ...details, refusal: r.code, ...r.params, detail: r.detail });
  }

  private audit(session: VaultSession, action: string, outcome: 'ok' | 'failed', details: Record<string, unknown>) {
    if (!session.isOpen || session.integrityAlarm) return;
    session.write((ctx) => ctx.audit({ action, outcome, targetType: 'app', details }));
  }
}

function fp(key: string): string {
  return keyFingerprint(Buffer.from(key, 'base64'));
}

function describe(err: unknown): string {
  if (err instanceof LedgerVaultError) return err.detail;
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
}

/** http(s) only, no credentials in it (they would land in the audit log). */
export function checkOfficeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LedgerVaultError('E_INPUT', 'The office update URL is not a URL.', { messageKey: 'update.officeUrl' });
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash)
    throw new LedgerVaultError('E_INPUT', 'The office update URL must be http(s) without a user, query or #.', {
      messageKey: 'update.officeUrl',
    });
  return u.toString().replace(/\/$/, '');
}
