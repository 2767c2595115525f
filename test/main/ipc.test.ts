import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppService, ARGON2_FLOOR, createIpcRegistry, IpcRegistry, type KeyStore } from '../../src/core/index';
import { registerIpcHandlers } from '../../src/main/ipc';
import { rendererOrigin } from '../../src/main/renderer-origin';
import { createSenderCheck } from '../../src/main/sender-check';
import { CHANNELS, type IpcResult } from '../../src/shared/ipc-contract';
import { FakeIpcMain, FakeWebContents, ipcEvent } from './fake-electron';

/** The keychain, in memory. */
class MemoryKeyStore implements KeyStore {
  readonly entries = new Map<string, Buffer>();
  async get(vaultId: string): Promise<Buffer | null> {
    return this.entries.get(vaultId) ?? null;
  }
  async set(vaultId: string, secret: Buffer): Promise<void> {
    this.entries.set(vaultId, Buffer.from(secret));
  }
  async delete(vaultId: string): Promise<boolean> {
    return this.entries.delete(vaultId);
  }
}

let root: string;
let vaultDir: string;
let keyStore: MemoryKeyStore;
let service: AppService;
let registry: IpcRegistry;
let ipcMain: FakeIpcMain;
let mainContents: FakeWebContents;

function setUp(devServerUrl?: string) {
  mainContents = new FakeWebContents(devServerUrl ?? 'app://ledgervault/index.html#/unlock');
  ipcMain = new FakeIpcMain();
  registerIpcHandlers(
    ipcMain as unknown as IpcMain,
    registry,
    createSenderCheck(() => mainContents as unknown as WebContents, rendererOrigin(devServerUrl)),
    () => service.locale,
  );
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-ipc-'));
  vaultDir = path.join(root, 'vault');
  keyStore = new MemoryKeyStore();
  service = new AppService({ vaultDir, keyStore, version: '1.2.3', kdf: ARGON2_FLOOR });
  registry = createIpcRegistry(service);
  setUp();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const call = (channel: string, event: unknown, payload?: unknown) =>
  ipcMain.invoke(channel, event, payload) as Promise<IpcResult<unknown>>;

describe('IPC registration', () => {
  it('has exactly one handler per contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('throws when the handlers are registered twice', () => {
    const again = () =>
      registerIpcHandlers(
        ipcMain as unknown as IpcMain,
        registry,
        () => true,
        () => service.locale,
      );
    expect(again).toThrow(/already registered/);
    // And Electron's own ipcMain.handle refuses a second handler for one channel.
    const fresh = new FakeIpcMain();
    fresh.handle('vault:status', () => null);
    expect(() =>
      registerIpcHandlers(
        fresh as unknown as IpcMain,
        registry,
        () => true,
        () => 'en',
      ),
    ).toThrow(/second handler/);
    // The core's registry refuses a channel twice, too.
    const partial = new IpcRegistry();
    partial.register('app:info', () => service.info());
    expect(() => partial.register('app:info', () => service.info())).toThrow(/registered twice/);
  });

  it('passes a trusted call to the core', async () => {
    const result = await call('app:info', ipcEvent(mainContents), {});
    expect(result).toEqual({ ok: true, value: { version: '1.2.3', vaultDir } });
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
    ipcMain = new FakeIpcMain();
    registerIpcHandlers(
      ipcMain as unknown as IpcMain,
      registry,
      createSenderCheck(() => mainContents as unknown as WebContents, rendererOrigin()),
      () => service.locale,
      (channel) => refused.push(channel),
    );
    const dispatch = vi.spyOn(registry, 'dispatch');
    const methods = (['info', 'status', 'setLocale', 'create', 'unlock', 'lock'] as const).map((m) =>
      vi.spyOn(service, m),
    );
    service.locale = 'en';
    for (const [name, makeEvent] of Object.entries(untrusted)) {
      for (const channel of ['vault:status', 'vault:create', 'app:setLocale']) {
        const result = await call(channel, makeEvent(), { adminUsername: 'a', password: 'p', locale: 'zh-CN' });
        expect(result, `${name} -> ${channel}`).toEqual({
          ok: false,
          error: { code: 'E_FORBIDDEN', message: expect.stringContaining("app's own window") },
        });
        mainContents.mainFrame.url = 'app://ledgervault/index.html';
        mainContents.destroyed = false;
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
    for (const spy of methods) expect(spy).not.toHaveBeenCalled();
    expect(refused).toHaveLength(Object.keys(untrusted).length * 3);
    expect(service.locale).toBe('en');
    expect(existsSync(vaultDir)).toBe(false);
    // The same main frame, restored, is trusted again.
    expect(await call('vault:status', ipcEvent(mainContents), {})).toMatchObject({ ok: true });
  });

  it('rejects app:// in dev and the dev server in production', async () => {
    // Production window showing the dev server's page.
    mainContents.mainFrame.url = 'http://localhost:5173/';
    expect(await call('vault:status', ipcEvent(mainContents), {})).toMatchObject({ error: { code: 'E_FORBIDDEN' } });

    // Dev window: the dev server origin is trusted, app:// and other ports are not.
    registry = createIpcRegistry(service);
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
  it('has no handler for a channel outside the contract, and the registry answers E_INPUT', async () => {
    for (const channel of ['vault:drop', 'vault:unlockAs', '__proto__', 'constructor', 'toString', '']) {
      await expect(call(channel, ipcEvent(mainContents), {}), channel).rejects.toThrow(/No handler/);
      const result = await registry.dispatch(channel, {}, () => 'en');
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'E_INPUT' } });
    }
  });

  it('answers E_INPUT to a schema-invalid payload on every channel and changes nothing', async () => {
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
    expect(service.locale).toBe('zh-CN');
    expect(existsSync(path.join(vaultDir, 'vault.keys'))).toBe(false);
    expect(existsSync(vaultDir) ? readdirSync(vaultDir) : []).toEqual([]);
    expect(keyStore.entries.size).toBe(0);
    expect(service.status().state).toBe('no-vault');
  });
});
