/**
 * The restore screens' work (issue 13, Build 6), before anyone is signed in, on the vault folder
 * of this front end:
 * - restore a backup file (picked in the shell's open dialog) into it, over an existing vault only
 *   when the user confirmed (backup-restore.ts keeps the old folder aside);
 * - open a vault folder copied from elsewhere (picked in the folder dialog) with the recovery key:
 *   it is copied in, page-encrypted as it is, and recovered (a new device secret here);
 * - open the vault already here with the recovery key, when this keychain lacks its secret or
 *   every admin password is forgotten (what `ledgervault recover` does).
 *
 * Each leaves the vault locked: the admin then signs in with the new password (and enrols
 * two-step verification again, since the old secret was sealed under the identity replaced).
 * Paths stay here, by random handle; the renderer never names a file.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  fsyncSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { readBackup } from '../backup/backup-reader';
import { restoreBackup, vaultInUse } from '../backup/backup-restore';
import type { Argon2Params } from '../crypto/argon2id';
import { inputError, LedgerVaultError } from '../errors';
import { fsyncDirectory } from '../fs/atomic-write';
import type { FolderPurpose, OpenPurpose } from '../fs/read-chosen';
import type { KeyStore } from '../keystore/keystore';
import { recoverVault } from '../upgrade/upgrade-v2-recover';
import { readKeysFile } from '../vault/keys-file';
import { vaultPaths } from '../vault/paths';
import type { VaultSession } from '../vault/session';
import type { FolderPickView, RestoredView, RestorePickView } from '../../shared/restore/contract';
import type { VaultStatus } from '../../shared/vault/contract';

export interface RestoreHost {
  vaultDir: string;
  keyStore: KeyStore;
  kdf?: Argon2Params | 'calibrate';
  appVersion: string;
  status(): VaultStatus;
  chooseOpenPath(purpose: OpenPurpose): Promise<string | null>;
  chooseFolder(purpose: FolderPurpose): Promise<string | null>;
}

/** The files a vault folder holds that matter; the -wal holds committed pages not yet in vault.db. */
const VAULT_FILES = ['vault.keys', 'vault.pending', 'vault.db', 'vault.db-wal'];

export class RestoreFlows {
  private readonly picked = new Map<string, { kind: 'backup' | 'folder'; path: string }>();

  constructor(private readonly host: RestoreHost) {}

  /** Only while nobody is signed in: a restore replaces what a session would be working on. */
  private assertLocked(): VaultStatus {
    const status = this.host.status();
    if (status.state === 'unlocked')
      throw new LedgerVaultError('E_BUSY', 'Lock the vault before restoring.', { messageKey: 'restore.lockFirst' });
    return status;
  }

  private remember(kind: 'backup' | 'folder', file: string): string {
    const handle = randomBytes(16).toString('hex');
    this.picked.set(handle, { kind, path: file });
    return handle;
  }

  private pickedPath(handle: string, kind: 'backup' | 'folder'): string {
    const entry = this.picked.get(handle);
    if (!entry || entry.kind !== kind) throw new LedgerVaultError('E_NOT_FOUND', 'Pick the file again.');
    return entry.path;
  }

  /** Asks for a backup file and checks it without a secret (structure, every chunk, the signature). */
  async pickBackup(): Promise<RestorePickView | null> {
    const status = this.assertLocked();
    const file = await this.host.chooseOpenPath('backup-file');
    if (file === null) return null;
    const check = await readBackup(file);
    const passphrase = check.header.recipients.find((r) => r.type === 'passphrase-argon2id');
    return {
      handle: this.remember('backup', file),
      fileName: path.basename(file),
      vaultId: check.header.vaultId,
      createdAt: check.header.createdAt,
      createdBy: check.manifest.signer.username,
      appVersion: check.header.appVersion,
      passphraseRestores: passphrase?.type === 'passphrase-argon2id' && passphrase.recoveryEscrow !== undefined,
      replacesVault: status.state === 'locked',
    };
  }

