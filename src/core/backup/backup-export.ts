/**
 * Export a backup (issue 13, Build 3; permission backup.export): the vault's snapshot into a
 * `.lvbak` in the chosen folder, encrypted to the recovery identity and the office passphrase
 * (backup-keys.ts), so the manager types no secret. The audit log is sealed for the backup
 * first and the manifest carries that seal. Written under a temporary name, flushed, renamed,
 * then read back and every chunk opened before it counts as done; a pulled stick, a full disk or
 * a cancel leaves no file that looks complete and never touches the vault.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { authorize } from '../access/authorize';
import { randomKey, wipe } from '../crypto/primitives';
import { inputError, integrityError, LedgerVaultError } from '../errors';
import { isInsideVault } from '../export/target';
import { diskErrorOf, freeBytes } from '../fs/disk-errors';
import { anchorOf } from '../vault/audit-seals';
import { readKeysFile, recoverySlot } from '../vault/keys-file';
import type { VaultSession } from '../vault/session';
import { BACKUP_FORMAT, CHUNK_BYTES, TAG_BYTES, type BackupHeader } from './backup-format';
import { sealFileKey } from './backup-keys';
import { readBackupPassphrase } from './backup-passphrase';
import { readBackup } from './backup-reader';
import { recordBackup } from './backup-history';
import { BackupWriter } from './backup-writer';
import { takeSnapshot } from './vault-snapshot';
import { pruneBackups, removeStalePartials } from './backup-retention';

export interface BackupProgress {
  bytes: number;
  total: number;
  phase: 'writing' | 'verifying';
}

export interface ExportBackupOptions {
  appVersion: string;
  kind?: 'manual' | 'scheduled';
  now?: Date;
  onProgress?: (p: BackupProgress) => void;
  /** Set `cancelled` to stop: E_CANCELLED, and the partial file is removed. */
  signal?: { cancelled: boolean };
  /** The file's name in the folder (`backup export --out FILE`); by default a dated one. Never overwrites. */
  fileName?: string;
}

export interface ExportedBackup {
  file: string;
  /** The folder is on the vault's own disk (same device): a disk failure takes both. */
  sameDiskAsVault: boolean;
  /** Older generations of this vault in the folder that the retention policy removed. */
  pruned: string[];
  backupId: string;
  bytes: number;
  chunks: number;
  auditSeq: number;
  verifiedAt: string;
}

const MB = 2 ** 20;

/** The file name: sortable by time, and unique (the backup's id) even for two in one second. */
function fileName(now: Date, backupId: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `ledgervault-${stamp}-${backupId.slice(0, 8)}.lvbak`;
}

function usableFolder(folder: string, vaultDir: string): string {
  const dir = path.resolve(folder);
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw inputError('backup.folderNotUsable', { folder: dir });
  if (isInsideVault(dir, vaultDir)) throw inputError('backup.insideVault');
  return dir;
}

/**
 * A write that failed on the target, in the user's words: full disk, or the drive gone. Mapped
 * where every write path maps it (fs/disk-errors.ts), in the backup's own words.
 */
function targetError(err: unknown, folder: string, neededBytes: number): unknown {
  if (err instanceof LedgerVaultError) return err;
  if ((err as NodeJS.ErrnoException | null)?.code === 'EEXIST')
    return new LedgerVaultError('E_EXISTS', 'A backup with this name is being written there.');
  const messages = { full: 'backup.diskFull', io: 'backup.writeFailed' } as const;
  return (
    diskErrorOf(err, { folder, neededBytes, messages }) ??
    new LedgerVaultError('E_IO', `Writing to ${folder} failed (${String(err)}).`, {
      messageKey: 'backup.writeFailed',
      params: { folder, reason: (err as NodeJS.ErrnoException | null)?.code ?? String(err) },
    })
  );
}

/** A backup that did not happen is recorded too (unless the session is gone: a lock cancelled it). */
function auditFailure(
  session: VaultSession,
  backupId: string | null,
  folder: string,
  failure: unknown,
  kind: ExportBackupOptions['kind'],
): void {
  if (!session.isOpen || session.integrityAlarm) return;
  try {
    session.write((ctx) =>
      ctx.audit({
        action: 'backup.export',
        outcome: 'failed',
        targetType: 'backup',
        targetId: backupId,
        details: {
          kind: kind ?? 'manual',
          folder,
          code: failure instanceof LedgerVaultError ? failure.code : 'E_INTERNAL',
        },
      }),
    );
  } catch {
    // The failure itself is what the user needs to see.
  }
}

