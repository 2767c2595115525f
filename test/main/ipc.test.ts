import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARGON2_FLOOR, IpcRegistry } from '../../src/core/index';
import { CoreClient } from '../../src/core/host/client';
import { launchInProcess } from '../../src/core/host/in-process';
import { forbiddenResult, registerIpcHandlers, type Forward } from '../../src/main/ipc';
import { rendererOrigin } from '../../src/main/renderer-origin';
import { createSenderCheck } from '../../src/main/sender-check';
import { CHANNELS, type IpcResult } from '../../src/shared/contract';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { FakeIpcMain, FakeWebContents, ipcEvent } from './fake-electron';

/**
 * src/main/ipc.ts: which calls main lets through to the core host. The host here is the real
 * one, in this process behind a MessageChannel (the app runs it in a utility process).
 */
let root: string;
let vaultDir: string;
let keyStore: MemoryKeyStore;
let core: CoreClient;
let forward: ReturnType<typeof vi.fn<Forward>>;
let ipcMain: FakeIpcMain;
let mainContents: FakeWebContents;

function setUp(devServerUrl?: string, onRefused?: (channel: string) => void) {
  mainContents = new FakeWebContents(devServerUrl ?? 'app://ledgervault/index.html#/unlock');
  ipcMain = new FakeIpcMain();
  registerIpcHandlers(
    ipcMain as unknown as IpcMain,
    forward,
    createSenderCheck(() => mainContents as unknown as WebContents, rendererOrigin(devServerUrl)),
    onRefused,
  );
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-ipc-'));
  vaultDir = path.join(root, 'vault');
  keyStore = new MemoryKeyStore();
  core = new CoreClient({
    launch: () => launchInProcess({ keyStore }),
    init: { vaultDir, version: '1.2.3', kdf: ARGON2_FLOOR },
    shell: {
      chooseExportPath: async () => null,
      chooseOpenPath: async () => null,
      chooseFolder: async () => null,
      clipboardWrite: () => undefined,
      clipboardRead: () => '',
      showInFolder: () => undefined,
    },
  });
  forward = vi.fn<Forward>((channel, payload) => core.call(channel, payload));
  setUp();
});
afterEach(async () => {
  await core.stop();
  rmSync(root, { recursive: true, force: true });
});

const call = (channel: string, event: unknown, payload?: unknown) =>
  ipcMain.invoke(channel, event, payload) as Promise<IpcResult<unknown>>;

describe('IPC registration', () => {
  it('has exactly one handler per contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('throws when the handlers are registered twice', () => {
    const again = () => registerIpcHandlers(ipcMain as unknown as IpcMain, forward, () => true);
    expect(again).toThrow(/already registered/);
    // And Electron's own ipcMain.handle refuses a second handler for one channel.
    const fresh = new FakeIpcMain();
    fresh.handle('vault:status', () => null);
    expect(() => registerIpcHandlers(fresh as unknown as IpcMain, forward, () => true)).toThrow(/second handler/);
    // The core's registry refuses a channel twice, too.
    const partial = new IpcRegistry();
    partial.register('app:info', () => ({ version: '', vaultDir: '' }));
    expect(() => partial.register('app:info', () => ({ version: '', vaultDir: '' }))).toThrow(/registered twice/);
  });

  it('passes a trusted call to the core host and brings back its answer', async () => {
    const result = await call('app:info', ipcEvent(mainContents), {});
    expect(result).toEqual({ ok: true, value: { version: '1.2.3', vaultDir } });
    expect(forward).toHaveBeenCalledWith('app:info', {});
  });
});

