import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { asDiskError } from './disk-errors';

/**
 * Replaces `file` so that a crash leaves either the old or the new content, never a mix:
 * write a sibling temp file, fsync it, rename over the target, fsync the folder. A full disk or a
 * failing drive is E_DISK_FULL / E_IO naming the folder (fs/disk-errors.ts), with the temp file
 * removed and `file` as it was.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    replaceFile(file, buf);
  } catch (err) {
    throw asDiskError(err, { folder: path.dirname(file), neededBytes: buf.length });
  }
}

function replaceFile(file: string, buf: Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // 0600 from the first byte: the mode is given to open(), not set after the data is in.
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    let written = 0;
    while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDirectory(dir);
}

/** Windows cannot open a folder for fsync; NTFS journals the rename itself. */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the temp files that a crash in the middle of `writeFileAtomic(file)` left beside it.
 * Call only while no one else can be writing `file` (under its lock). Returns their names.
 */
export function removeOrphanTempFiles(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  const orphans = readdirSync(dir).filter((n) => n.startsWith(prefix) && /^\.[^/]+\.[0-9a-f]{12}\.tmp$/.test(n));
  for (const n of orphans) rmSync(path.join(dir, n), { force: true });
  return orphans;
}
