/**
 * A full disk or a failing drive, in the user's words (issue 16 item 2). Each layer maps what the
 * system threw in one place, here: the file layer (atomic-write.ts, durable-append.ts,
 * file-lock.ts) for vault.keys, vault.pending, exports and locks; the vault session
 * (VaultSession.write) for every database transaction; the backup writer for its target. What
 * comes out is E_DISK_FULL (naming the folder, the space needed and the space free) or E_IO
 * (naming the folder and the system's code), with a message key both front ends word.
 */
import { existsSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { LedgerVaultError, diskFailure } from '../errors';
import type { InputMessageKey } from '../../shared/messages';

const MB = 1024 * 1024;

/**
 * What the vault needs free beside it to keep working: SQLite's write-ahead log grows to about
 * 4 MiB (1,000 pages, the auto-checkpoint) before its pages are copied into vault.db, which then
 * grows by as much, and vault.keys is replaced through a temp copy. Named in the vault's message
 * when a transaction fails, where the size of that one transaction is not known.
 */
export const VAULT_WORKING_BYTES = 8 * MB;

/**
 * An SQLITE_IOERR_* (or EIO) with less than this free is taken for a full disk: SQLite reports
 * some writes that ran out of room (a WAL frame header, an ftruncate) as I/O errors, and
 * "free some space" is the advice that helps there.
 */
const NEARLY_FULL_BYTES = 64 * 1024;

/** The words a feature gives a full disk and an I/O error (defaults: the generic file ones). */
export interface DiskMessages {
  full: InputMessageKey;
  io: InputMessageKey;
}

const FILE_MESSAGES: DiskMessages = { full: 'disk.full', io: 'disk.ioError' };

export interface DiskWrite {
  /** The folder written to: named in the message. */
  folder: string;
  /** How many bytes the write needed, when known (else at least 1 MB is asked for). */
  neededBytes?: number;
  messages?: DiskMessages;
}

/** Free bytes for this user where `folder` is (statfs bavail x bsize), or null when unknown. */
export function freeBytes(folder: string): number | null {
  let dir = path.resolve(folder);
  // A folder not made yet: the free space is that of the nearest one that exists.
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** MB with one decimal, rounded up for what is needed and down for what is free. */
function mb(bytes: number, round: (n: number) => number): number {
  return round((bytes / MB) * 10) / 10;
}

/**
 * `err` as E_DISK_FULL or E_IO for a write to `where.folder`, or null when it is neither (the
 * caller rethrows it as it was). A LedgerVaultError is never re-mapped.
 */
export function diskErrorOf(err: unknown, where: DiskWrite): LedgerVaultError | null {
  const failure = diskFailure(err);
  if (!failure) return null;
  const folder = path.resolve(where.folder);
  const messages = where.messages ?? FILE_MESSAGES;
  const free = freeBytes(folder);
  const full = failure.kind === 'full' || (free !== null && free < NEARLY_FULL_BYTES);
  if (full) {
    const needed = Math.max(where.neededBytes ?? MB, 1);
    const params = { folder, neededMb: mb(needed, Math.ceil), freeMb: mb(free ?? 0, Math.floor) };
    return new LedgerVaultError(
      'E_DISK_FULL',
      `${folder} is full (${failure.reason}): about ${params.neededMb} MB needed, ${params.freeMb} MB free.`,
      { cause: err, messageKey: messages.full, params },
    );
  }
  return new LedgerVaultError('E_IO', `Reading or writing ${folder} failed (${failure.reason}).`, {
    cause: err,
    messageKey: messages.io,
    params: { folder, reason: failure.reason },
  });
}

/** `err` mapped by diskErrorOf, or `err` itself: for `catch (err) { throw asDiskError(err, ...) }`. */
export function asDiskError(err: unknown, where: DiskWrite): unknown {
  return diskErrorOf(err, where) ?? err;
}

/**
 * What a failed vault transaction was: a change ('write'), only the audit event of a look at
 * records ('read': the message says nothing was shown and why), or a sign-in's event ('sign-in':
 * the message says the user was not signed in and why).
 */
export type VaultTransaction = 'write' | 'read' | 'sign-in';

const VAULT_MESSAGES: Record<VaultTransaction, DiskMessages> = {
  write: { full: 'disk.vaultFull', io: 'disk.vaultIo' },
  read: { full: 'disk.vaultFullRead', io: 'disk.vaultIoRead' },
  'sign-in': { full: 'disk.vaultFullSignIn', io: 'disk.vaultIoSignIn' },
};

/** A failed database transaction of the vault in `dir`, in the words for what it was. */
export function vaultDiskError(err: unknown, dir: string, what: VaultTransaction = 'write'): unknown {
  return asDiskError(err, { folder: dir, neededBytes: VAULT_WORKING_BYTES, messages: VAULT_MESSAGES[what] });
}

/** Runs `fn` (a transaction of the vault in `dir`), its disk failures said by vaultDiskError. */
export function onVaultDisk<T>(dir: string, fn: () => T, what: VaultTransaction = 'write'): T {
  try {
    return fn();
  } catch (err) {
    throw vaultDiskError(err, dir, what);
  }
}
