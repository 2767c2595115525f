import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * src/main/core-process.ts, the entry Electron runs in the utility process: it serves the core
 * host on `process.parentPort` (where Electron puts it in a utility process) and never loads
 * 'electron', which has no APIs there.
 */
class FakeParentPort extends EventEmitter {
  readonly postMessage = vi.fn((_message: unknown) => undefined);
  /** What main's `child.postMessage(message)` delivers: a MessageEvent-like `{data}`. */
  deliver(data: unknown): void {
    this.emit('message', { data });
  }
}

let root: string;
const holder = process as unknown as { parentPort?: FakeParentPort };

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-core-process-'));
  vi.resetModules();
  vi.doMock('electron', () => {
    throw new Error('a utility process has no electron module');
  });
});
afterEach(() => {
  delete holder.parentPort;
  vi.doUnmock('electron');
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('core utility process entry', () => {
  it('answers calls from main on process.parentPort', async () => {
    const port = new FakeParentPort();
    holder.parentPort = port;
    await import('../../src/main/core-process');
    const vaultDir = path.join(root, 'vault');
    port.deliver({ type: 'init', options: { vaultDir, version: '2.0.0' } });
    port.deliver({ type: 'call', id: 1, channel: 'app:info', payload: {} });
    port.deliver({ type: 'call', id: 2, channel: 'vault:status', payload: { extra: true } });
    // It says it is ready once it listens; main holds its messages until then.
    expect(port.postMessage).toHaveBeenCalledWith({ type: 'ready' });
    await vi.waitFor(() => expect(port.postMessage).toHaveBeenCalledTimes(3));
    expect(port.postMessage).toHaveBeenCalledWith({
      type: 'result',
      id: 1,
      result: { ok: true, value: { version: '2.0.0', vaultDir } },
    });
    expect(port.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'result', id: 2, result: expect.objectContaining({ ok: false }) }),
    );
  });

  it('stops at once when started without a parent port (plain node)', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await import('../../src/main/core-process');
    expect(exit).toHaveBeenCalledWith(2);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('main process'));
  });
});
