/**
 * Small disks and failing drives for the full-disk campaign (issue 16 item 2): a real tmpfs of a
 * few MB where this process may mount one (root on Linux), filled to the last byte by a stranger's
 * file and freed again; and a shim at node:fs for the faults a tmpfs cannot make (an I/O error,
 * a write cut short halfway), armed for files under one folder only. No vitest here: the torture
 * runner (tsx) calls the same code.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, statSync, truncateSync, writeSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** The mount point (a tmpfs of `mb` MiB). */
  root: string;
  /** Fills it (a stranger's file), leaving `leaveBytes` free (rounded to pages by the file system). */
  fill(leaveBytes?: number): void;
  /** Removes the stranger's file: the space is back. */
  free(): void;
  freeBytes(): number;
  unmount(): void;
}

const FILLER = 'someone-elses-video.mp4';

/** Why no tmpfs can be mounted here, or null when it can (checked once, by mounting one). */
let mountProblem: string | null | undefined;
export function whyNoMount(): string | null {
  if (mountProblem !== undefined) return mountProblem;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) mountProblem = 'not root on Linux';
  else if (process.env.LEDGERVAULT_NO_MOUNT) mountProblem = 'LEDGERVAULT_NO_MOUNT is set';
  else {
    try {
      smallDisk(1).unmount();
      mountProblem = null;
    } catch (err) {
      mountProblem = `mount -t tmpfs failed: ${String(err)}`;
    }
  }
  return mountProblem;
}

export function smallDisk(mb: number): SmallDisk {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lv-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', root], { stdio: 'pipe' });
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const filler = path.join(root, FILLER);
  const freeBytes = () => {
    const s = statfsSync(root);
    return Number(s.bavail) * Number(s.bsize);
  };
  return {
    root,
    freeBytes,
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a');
      try {
        // Big pieces first, then pages, until the file system refuses.
        for (const size of [1 << 20, 4096, 512]) {
          const chunk = Buffer.alloc(size, 0x5a);
          for (;;) {
            try {
              if (writeSync(fd, chunk) < size) break;
            } catch {
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      if (leaveBytes > 0) truncateSync(filler, Math.max(0, statSync(filler).size - leaveBytes));
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', root], { stdio: 'pipe' });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

type Fs = typeof import('node:fs');
const fs = createRequire(import.meta.url)('node:fs') as Fs;

export interface FsFault {
  /** Files whose path starts with this (a folder, or a file's full path). */
  under: string;
  code: 'EIO' | 'ENOSPC';
  /** 'half': a write puts half its bytes down, then fails (a disk that filled up mid-write). */
  how?: 'fail' | 'half';
}

/**
 * Until the returned function is called, writes and fsyncs to files under `fault.under` fail
 * with `fault.code`, as node:fs reports it. The core imports node:fs by name; node keeps such
 * imports in step with the module object (syncBuiltinESMExports), so the core's own calls see it.
 */
export function injectFsFault(fault: FsFault): () => void {
  const real = { openSync: fs.openSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync, closeSync: fs.closeSync };
  const watched = new Set<number>();
  const error = (syscall: string) =>
    Object.assign(new Error(`${fault.code}: injected, ${syscall}`), { code: fault.code, syscall });
  const matches = (p: unknown) => typeof p === 'string' && path.resolve(p).startsWith(path.resolve(fault.under));
  fs.openSync = ((p: string, ...rest: unknown[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(p, ...rest);
    if (matches(p)) watched.add(fd);
    return fd;
  }) as Fs['openSync'];
  fs.closeSync = ((fd: number) => {
    watched.delete(fd);
    real.closeSync(fd);
  }) as Fs['closeSync'];
  fs.writeSync = ((fd: number, buffer: unknown, ...rest: unknown[]) => {
    const write = real.writeSync as (...a: unknown[]) => number;
    if (!watched.has(fd)) return write(fd, buffer, ...rest);
    if (fault.how === 'half' && Buffer.isBuffer(buffer)) {
      const [offset = 0, length = buffer.length - (offset as number)] = rest as number[];
      write(fd, buffer, offset, Math.floor(length / 2));
    }
    throw error('write');
  }) as Fs['writeSync'];
  fs.fsyncSync = ((fd: number) => {
    if (watched.has(fd)) throw error('fsync');
    real.fsyncSync(fd);
  }) as Fs['fsyncSync'];
  syncBuiltinESMExports();
  return () => {
    Object.assign(fs, real);
    syncBuiltinESMExports();
  };
}

type Writes = Record<'write' | 'writev', (...a: unknown[]) => Promise<unknown>>;

/**
 * Until the returned function is called, every write through a node:fs/promises FileHandle (the
 * backup writer's) fails with `code`, as a pulled stick would.
 */
export async function failFileHandleWrites(code: 'EIO' | 'ENOSPC'): Promise<() => void> {
  const h = await fs.promises.open(fileURLish(), 'r');
  const proto = Object.getPrototypeOf(h) as Writes;
  await h.close();
  const real = { write: proto.write, writev: proto.writev };
  for (const name of ['write', 'writev'] as const) {
    proto[name] = () => Promise.reject(Object.assign(new Error(`${code}: injected, ${name}`), { code }));
  }
  return () => Object.assign(proto, real);
}

/** Any file that exists, to open one FileHandle and reach its prototype. */
function fileURLish(): string {
  return process.execPath;
}
