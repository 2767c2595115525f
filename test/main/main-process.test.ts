import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type IpcResult } from '../../src/shared/ipc-contract';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { createFakeElectron, FakeWebContents, fakeEvent, ipcEvent, type FakeElectron } from './fake-electron';

/**
 * src/main/index.ts end to end against the fake Electron: what it sets up before and after
 * 'ready', and how it reacts to lifecycle events. The real AppService runs on a temp folder.
 */
let electron: FakeElectron;
let userData: string;

async function start(opts: { isPackaged?: boolean; singleInstance?: boolean; devServerUrl?: string } = {}) {
  electron = createFakeElectron({ userData, ...opts });
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  if (opts.devServerUrl) vi.stubEnv('ELECTRON_RENDERER_URL', opts.devServerUrl);
  await import('../../src/main/index');
  await new Promise((resolve) => setTimeout(resolve, 0)); // let whenReady().then(...) run
  const core = await import('../../src/core/index'); // the same module instances index.ts uses
  const lock = vi.spyOn(core.AppService.prototype, 'lock');
  return { lock, win: electron.windows[0] };
}

const invoke = (channel: string, event: unknown, payload: unknown = {}) =>
  electron.ipcMain.invoke(channel, event, payload) as Promise<IpcResult<unknown>>;

beforeEach(() => {
  userData = mkdtempSync(path.join(os.tmpdir(), 'lv-main-'));
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main process start-up', () => {
  it('enables the sandbox and registers app:// as privileged before ready', async () => {
    await start();
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(electron.app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(
      electron.app.whenReady.mock.invocationCallOrder[0]!,
    );
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('after ready: IPC for every channel, app:// served with the CSP, permissions denied, one window on app://', async () => {
    const { win } = await start();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());

    const handler = electron.protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const missing = await handler!(new Request('app://ledgervault/definitely-missing.js'));
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

    const ses = electron.defaultSession;
    expect(ses.permissionRequestHandler).not.toBeNull();
    expect(ses.permissionCheckHandler?.(null as never, 'media' as never, '' as never)).toBe(false);
    expect(ses.headersReceived).not.toBeNull();
    expect(ses.beforeRequest).not.toBeNull();

    expect(electron.windows).toHaveLength(1);
    expect(win!.loadURL).toHaveBeenCalledWith('app://ledgervault/index.html');
    const prefs = win!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['preload']).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(prefs['devTools']).toBe(false);
    // The window's webContents was hardened through 'web-contents-created'.
    expect(win!.webContents.listenerCount('will-navigate')).toBe(1);
    expect(win!.webContents.windowOpenHandler?.({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });

  it('hardens every webContents the app creates, not only the main window', async () => {
    await start();
    const other = new FakeWebContents('app://ledgervault/index.html');
    electron.app.emit('web-contents-created', fakeEvent(), other);
    const nav = fakeEvent({ url: 'https://evil.example/' });
    other.listener('will-navigate')(nav as never);
    expect(nav.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'app://ledgervault/' })).toEqual({ action: 'deny' });
  });

  it('answers the main window, and refuses any other sender', async () => {
    const { win } = await start();
    const status = await invoke('vault:status', ipcEvent(win!.webContents));
    expect(status).toMatchObject({ ok: true, value: { state: 'no-vault' } });
    const info = await invoke('app:info', ipcEvent(win!.webContents));
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9-test', vaultDir: path.join(userData, 'vault') } });

    const stranger = new FakeWebContents('app://ledgervault/index.html');
    expect(await invoke('vault:status', ipcEvent(stranger))).toMatchObject({
      ok: false,
      error: { code: 'E_FORBIDDEN' },
    });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('refused vault:status'));
  });

  it('quits at once when another instance holds the lock', async () => {
    await start({ singleInstance: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.windows).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { win } = await start();
    win!.isMinimized.mockReturnValue(true);
    electron.app.emit('second-instance');
    expect(win!.restore).toHaveBeenCalled();
    expect(win!.focus).toHaveBeenCalled();
    expect(electron.windows).toHaveLength(1);
  });
});

describe('main process: locking the vault', () => {
  it('locks on screen lock, suspend and shutdown', async () => {
    const { lock } = await start();
    for (const event of ['lock-screen', 'suspend', 'shutdown']) electron.powerMonitor.emit(event);
    expect(lock.mock.calls).toEqual([['os'], ['os'], ['os']]);
  });

  it('locks when the window closes, the renderer dies, or the app quits', async () => {
    const { lock, win } = await start();
    win!.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed' });
    win!.close();
    electron.app.emit('before-quit', fakeEvent());
    expect(lock.mock.calls).toEqual([['renderer-gone'], ['window-closed'], ['quit']]);
    // With the window gone, no IPC is trusted any more.
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toMatchObject({
      error: { code: 'E_FORBIDDEN' },
    });
  });

  it('never lets a failing lock escape into the event loop', async () => {
    const { lock } = await start();
    lock.mockImplementation(() => {
      throw new Error('disk full');
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => electron.powerMonitor.emit('suspend')).not.toThrow();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('E_INTERNAL'));
  });
});

describe('main process: development vs packaged', () => {
  it('loads the dev server (and serves no app://) only when not packaged', async () => {
    const { win } = await start({ isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(win!.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(electron.protocol.handlers.has('app')).toBe(false);
    expect((win!.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true);
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toMatchObject({ ok: true });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    const { win } = await start({ isPackaged: true, devServerUrl: 'http://evil.example:5173/' });
    expect(win!.loadURL).toHaveBeenCalledWith('app://ledgervault/index.html');
  });
});
