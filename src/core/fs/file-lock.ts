import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { busyError } from '../errors';

const STALE_MS = 30_000;
const WAIT_MS = 5_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Holds an exclusive lock file (O_EXCL) around a short synchronous read-modify-write, so that
 * two processes updating the keys file at once (say, two failed sign-ins) never lose an update.
 * A lock older than 30 s belongs to a crashed process and is taken over.
 */
export function withFileLock<T>(lockPath: string, fn: () => T): T {
  const deadline = Date.now() + WAIT_MS;
  let fd: number | null = null;
  while (fd === null) {
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS) rmSync(lockPath, { force: true });
      } catch {
        // it vanished between the two calls: try again
      }
      if (Date.now() > deadline) throw busyError('Another LedgerVault process is updating this vault; try again.');
      sleepSync(15);
    }
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    return fn();
  } finally {
    closeSync(fd);
    rmSync(lockPath, { force: true });
  }
}
