/**
 * Restore a backup into a working vault (issue 13, Build 6): `ledgervault backup restore` and the
 * first-run screen. With the printed recovery key, or the office backup passphrase (whose escrow
 * of the recovery key's secret is in the backup's header), on any workstation:
 *
 * 1. the backup is read and every chunk opened into a private staging folder beside the target
 *    (page-encrypted files only, the vault's own form on disk; the DEK stays in memory);
 * 2. the snapshot must pass SQLite's integrity check and its audit chain must verify, or nothing
 *    else happens and the staging folder goes;
 * 3. an existing vault at the target is moved aside (never deleted), only when the caller
 *    confirmed it, and only when no process has it open;
 * 4. the staging folder is renamed into place and opened with the recovery key (recover-vault.ts):
 *    the named admin gets the new password and a new identity; on a workstation whose keychain
 *    lacks this vault, a new device secret, and the other staff need an admin to reset their
 *    passwords (which gives them new identities and client-key wraps);
 * 5. the audit chain continues with a `backup.restore` event naming the backup, and the keychain's
 *    audit anchor is replaced by the restored vault's (the restore is the new truth, on record).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Argon2Params } from '../crypto/argon2id';
import { wipe } from '../crypto/primitives';
import { inputError, LedgerVaultError } from '../errors';
import { fsyncDirectory } from '../fs/atomic-write';
import { asDiskError } from '../fs/disk-errors';
import type { KeyStore } from '../keystore/keystore';
import { readAuditAnchor } from '../vault/audit-anchor';
import { assertPasswordAcceptable } from '../vault/password-policy';
import { vaultPaths } from '../vault/paths';
import { recoverVault, type RecoveryResult } from '../vault/recover-vault';
import type { BackupHeader } from './backup-format';
import { fileKeyFromRecoveryKey, recoveryKeyFromPassphrase } from './backup-keys';
import { readBackup } from './backup-reader';
import { checkSnapshot } from './backup-verify';

export interface RestoreInput {
  file: string;
  /** The vault folder to create (or, with replaceExisting, to put aside and replace). */
  dir: string;
  adminUsername: string;
  /** One of the two. */
  recoveryKey?: string;
  passphrase?: string;
  newPassword: string;
  keyStore: KeyStore;
  /** The user confirmed that a vault already at `dir` is moved aside and replaced. */
  replaceExisting?: boolean;
  kdf?: Argon2Params | 'calibrate';
  migrationsDir?: string;
  onProgress?: (bytes: number, total: number) => void;
  now?: Date;
}

export interface RestoreResult extends RecoveryResult {
  backupId: string;
  backupCreatedAt: string;
  backupCreatedBy: string;
  /** Where the vault that was at the target now is; null when there was none. */
  previousVaultMovedTo: string | null;
}

/** The files a backup carries, by their names inside it. */
const FILES: Record<string, string> = {
  'vault/vault.keys': 'vault.keys',
  'vault/vault.pending': 'vault.pending',
  'vault/vault.db': 'vault.db',
};

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** What is at the target: nothing (or an empty folder), a vault, or something else we must not touch. */
function targetState(dir: string): 'free' | 'vault' | 'occupied' {
  if (!existsSync(dir)) return 'free';
  if (!statSync(dir).isDirectory()) return 'occupied';
  if (existsSync(vaultPaths(dir).keys)) return 'vault';
  return readdirSync(dir).length === 0 ? 'free' : 'occupied';
}

/**
 * Whether a process has the vault open: the app holds vault.db under SQLite's exclusive lock. A
 * connection without the key asks for a shared lock first, so it gets SQLITE_BUSY from an open
 * vault and "not a database" (it cannot read page 1) from a closed one; it writes nothing.
 */
export function vaultInUse(dir: string): boolean {
  const file = vaultPaths(dir).db;
  if (!existsSync(file)) return false;
  let db: InstanceType<typeof Database> | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    db?.close();
  }
}