  async fromBackup(input: {
    handle: string;
    recoveryKey?: string;
    passphrase?: string;
    adminUsername: string;
    newPassword: string;
    replaceExisting?: true;
  }): Promise<RestoredView> {
    this.assertLocked();
    const r = await restoreBackup({
      file: this.pickedPath(input.handle, 'backup'),
      dir: this.host.vaultDir,
      adminUsername: input.adminUsername,
      ...(input.recoveryKey !== undefined ? { recoveryKey: input.recoveryKey } : {}),
      ...(input.passphrase !== undefined ? { passphrase: input.passphrase } : {}),
      newPassword: input.newPassword,
      keyStore: this.host.keyStore,
      kdf: this.host.kdf,
      replaceExisting: input.replaceExisting === true,
    });
    await this.close(r.session);
    return {
      vaultId: r.session.vaultId,
      backupCreatedAt: r.backupCreatedAt,
      backupCreatedBy: r.backupCreatedBy,
      usersNeedingReset: r.usersNeedingReset,
      previousVaultMovedTo: r.previousVaultMovedTo,
      status: this.host.status(),
    };
  }

  /** Asks for a vault folder (copied from another workstation or a share) to open here. */
  async pickFolder(): Promise<FolderPickView | null> {
    const status = this.assertLocked();
    if (status.state !== 'no-vault') throw new LedgerVaultError('E_EXISTS', 'A vault is already on this workstation.');
    const dir = await this.host.chooseFolder('vault-folder');
    if (dir === null) return null;
    let vaultId: string;
    try {
      vaultId = readKeysFile(vaultPaths(dir)).vaultId;
    } catch {
      throw inputError('restore.notAVault', { folder: dir });
    }
    return { handle: this.remember('folder', dir), vaultId };
  }

  async withRecoveryKey(input: {
    handle?: string;
    recoveryKey: string;
    adminUsername: string;
    newPassword: string;
  }): Promise<RestoredView> {
    const status = this.assertLocked();
    const dir = this.host.vaultDir;
    if (input.handle !== undefined) {
      if (status.state !== 'no-vault')
        throw new LedgerVaultError('E_EXISTS', 'A vault is already on this workstation.');
      copyVaultFolder(this.pickedPath(input.handle, 'folder'), dir);
    } else if (status.state !== 'locked') throw new LedgerVaultError('E_NOT_FOUND', 'There is no vault here yet.');
    let recovered;
    try {
      recovered = await recoverVault({
        dir,
        adminUsername: input.adminUsername,
        recoveryKey: input.recoveryKey,
        newPassword: input.newPassword,
        keyStore: this.host.keyStore,
        kdf: this.host.kdf,
      });
    } catch (err) {
      // A copy that did not open (wrong key, no such admin) is not left behind as this workstation's vault.
      if (input.handle !== undefined) rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    await this.close(recovered.session);
    return {
      vaultId: recovered.session.vaultId,
      backupCreatedAt: null,
      backupCreatedBy: null,
      usersNeedingReset: recovered.usersNeedingReset,
      previousVaultMovedTo: null,
      status: this.host.status(),
    };
  }

  private async close(session: VaultSession): Promise<void> {
    session.lock();
    await session.anchorsWritten();
  }
}

/**
 * Copies a vault folder's files into `to` (which must not exist), through a staging folder beside
 * it: each file flushed, then one rename. The files are page-encrypted as they are; nothing is
 * decrypted on the way. A folder another process has open is refused (its -wal is still moving).
 */
export function copyVaultFolder(from: string, to: string): void {
  if (vaultInUse(from))
    throw new LedgerVaultError('E_BUSY', 'That vault is open in LedgerVault; lock it and close the app first.', {
      messageKey: 'backup.restoreVaultOpen',
    });
  if (existsSync(to) && readdirSync(to).length > 0) throw inputError('backup.restoreTargetNotEmpty', { folder: to });
  const parent = path.dirname(path.resolve(to));
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(to)}.copying-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    for (const name of VAULT_FILES) {
      const source = path.join(from, name);
      if (!existsSync(source)) continue;
      const target = path.join(staging, name);
      copyFileSync(source, target);
      const fd = openSync(target, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    fsyncDirectory(staging);
    if (existsSync(to)) rmSync(to, { recursive: true, force: true });
    renameSync(staging, to);
    fsyncDirectory(parent);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