describe('IPC sender check', () => {
  /** Each case builds its event (and the state it needs) just before the call. */
  const untrusted: Record<string, () => unknown> = {
    subframe: () => ipcEvent(mainContents, mainContents.subframe('app://ledgervault/index.html')),
    'no frame': () => ipcEvent(mainContents, null),
    'another webContents': () => ipcEvent(new FakeWebContents('app://ledgervault/index.html')),
    'a frame of another webContents': () => ({
      sender: mainContents,
      senderFrame: new FakeWebContents('app://ledgervault/index.html').mainFrame,
    }),
    'a foreign origin in the main frame': () => {
      mainContents.mainFrame.url = 'https://evil.example/index.html';
      return ipcEvent(mainContents);
    },
    'app:// on another host': () => {
      mainContents.mainFrame.url = 'app://evil/index.html';
      return ipcEvent(mainContents);
    },
    'a destroyed webContents': () => {
      mainContents.destroyed = true;
      return ipcEvent(mainContents);
    },
  };

  it('rejects every untrusted sender with E_FORBIDDEN and runs nothing', async () => {
    const refused: string[] = [];
    setUp(undefined, (channel) => refused.push(channel));
    for (const [name, makeEvent] of Object.entries(untrusted)) {
      for (const channel of ['vault:status', 'vault:create', 'vault:lock']) {
        const result = await call(channel, makeEvent(), { adminUsername: 'admin', password: 'Correct-Horse-2024' });
        expect(result, `${name} -> ${channel}`).toEqual(forbiddenResult());
        // Data, not a sentence: the renderer words it in its own language.
        expect(result).toEqual({
          ok: false,
          error: { code: 'E_FORBIDDEN', messageKey: 'ipc.untrustedSender', params: {} },
        });
        mainContents.mainFrame.url = 'app://ledgervault/index.html#/unlock';
        mainContents.destroyed = false;
      }
    }
    expect(forward).not.toHaveBeenCalled();
    expect(refused).toHaveLength(Object.keys(untrusted).length * 3);
    expect(existsSync(vaultDir)).toBe(false);
    // The same main frame, restored, is trusted again.
    expect(await call('vault:status', ipcEvent(mainContents), {})).toMatchObject({ ok: true });
  });

  it('rejects app:// in dev and the dev server in production', async () => {
    // Production window showing the dev server's page.
    mainContents.mainFrame.url = 'http://localhost:5173/';
    expect(await call('vault:status', ipcEvent(mainContents), {})).toMatchObject({ error: { code: 'E_FORBIDDEN' } });

    // Dev window: the dev server origin is trusted, app:// and other ports are not.
    setUp('http://localhost:5173/');
    expect(await call('vault:status', ipcEvent(mainContents), {})).toMatchObject({ ok: true });
    for (const url of ['app://ledgervault/index.html', 'http://localhost:5174/', 'https://localhost:5173/']) {
      mainContents.mainFrame.url = url;
      expect(await call('vault:status', ipcEvent(mainContents), {}), url).toMatchObject({
        error: { code: 'E_FORBIDDEN' },
      });
    }
  });

  it('rejects everything once the main window is gone', async () => {
    const check = createSenderCheck(() => null, rendererOrigin());
    expect(check(ipcEvent(mainContents) as never)).toBe(false);
  });
});

describe('IPC input validation', () => {
  it('has no handler for a channel outside the contract, and the core host answers E_INPUT too', async () => {
    for (const channel of ['vault:drop', 'vault:unlockAs', '__proto__', 'constructor', 'toString', '']) {
      await expect(call(channel, ipcEvent(mainContents), {}), channel).rejects.toThrow(/No handler/);
      expect(await core.call(channel, {}), channel).toEqual({
        ok: false,
        error: { code: 'E_INPUT', messageKey: 'ipc.unknownChannel', params: { channel } },
      });
    }
  });

  it('answers E_INPUT to a schema-invalid payload on every channel, forwards none and changes nothing', async () => {
    const payloads: unknown[] = [{ unexpected: 1 }, 42, 'vault:create', null, [], true, undefined];
    for (const channel of CHANNELS) {
      for (const payload of payloads) {
        const result = await call(channel, ipcEvent(mainContents), payload);
        expect(result, `${channel} <- ${JSON.stringify(payload)}`).toMatchObject({
          ok: false,
          error: { code: 'E_INPUT' },
        });
      }
    }
    expect(forward).not.toHaveBeenCalled();
    expect(existsSync(path.join(vaultDir, 'vault.keys'))).toBe(false);
    expect(existsSync(vaultDir) ? readdirSync(vaultDir) : []).toEqual([]);
    expect(keyStore.entries.size).toBe(0);
    expect(await core.call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'no-vault' } });
  });
});