export async function exportBackup(
  session: VaultSession,
  folder: string,
  opts: ExportBackupOptions,
): Promise<ExportedBackup> {
  authorize(session, 'backup.export');
  let dir: string;
  try {
    dir = usableFolder(folder, session.paths.dir);
  } catch (err) {
    // A stick not plugged in for the daily backup is a failed backup too.
    auditFailure(session, null, folder, err, opts.kind);
    throw err;
  }
  if (opts.fileName !== undefined) {
    if (!/\.lvbak$/i.test(opts.fileName) || path.basename(opts.fileName) !== opts.fileName)
      throw inputError('backup.outName');
    if (existsSync(path.join(dir, opts.fileName)))
      throw new LedgerVaultError(
        'E_EXISTS',
        `${path.join(dir, opts.fileName)} already exists; a backup never overwrites a file.`,
      );
  }
  const keys = readKeysFile(session.paths);
  const slot = recoverySlot(keys);
  if (!keys.recoveryIdentity || !slot)
    throw integrityError('This vault has no recovery identity to encrypt a backup to.');
  const now = opts.now ?? new Date();
  const seal = session.sealAudit('backup');
  const backupId = randomUUID();
  const fileKey = randomKey();
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    backupId,
    appVersion: opts.appVersion,
    vaultId: session.vaultId,
    createdAt: now.toISOString(),
    creator: { userId: session.user.id, username: session.user.username },
    chunkBytes: CHUNK_BYTES,
    payloadSalt: randomKey().toString('base64'),
    recipients: sealFileKey(fileKey, {
      vaultId: session.vaultId,
      backupId,
      recovery: { x25519Public: Buffer.from(keys.recoveryIdentity.x25519, 'base64'), slot },
      passphrase: readBackupPassphrase(session.db),
    }),
  };
  const target = path.join(dir, opts.fileName ?? fileName(now, backupId));
  const cancelled = opts.signal ?? { cancelled: false };
  // Locking closes the database, whose checkpoint would change the pages being copied.
  const stop = () => {
    cancelled.cancelled = true;
  };
  session.lockListeners.add(stop);
  const snapshot = takeSnapshot(session);
  // In the same instant: who was certified then, so that `backup verify --key` can check the
  // signer against the office's root fingerprint with nothing but the file.
  const certificates = session.db
    .prepare('SELECT id, user_id AS userId, certificate FROM user_certificates ORDER BY id')
    .all() as { id: number; userId: string; certificate: string }[];
  const payloadBytes = snapshot.dbBytes + snapshot.keysFile.length + (snapshot.pendingFile?.length ?? 0);
  // Each MiB gains a tag and a length; the manifest a hash per MiB.
  const needed = payloadBytes + Math.ceil(payloadBytes / CHUNK_BYTES) * (TAG_BYTES + 4 + 80) + MB;
  let writer: BackupWriter | null = null;
  try {
    const free = freeBytes(dir);
    if (free !== null && free < needed)
      throw targetError(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), dir, needed);
    writer = await BackupWriter.create(target, header, fileKey, payloadBytes);
    // What exports of this vault killed earlier left there (never taken for backups) goes now.
    removeStalePartials(dir, session.vaultId, now.getTime(), BackupWriter.writing);
    await writer.addEntry('vault/vault.keys', snapshot.keysFile.length, [snapshot.keysFile]);
    if (snapshot.pendingFile)
      await writer.addEntry('vault/vault.pending', snapshot.pendingFile.length, [snapshot.pendingFile]);
    const dek = Buffer.from(session.dek);
    try {
      await writer.addEntry('vault/dek', dek.length, [dek]);
    } finally {
      wipe(dek);
    }
    let done = 0;
    const progress = async function* () {
      for await (const part of snapshot.dbPages(cancelled)) {
        done += part.length;
        opts.onProgress?.({ bytes: done, total: snapshot.dbBytes, phase: 'writing' });
        yield part;
      }
    };
    await writer.addEntry('vault/vault.db', snapshot.dbBytes, progress());
    snapshot.release();
    if (cancelled.cancelled) throw new LedgerVaultError('E_CANCELLED', 'The backup was cancelled.');
    const manifest = await writer.commit(
      {
        tableCounts: snapshot.tableCounts,
        auditHead: snapshot.auditHead,
        seal: seal ? anchorOf(seal) : null,
        pageCipher: keys.pageCipher ?? 'sqlcipher',
        pageSize: snapshot.pageSize,
        keysGeneration: keys.generation ?? null,
        certificates,
      },
      {
        userId: session.user.id,
        username: session.user.username,
        ed25519Public: session.identity.ed25519.publicKey,
        ed25519Private: session.identity.ed25519.privateKey,
      },
      now,
    );
    writer = null;
    // Read back from the medium before saying done (restic's check --read-data): every record's
    // SHA-256 against the manifest just signed, and the signature. Those hashes are of the
    // ciphertext as sealed here, so bytes that match them open as they did when written; opening
    // every chunk again would prove nothing more and roughly double the read-back's cost.
    let check;
    try {
      check = await readBackup(target, {
        onChunk: (_i, at) => opts.onProgress?.({ bytes: at, total: manifest.plainBytes, phase: 'verifying' }),
      });
    } catch (err) {
      // What the medium gave back is not what was written: no file that looks complete stays.
      await rm(target, { force: true });
      throw err;
    }
    const verifiedAt = new Date().toISOString();
    const bytes = statSync(target).size;
    recordBackup(session, {
      backupId,
      kind: opts.kind ?? 'manual',
      folder: dir,
      fileName: path.basename(target),
      bytes,
      chunks: check.chunks,
      auditSeq: snapshot.auditHead.seq,
      sealId: seal?.id ?? null,
      createdAt: header.createdAt,
      verifiedAt,
    });
    const sameDiskAsVault = statSync(dir).dev === statSync(session.paths.dir).dev;
    // Only now, with this one written and verified: older generations by the retention policy.
    const pruned = pruneBackups(dir, session.vaultId, target);
    if (pruned.length > 0)
      session.write((ctx) =>
        ctx.audit({
          action: 'backup.pruned',
          targetType: 'backup',
          targetId: backupId,
          details: { folder: dir, files: pruned },
        }),
      );
    return {
      file: target,
      sameDiskAsVault,
      pruned,
      backupId,
      bytes,
      chunks: check.chunks,
      auditSeq: snapshot.auditHead.seq,
      verifiedAt,
    };
  } catch (err) {
    await writer?.abort();
    const failure = targetError(err, dir, needed);
    auditFailure(session, backupId, dir, failure, opts.kind);
    throw failure;
  } finally {
    snapshot.release();
    session.lockListeners.delete(stop);
    wipe(fileKey);
  }
}
