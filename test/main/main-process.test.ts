import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type IpcResult } from '../../src/shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { DROP_CHANNEL } from '../../src/shared/import/drop';
import { LedgerVaultError, toPublicError } from '../../src/core/errors';
import type { ShellRequest } from '../../src/core/host/protocol';
import {
  createFakeElectron,
  FakeWebContents,
  fakeEvent,
  ipcEvent,
  realCoreHost,
  type FakeCoreHost,
  type FakeElectron,
} from './fake-electron';

/**
 * src/main/index.ts end to end against the fake Electron: what it sets up before and after
 * 'ready', and how it reacts to lifecycle events. The core runs in a (fake) utility process: by
 * default the real core host on a temp folder, over a copying message port.
 */
let electron: FakeElectron;
let userData: string;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function start(
  opts: {
    isPackaged?: boolean;
    singleInstance?: boolean;
    devServerUrl?: string;
    coreHost?: (forkIndex: number) => FakeCoreHost;
  } = {},
) {
  electron = createFakeElectron({ userData, ...opts });
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  if (opts.devServerUrl) vi.stubEnv('ELECTRON_RENDERER_URL', opts.devServerUrl);
  await import('../../src/main/index');
  await tick(); // let whenReady().then(...) run
  const child = () => electron.utilityProcesses.at(-1)!;
  /** The lock reasons main has sent to the core, in order. */
  const locks = () =>
    electron.utilityProcesses.flatMap((c) => c.posted.flatMap((m) => (m.type === 'lock' ? [m.reason] : [])));
  return { child, locks, win: electron.windows[0] };
}

/** A core that takes calls and never answers them (busy, or hung). */
const silentHost: FakeCoreHost = () => undefined;

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
    // Every channel of the contract, and main's own drop channel (src/main/drop.ts), nothing else.
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS, DROP_CHANNEL].sort());

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

describe('main process: the core runs in a utility process', () => {
  it('forks out/main/core.js at start-up and runs no vault code itself', async () => {
    const { child, win } = await start();
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    expect(child().modulePath).toMatch(/[\\/]main[\\/]core\.js$/);
    // The init goes once the host has said it is ready, over a MessageChannel: not within a fixed tick.
    await vi.waitFor(() =>
      expect(child().posted[0]).toEqual({
        type: 'init',
        options: { vaultDir: path.join(userData, 'vault'), version: '9.9.9-test' },
      }),
    );
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toMatchObject({ ok: true });
    expect(child().posted.at(-1)).toMatchObject({ type: 'call', channel: 'vault:status', payload: {} });
  });

  it('answers a payload the contract refuses with E_INPUT and never forwards it', async () => {
    const { child, win } = await start();
    const before = child().posted.length;
    for (const payload of [{ adminUsername: 'a' }, { unexpected: 1 }, 42, null]) {
      expect(await invoke('vault:create', ipcEvent(win!.webContents), payload)).toMatchObject({
        ok: false,
        error: { code: 'E_INPUT' },
      });
    }
    expect(child().posted.slice(before)).toEqual([]);
  });

  it('tells the core about a refused sender (it audits when unlocked) without forwarding the call', async () => {
    const { child } = await start();
    const stranger = new FakeWebContents('app://ledgervault/index.html');
    expect(await invoke('vault:lock', ipcEvent(stranger))).toMatchObject({ error: { code: 'E_FORBIDDEN' } });
    // Posted once the host is ready (the init first): waited for, not assumed within a tick.
    await vi.waitFor(() =>
      expect(child().posted.filter((m) => m.type !== 'init')).toEqual([{ type: 'refused', channel: 'vault:lock' }]),
    );
  });

  it('a crashed core: waiting calls get E_INTERNAL, the next call starts a new core that shows the vault locked', async () => {
    // A vault exists (its keys file is what "locked" means); the first core hangs, then dies.
    mkdirSync(path.join(userData, 'vault'), { recursive: true });
    writeFileSync(path.join(userData, 'vault', 'vault.keys'), '{}');
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { child, win } = await start({ coreHost: (n) => (n === 0 ? silentHost : realCoreHost) });
    const waiting = invoke('records:list', ipcEvent(win!.webContents), {});
    const alsoWaiting = invoke('vault:status', ipcEvent(win!.webContents));
    await tick();
    child().crash(134);
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(await alsoWaiting).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('core process stopped'));

    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toMatchObject({
      ok: true,
      value: { state: 'locked', user: null },
    });
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
  });
});

