/**
 * A simulated power loss for the crash campaign (issue 16: its self-test plants a dropped fsync).
 * A SIGKILL alone cannot show a dropped fsync: the kernel's page cache outlives the process and
 * writes it all out. A power cut does not: what was never fsynced may be gone. So the child
 * journals, through a shim around node:fs, what it made durable, and after the kill the parent
 * puts every file of the vault folder back to that durable state before checking the vault.
 *
 * The model (ext4-like, as journalled file systems behave in practice; POSIX promises less):
 * - fsync(file) makes the file's bytes at that moment durable under its current name;
 * - rename(a, b) becomes durable only with a later fsync of the folder; the name b then holds
 *   the bytes a had at its last fsync, or none at all if a was never fsynced (the zero-length
 *   file that delayed allocation leaves after a rename without fsync);
 * - anything else since the child started (unsynced writes, unlinks, names never synced) is lost.
 * What it does not cover: SQLite's files (vault.db*), written by SQLite's own C code, whose
 * durability SQLite's crash tests cover, are left as they are; the test keychain file and backups
 * (written through fs/promises) are outside the vault folder and left as they are too.
 *
 * `LEDGERVAULT_TORTURE_FAULT=dropped-fsync` makes the shim drop every fsync of a file (folders
 * still fsync): the planted fault, which the campaign must catch.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

type Event =
  | { t: 'sync'; path: string; shadow: string }
  | { t: 'rename'; from: string; to: string }
  | { t: 'dirsync'; dir: string };

/** The vault's files the model covers: all but SQLite's own (and locks' contents do not matter). */
export function tracked(vaultDir: string): string[] {
  return fs
    .readdirSync(vaultDir)
    .filter((n) => !n.startsWith('vault.db'))
    .map((n) => path.join(vaultDir, n))
    .filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile());
}

/** The durable state before a child starts: after a power loss (or a clean end) all of it is durable. */
export function baseline(vaultDir: string): Map<string, Buffer> {
  return new Map(tracked(vaultDir).map((p) => [p, fs.readFileSync(p)]));
}

/**
 * In the child: journals fsyncs, renames and folder fsyncs under `vaultDir` to `journal`, with a
 * shadow copy of each fsynced file's bytes in `journal`.d/. `drop`: file fsyncs are not journalled.
 */
export function installFsyncJournal(vaultDir: string, journal: string, drop: boolean): void {
  const real = { fsyncSync: fs.fsyncSync, renameSync: fs.renameSync, openSync: fs.openSync, closeSync: fs.closeSync };
  const shadows = `${journal}.d`;
  fs.mkdirSync(shadows, { recursive: true });
  const fdPaths = new Map<number, string>();
  let n = 0;
  const inVault = (p: string) => path.resolve(p).startsWith(`${path.resolve(vaultDir)}`);
  const log = (e: Event) => fs.appendFileSync(journal, `${JSON.stringify(e)}\n`);
  fs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(p, ...rest);
    if (typeof p === 'string' && inVault(p)) fdPaths.set(fd, path.resolve(p));
    return fd;
  }) as typeof fs.openSync;
  fs.closeSync = (fd: number) => {
    fdPaths.delete(fd);
    real.closeSync(fd);
  };
  fs.fsyncSync = (fd: number) => {
    real.fsyncSync(fd);
    const p = fdPaths.get(fd);
    if (!p) return;
    if (fs.fstatSync(fd).isDirectory()) return log({ t: 'dirsync', dir: p });
    if (drop) return;
    const shadow = path.join(shadows, String((n += 1)));
    fs.writeFileSync(shadow, fs.readFileSync(p));
    log({ t: 'sync', path: p, shadow });
  };
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    real.renameSync(from, to);
    if (typeof from === 'string' && typeof to === 'string' && inVault(to))
      log({ t: 'rename', from: path.resolve(from), to: path.resolve(to) });
  };
  // The core's `import { fsyncSync } from 'node:fs'` bindings now see the shim.
  syncBuiltinESMExports();
}

/**
 * In the parent, after the kill: the vault folder as the power cut leaves it. Returns how many
 * files it put back or removed (files the child changed without making the change durable).
 */
export function applyPowerLoss(vaultDir: string, journal: string, before: Map<string, Buffer>): number {
  const durable = new Map<string, Buffer | null>(before);
  // The bytes each name had at its last fsync: a rename carries them to the new name.
  const synced = new Map<string, Buffer>();
  const pending: { from: string; to: string }[] = [];
  const events = fs.existsSync(journal)
    ? fs
        .readFileSync(journal, 'utf8')
        .split('\n')
        .filter(Boolean)
        // A kill in the middle of a journal line: that event did not happen.
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Event];
          } catch {
            return [];
          }
        })
    : [];
  for (const e of events) {
    if (e.t === 'sync') {
      const bytes = fs.readFileSync(e.shadow);
      synced.set(e.path, bytes);
      durable.set(e.path, bytes);
    } else if (e.t === 'rename') {
      pending.push({ from: e.from, to: e.to });
      const bytes = synced.get(e.from);
      synced.delete(e.from);
      if (bytes) synced.set(e.to, bytes);
    } else {
      for (const r of pending.filter((r) => path.dirname(r.to) === e.dir)) {
        durable.set(r.to, synced.get(r.to) ?? Buffer.alloc(0));
        durable.set(r.from, null);
        pending.splice(pending.indexOf(r), 1);
      }
    }
  }
  let changed = 0;
  const now = new Set(tracked(vaultDir));
  for (const p of new Set([...now, ...durable.keys()])) {
    const want = durable.get(p) ?? null;
    const has = now.has(p) ? fs.readFileSync(p) : null;
    if (want === null && has === null) continue;
    if (want !== null && has !== null && want.equals(has)) continue;
    changed += 1;
    if (want === null) fs.rmSync(p, { force: true });
    else fs.writeFileSync(p, want);
  }
  fs.rmSync(journal, { force: true });
  fs.rmSync(`${journal}.d`, { recursive: true, force: true });
  return changed;
}
