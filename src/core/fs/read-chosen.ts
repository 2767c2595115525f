/**
 * Reads a file the user picked in the shell's open dialog (the counterpart of an export's save
 * dialog): the core reads it itself, so its bytes never pass through the process that draws the
 * window. A size limit keeps a wrong pick from filling memory.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors';

/**
 * Why a file is being opened: the open dialog's title and filter follow from it. A dropped
 * payment export opens no dialog: the shell answers the file dropped onto the import wizard.
 */
export type OpenPurpose =
  | 'evidence-report'
  | 'backup-file'
  | 'payment-export'
  | 'compliance-file'
  | 'compliance-report'
  | 'dropped-payment-export';
/** Why a folder is being chosen: where a backup goes, or a vault folder to open with the recovery key. */
export type FolderPurpose = 'backup-folder' | 'vault-folder' | 'update-folder';

export interface ChosenFile {
  /** The file's own name, for messages and the audit log (never the folder it was in). */
  name: string;
  bytes: Buffer;
}

export function readChosenFile(file: string, maxBytes: number): ChosenFile {
  const name = path.basename(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw inputError('file.notReadable', { name });
  }
  try {
    // The size of what was opened, not of whatever the path names a moment later.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw inputError('file.notReadable', { name });
    if (stat.size > maxBytes) throw inputError('file.tooLarge', { name, maxMb: Math.floor(maxBytes / 2 ** 20) });
    const bytes = Buffer.alloc(stat.size);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return { name, bytes: bytes.subarray(0, done) };
  } finally {
    closeSync(fd);
  }
}
