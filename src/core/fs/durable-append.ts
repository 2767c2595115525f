import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { asDiskError } from './disk-errors';

/**
 * Appends `text` to `file` (created 0600) and fsyncs it, or leaves the file as it was: a full
 * disk can take half a line, and a half line at the end of an append-only, chained file (the
 * pending audit lines) would read as tampering at the next sign-in. So a failed append is cut
 * back to the length before it, and the error is E_DISK_FULL / E_IO naming the folder.
 */
export function appendDurably(file: string, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let fd: number | null = null;
  let before = 0;
  try {
    fd = openSync(file, 'a', 0o600);
    before = fstatSync(fd).size;
    let written = 0;
    while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
    fsyncSync(fd);
  } catch (err) {
    if (fd !== null) {
      try {
        ftruncateSync(fd, before);
        fsyncSync(fd);
      } catch {
        // Cutting back needs no new space; if even that fails, the drive is gone and says so below.
      }
    }
    throw asDiskError(err, { folder: path.dirname(file), neededBytes: buf.length });
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