/** Decrypts the backup into `staging` (created 0700), checks the snapshot, and returns the header. */
async function unpack(input: RestoreInput, recoveryKey: (h: BackupHeader) => Promise<string>, staging: string) {
  mkdirSync(staging, { mode: 0o700 });
  const handles = new Map<string, Promise<FileHandle>>();
  const files = new Map<string, string>();
  const dek: Buffer[] = [];
  let header: BackupHeader | null = null;
  try {
    const check = await readBackup(input.file, {
      fileKey: async (h) => {
        header = h;
        return fileKeyFromRecoveryKey(h, await recoveryKey(h));
      },
      onChunk: (_i, at) => input.onProgress?.(at, 0),
      // Each part is copied or written, never kept: its memory serves later chunks.
      partsFreedOnWrite: true,
      onEntry: (name) => {
        if (name === 'vault/dek') return { write: (p) => void dek.push(Buffer.from(p)) };
        const base = FILES[name];
        if (!base) return null;
        const target = path.join(staging, base);
        files.set(name, target);
        const handle = open(target, 'wx', 0o600);
        handles.set(name, handle);
        return { write: async (p) => void (await (await handle).write(p)) };
      },
    });
    // Data on the medium before the rename makes it the vault.
    for (const h of handles.values()) await (await h).sync();
    const key = Buffer.concat(dek);
    try {
      checkSnapshot(
        staging,
        files,
        key,
        check.manifest.vaultId,
        (check.manifest.vault as { tableCounts?: Record<string, number> }).tableCounts,
      );
    } finally {
      wipe(key);
    }
    fsyncDirectory(staging);
    return { header: header!, manifest: check.manifest };
  } finally {
    await Promise.all([...handles.values()].map(async (h) => (await h.catch(() => null))?.close()));
    wipe(...dek);
  }
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  if ((input.recoveryKey === undefined) === (input.passphrase === undefined))
    throw new LedgerVaultError('E_INPUT', 'Give the recovery key or the backup passphrase.', {
      messageKey: 'backup.restoreNeedsSecret',
    });
  // Before anything slow: the new password must be one the vault would accept.
  assertPasswordAcceptable(input.newPassword, input.adminUsername);
  const dir = path.resolve(input.dir);
  const parent = path.dirname(dir);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw inputError('backup.folderNotUsable', { folder: parent });
  const state = targetState(dir);
  if (state === 'occupied') throw inputError('backup.restoreTargetNotEmpty', { folder: dir });
  if (state === 'vault' && !input.replaceExisting)
    throw new LedgerVaultError('E_EXISTS', `A vault is already at ${dir}.`, {
      messageKey: 'backup.restoreOverVault',
      params: { folder: dir },
    });
  if (state === 'vault' && vaultInUse(dir))
    throw new LedgerVaultError('E_BUSY', 'The vault there is open in LedgerVault; lock it and close the app first.', {
      messageKey: 'backup.restoreVaultOpen',
    });

  let recoveryKey: string | null = input.recoveryKey ?? null;
  const now = input.now ?? new Date();
  const staging = path.join(parent, `.${path.basename(dir)}.restoring-${randomBytes(6).toString('hex')}`);
  let movedAside: string | null = null;
  let placed = false;
  try {
    const unpacked = await unpack(
      input,
      // The passphrase opens the recovery key escrowed in the header (one Argon2id run).
      async (header) => (recoveryKey ??= await recoveryKeyFromPassphrase(header, input.passphrase!)),
      staging,
    );
    if (state === 'vault') {
      movedAside = `${dir}.before-restore-${stamp(now)}`;
      renameSync(dir, movedAside);
    } else if (existsSync(dir)) rmSync(dir, { recursive: false, force: true });
    renameSync(staging, dir);
    placed = true;
    fsyncDirectory(parent);
    const keychainAnchor = await readAuditAnchor(input.keyStore, unpacked.manifest.vaultId).catch(() => null);
    let recovered: RecoveryResult;
    try {
      recovered = await recoverVault({
        dir,
        adminUsername: input.adminUsername,
        recoveryKey: recoveryKey!,
        newPassword: input.newPassword,
        keyStore: input.keyStore,
        kdf: input.kdf,
        migrationsDir: input.migrationsDir,
      });
    } catch (err) {
      // Refused before it wrote anything (no such admin, say): the target goes back as it was.
      rmSync(dir, { recursive: true, force: true });
      if (movedAside) renameSync(movedAside, dir);
      fsyncDirectory(parent);
      throw err;
    }
    const { session } = recovered;
    try {
      // The restored folder is now the truth: the keychain's anchor (which may describe a newer
      // state of this vault on this workstation) is replaced at the next seal, and this says so.
      session.seals.anchorStore = input.keyStore;
      session.seals.acceptedRollback = {
        what: 'restore',
        backupId: unpacked.header.backupId,
        ...(keychainAnchor
          ? { anchorSeal: keychainAnchor.seal.sealId, anchorLastSeq: keychainAnchor.seal.lastSeq }
          : {}),
      };
      session.write((ctx) =>
        ctx.audit({
          action: 'backup.restore',
          targetType: 'backup',
          targetId: unpacked.header.backupId,
          details: {
            file: path.basename(input.file),
            createdAt: unpacked.header.createdAt,
            createdBy: unpacked.header.creator.username,
            auditSeqInBackup: (unpacked.manifest.vault as { auditHead?: { seq: number } }).auditHead?.seq ?? null,
            with: input.passphrase !== undefined ? 'passphrase' : 'recovery key',
            previousVaultMovedTo: movedAside,
            keychainAnchorBefore: keychainAnchor
              ? { sealId: keychainAnchor.seal.sealId, lastSeq: keychainAnchor.seal.lastSeq }
              : null,
            deviceSecretReplaced: recovered.deviceSecretReplaced,
            usersNeedingReset: recovered.usersNeedingReset,
          },
        }),
      );
      session.sealAudit('backup');
    } catch (err) {
      session.lock();
      throw err;
    }
    return {
      ...recovered,
      backupId: unpacked.header.backupId,
      backupCreatedAt: unpacked.header.createdAt,
      backupCreatedBy: unpacked.header.creator.username,
      previousVaultMovedTo: movedAside,
    };
  } catch (err) {
    if (!placed) {
      rmSync(staging, { recursive: true, force: true });
      // Put back what was moved aside if the staging folder never took its place.
      if (movedAside && !existsSync(dir)) renameSync(movedAside, dir);
    }
    // A full disk where the vault goes: named, with about the backup's size as the room needed.
    throw asDiskError(err, { folder: parent, neededBytes: statSync(input.file, { throwIfNoEntry: false })?.size });
  }
}
