/**
 * `--out FILE` for exports: never inside the vault folder (an export written over vault.keys
 * would destroy every keyslot), never over an existing file without --force, and written whole
 * or not at all, so the export event the core writes after it always names a real file.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LedgerVaultError } from '../core/errors';
import { fsyncDirectory, writeFileAtomic } from '../core/fs/atomic-write';
import { diskErrorOf } from '../core/fs/disk-errors';
import type { SaveExport } from '../core/export/save';
import { isInsideVault } from '../core/export/target';
import { inputError } from './parse';

/**
 * The absolute --out path after checking it: its folder exists, it is not in the vault folder
 * (followed through symlinks and ..), and it does not exist unless `force`.
 */
export function checkOutPath(out: string, vaultDir: string, force: boolean): string {
  const file = path.resolve(out);
  const folder = path.dirname(file);
  if (isInsideVault(file, vaultDir))
    throw inputError(`--out ${out} is inside the vault folder ${vaultDir}; write exports somewhere else.`);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw inputError(`--out ${out}: the folder ${folder} does not exist.`);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw inputError(`--out ${out} is a folder; give a file name.`);
  if (st && !force) throw new LedgerVaultError('E_EXISTS', `${out} already exists; add --force to replace it.`);
  return file;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Writes a new file without ever replacing one that appeared meanwhile: temp file, then a hard link. */
export function writeNewFile(file: string, bytes: Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
      // File systems without hard links (FAT on a USB stick): a copy that still refuses to replace.
      copyFileSync(tmp, file, constants.COPYFILE_EXCL);
    }
    fsyncDirectory(path.dirname(file));
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The `save` an export command hands to the core: writes `--out` (checked again now), or throws
 * E_EXISTS / E_INPUT with the reason; the core audits only after it returned.
 */
export function saveToOut(out: string, vaultDir: string, force: boolean): SaveExport {
  const save = (bytes: Buffer) => {
    const file = checkOutPath(out, vaultDir, force);
    try {
      if (force) writeFileAtomic(file, bytes);
      else writeNewFile(file, bytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new LedgerVaultError('E_EXISTS', `${out} already exists; add --force to replace it.`);
      // A full disk or a failing drive: E_DISK_FULL / E_IO naming the folder (core/fs/disk-errors.ts).
      const disk = diskErrorOf(err, { folder: path.dirname(file), neededBytes: bytes.length });
      if (disk || err instanceof LedgerVaultError) throw disk ?? err;
      throw inputError(`Cannot write ${file} (${describe(err)}); nothing was exported.`);
    }
    return { path: file, discard: () => rmSync(file, { force: true }) };
  };
  return (_suggestedName, bytes) => {
    try {
      return Promise.resolve(save(bytes));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };
}
