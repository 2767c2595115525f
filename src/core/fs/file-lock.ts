import { isAlive } from './process-alive';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { busyError } from '../errors';
import { asDiskError } from './disk-errors';

/** A lock this old belongs to a process that hung or crashed, whatever its pid says. */
const STALE_MS = 30_000;
const WAIT_MS = 5_000;
const RETRY_MS = 15;

function holderIsGone(lockPath: string): boolean {
  let pid: number;
  let age: number;
  try {
    age = Date.now() - statSync(lockPath).mtimeMs;
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return false; // vanished between the calls: the next attempt will see
  }
  if (age > STALE_MS) return true;
  // An empty file is a holder between creating the lock and writing its pid: alive.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  return !isAlive(pid);
}

/** One attempt: the fd of a lock we now hold, or null if someone alive holds it. */
function tryAcquire(lockPath: string): number | null {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch (err) {
        release(lockPath, fd);
        throw err;
      }
      return fd;
    } catch (err) {
      // A full disk cannot take even the pid: said as such, naming the vault folder.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw asDiskError(err, { folder: path.dirname(lockPath) });
      // A crashed holder (SIGKILL, power loss) never removes its lock: take it over. Two
      // processes doing this at the same instant could both succeed; the window is one
      // unlink+open after a crash, and every keys-file write is still atomic.
      if (!holderIsGone(lockPath)) return null;
      rmSync(lockPath, { force: true });
    }
  }
  return null;
}

function release(lockPath: string, fd: number): void {
  try {
    closeSync(fd);
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function busy(): Error {
  return busyError('Another LedgerVault process is updating this vault; try again.');
}

/**
 * Holds an exclusive lock file (O_EXCL, mode 0600) around `fn`, so that two processes updating
 * the keys file at once (say, two failed sign-ins) never lose an update. While someone alive
 * holds it, waits with timers (never by blocking the thread: a UI or host process keeps serving
 * while it waits), up to 5 s, then E_BUSY. `fn` may be async, so a whole sign-in attempt can
 * later run under one lock.
 */
export async function withFileLock<T>(lockPath: string, fn: () => T | Promise<T>, waitMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  let fd = tryAcquire(lockPath);
  while (fd === null) {
    if (Date.now() > deadline) throw busy();
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.floor(Math.random() * RETRY_MS)));
    fd = tryAcquire(lockPath);
  }
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (err) {
    release(lockPath, fd);
    throw err;
  }
  if (!(result instanceof Promise)) {
    // Released before anything else can run: a synchronous update holds the lock for no longer
    // than it takes, so a post-commit update in this process never finds it taken.
    release(lockPath, fd);
    return result;
  }
  try {
    return await result;
  } finally {
    release(lockPath, fd);
  }
}

/**
 * The same lock for synchronous code (what runs right after a database commit), taken in one
 * attempt: E_BUSY at once if someone alive holds it, never a wait. Waiting here could only spin
 * the thread (a sync function cannot yield to timers), so callers must be able to do without:
 * the post-commit keys-file update, for instance, is retried later and repaired at the next open.
 * Holders keep it for one read-modify-write of a small file, so a miss is rare.
 */
export function withFileLockNow<T>(lockPath: string, fn: () => T): T {
  const fd = tryAcquire(lockPath);
  if (fd === null) throw busy();
  try {
    return fn();
  } finally {
    release(lockPath, fd);
  }
}
