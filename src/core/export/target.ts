/**
 * Whether an export's destination lies in the vault folder. A plaintext export there could
 * replace vault.keys (every keyslot gone) or the database, or sit beside the encrypted files
 * where no one expects plaintext, so every front end refuses it. The path is compared as the
 * file system will resolve it: `..`, a symlinked folder and a symlink at the end are followed.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Paths compare case-blind where the file system usually is (Windows, macOS). */
function folded(p: string): string {
  return process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p;
}

function within(file: string, dir: string): boolean {
  const rel = path.relative(folded(dir), folded(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realOrAsIs(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p; // not there (yet): compared as written
  }
}

/** Where a path really points: its folder with symlinks resolved, and links at the end followed. */
function realTarget(file: string): string {
  let real = path.join(realOrAsIs(path.dirname(file)), path.basename(file));
  for (let hops = 0; hops < 40; hops += 1) {
    const st = lstatSync(real, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) return real;
    const next = path.resolve(path.dirname(real), readlinkSync(real));
    real = path.join(realOrAsIs(path.dirname(next)), path.basename(next));
  }
  return real;
}

export function isInsideVault(target: string, vaultDir: string): boolean {
  const file = path.resolve(target);
  const vault = path.resolve(vaultDir);
  return within(file, vault) || within(realTarget(file), realOrAsIs(vault));
}