describe('main process: what the core asks of the shell', () => {
  /** A core that, for each call, asks the shell one thing and answers the call with the reply. */
  const asking =
    (request: ShellRequest): FakeCoreHost =>
    (port) => {
      const calls = new Map<number, number>();
      port.onMessage((m) => {
        if (m.type === 'call') {
          calls.set(m.id, m.id);
          port.post({ type: 'shell', id: m.id, request });
        } else if (m.type === 'shell-reply' && calls.has(m.id)) {
          port.post({ type: 'result', id: m.id, result: { ok: true, value: m.ok ? m.value : 'shell failed' } });
        }
      });
      port.post({ type: 'ready' });
    };

  it('an export destination: the save dialog, in Documents, and only its path goes back', async () => {
    const { win } = await start({ coreHost: () => asking({ method: 'chooseExportPath', suggestedName: 'x.csv' }) });
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/wang/导出/x.csv' });
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toEqual({
      ok: true,
      value: '/home/wang/导出/x.csv',
    });
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(win, {
      defaultPath: path.join(userData, 'documents', 'x.csv'),
    });
    // Cancelled: no path.
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toEqual({ ok: true, value: null });
  });

  it('the clipboard: the system one, written and read for the core', async () => {
    const { win } = await start({ coreHost: () => asking({ method: 'clipboardWrite', text: '6222020200112233' }) });
    await invoke('vault:status', ipcEvent(win!.webContents));
    expect(electron.clipboard.writeText).toHaveBeenCalledWith('6222020200112233');
  });
});

describe('main process: locking the vault', () => {
  it('asks the core to lock on screen lock, suspend and shutdown', async () => {
    const { locks } = await start();
    for (const event of ['lock-screen', 'suspend', 'shutdown']) electron.powerMonitor.emit(event);
    // Lock messages wait in the client's outbox until the core host says it is ready; on a busy
    // machine that is after these events, so wait for them rather than read them at once.
    await vi.waitFor(() => expect(locks()).toEqual(['os', 'os', 'os']), { timeout: 10_000 });
  });

  it('locks when the window closes or the renderer dies; quitting waits for the lock, then ends the core', async () => {
    const { child, locks, win } = await start();
    win!.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed' });
    win!.close();
    await vi.waitFor(() => expect(locks()).toEqual(['renderer-gone', 'window-closed']), { timeout: 10_000 });
    // With the window gone, no IPC is trusted any more.
    expect(await invoke('vault:status', ipcEvent(win!.webContents))).toMatchObject({
      error: { code: 'E_FORBIDDEN' },
    });

    const quit = fakeEvent();
    electron.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(locks()).toEqual(['renderer-gone', 'window-closed', 'quit']), { timeout: 10_000 });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(child().kill).toHaveBeenCalled();
    // The quit that follows goes through.
    const again = fakeEvent();
    electron.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('never lets a failing lock escape into the event loop', async () => {
    // A core that answers every lock with an error.
    const failingLock: FakeCoreHost = (port) =>
      realCoreHost({
        post: (m) => port.post(m),
        onMessage: (listener) =>
          port.onMessage((m) =>
            m.type === 'lock'
              ? port.post({
                  type: 'result',
                  id: m.id,
                  result: { ok: false, error: toPublicError(new LedgerVaultError('E_INTERNAL')) },
                })
              : listener(m),
          ),
      });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await start({ coreHost: () => failingLock });
    expect(() => electron.powerMonitor.emit('suspend')).not.toThrow();
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith(expect.stringContaining('E_INTERNAL')));
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
