import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock, withFileLockNow } from '../../src/core/fs/file-lock';
import { tempDir } from '../helpers/test-vault';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('file lock', () => {
  it('waits for a lock held by a live process without blocking the event loop', async () => {
    dir = tempDir();
    const lock = path.join(dir, 'vault.keys.lock');
    writeFileSync(lock, `${process.pid}\n`);
    const order: string[] = [];
    const held = withFileLock(lock, () => {
      order.push('locked');
      return statSync(lock).mode & 0o777;
    });
    // Only a thread that is not spinning can run this timer, which lets the holder go.
    setTimeout(() => {
      order.push('timer');
      rmSync(lock);
    }, 30);
    expect(await held).toBe(0o600);
    expect(order).toEqual(['timer', 'locked']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over at once a lock left by a process that no longer runs', async () => {
    dir = tempDir();
    const lock = path.join(dir, 'vault.keys.lock');
    writeFileSync(lock, `${deadPid()}\n`);
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await withFileLock(lock, () => order.push('locked'));
    expect(order[0]).toBe('locked');
    writeFileSync(lock, `${deadPid()}\n`);
    expect(withFileLockNow(lock, () => 'done')).toBe('done');
  });

  it('the synchronous form does not wait: a live holder is E_BUSY at once', () => {
    dir = tempDir();
    const lock = path.join(dir, 'vault.keys.lock');
    writeFileSync(lock, `${process.pid}\n`);
    let ran = false;
    expect(() => withFileLockNow(lock, () => (ran = true))).toThrow(/E_BUSY|another LedgerVault process/i);
    expect(ran).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });

  it('is released when the work throws or rejects', async () => {
    dir = tempDir();
    const lock = path.join(dir, 'x.lock');
    await expect(
      withFileLock(lock, async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
    expect(() =>
      withFileLockNow(lock, () => {
        throw new Error('bang');
      }),
    ).toThrow('bang');
    expect(existsSync(lock)).toBe(false);
  });
});
