/**
 * src/main/drop.ts: a file dropped onto the import wizard reaches the core only as a path the
 * preload got from Electron, sent on main's own drop channel by the app's window, naming a regular
 * file; the core's pick then gets that path once, and only while it is still the same file.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDropHandler, takeDroppedFile } from '../../src/main/drop';
import type { Forward } from '../../src/main/ipc';
import { rendererOrigin } from '../../src/main/renderer-origin';
import { createSenderCheck } from '../../src/main/sender-check';
import { DROP_CHANNEL } from '../../src/shared/import/drop';
import { FakeIpcMain, FakeWebContents, ipcEvent } from './fake-electron';

let dir: string;
let ipcMain: FakeIpcMain;
let contents: FakeWebContents;
let forward: ReturnType<typeof vi.fn<Forward>>;
let refused: ReturnType<typeof vi.fn<() => void>>;

const PICK = { ok: true as const, value: { handle: 'h', fileName: 'a.csv', bytes: 3 } };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lv-drop-'));
  contents = new FakeWebContents();
  ipcMain = new FakeIpcMain();
  forward = vi.fn<Forward>(async () => PICK);
  refused = vi.fn<() => void>();
  registerDropHandler(
    ipcMain as unknown as IpcMain,
    forward,
    createSenderCheck(() => contents as unknown as WebContents, rendererOrigin()),
    refused,
  );
  takeDroppedFile(); // nothing left over from another test
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const drop = (payload: unknown, from: FakeWebContents = contents) =>
  ipcMain.invoke(DROP_CHANNEL, ipcEvent(from), payload) as Promise<{ ok: boolean; error?: { code: string } }>;

describe('a dropped file', () => {
  it("is handed to the core's pick, which gets its path once", async () => {
    const file = path.join(dir, '账单.csv');
    writeFileSync(file, 'a,b\n');
    expect(await drop({ path: file })).toEqual(PICK);
    expect(forward).toHaveBeenCalledWith('import:pick', { dropped: true });
    expect(takeDroppedFile()).toBe(file);
    // Once: a second ask (a renderer calling the pick again) gets nothing.
    expect(takeDroppedFile()).toBeNull();
  });

  it('is refused when it is a folder, missing, relative, or no path at all (a File the page made)', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    for (const payload of [
      { path: folder },
      { path: path.join(dir, 'gone.csv') },
      { path: 'a.csv' },
      { path: '' },
      {},
    ]) {
      const r = await drop(payload);
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      expect(r.error).toMatchObject({ code: 'E_INPUT', messageKey: 'import.dropNotFile' });
    }
    expect(forward).not.toHaveBeenCalled();
    expect(takeDroppedFile()).toBeNull();
  });

  it('is refused from any other window or frame than the app’s own', async () => {
    const file = path.join(dir, 'a.csv');
    writeFileSync(file, 'a,b\n');
    const r = await drop({ path: file }, new FakeWebContents('https://evil.example/'));
    expect(r).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(refused).toHaveBeenCalledTimes(1);
    expect(forward).not.toHaveBeenCalled();
    expect(takeDroppedFile()).toBeNull();
  });

  it('is not opened when another file took its place before the core asked for it', async () => {
    const file = path.join(dir, 'a.csv');
    writeFileSync(file, 'a,b\n');
    forward.mockImplementation(async () => {
      // Between the check and the core's ask: the file replaced by another one (a folder here).
      renameSync(file, path.join(dir, 'moved.csv'));
      mkdirSync(file);
      return { ok: true, value: null };
    });
    await drop({ path: file });
    expect(takeDroppedFile()).toBeNull();
  });
});
