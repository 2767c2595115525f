/**
 * A small stand-in for the parts of Electron the main process and preload use, so that they can be
 * tested under plain Node (the Electron runtime cannot be downloaded here). Each call of
 * `createFakeElectron()` returns fresh state; `module` is what `vi.mock('electron', ...)` returns.
 * Fakes record what the code under test registered (handlers, listeners, options) so tests can
 * drive them the way Electron would.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { vi, type Mock } from 'vitest';
import { serveCoreHost } from '../../src/core/host/core-host';
import type { HostPort, ToHost } from '../../src/core/host/protocol';
import { MemoryKeyStore } from '../helpers/memory-keystore';

export type FakeEvent<T extends object = object> = T & {
  defaultPrevented: boolean;
  preventDefault: () => void;
};

/** An Electron-style event object: `preventDefault()` sets `defaultPrevented`. */
export function fakeEvent<T extends object>(fields: T = {} as T): FakeEvent<T> {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeFrame {
  constructor(
    public url: string,
    public readonly parent: FakeFrame | null = null,
  ) {}
}

type Listener = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(url = 'app://ledgervault/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** An iframe inside this page. */
  subframe(url: string): FakeFrame {
    return new FakeFrame(url, this.mainFrame);
  }

  /** The first listener registered for `event` (what the code under test installed). */
  listener(event: string): Listener {
    const found = this.listeners(event)[0];
    if (!found) throw new Error(`no ${event} listener`);
    return found as Listener;
  }
}

/** What Electron passes to an ipcMain.handle listener: who sent it and from which frame. */
export function ipcEvent(sender: FakeWebContents, frame: FakeFrame | null = sender.mainFrame) {
  return { sender, senderFrame: frame, processId: 1, frameId: 1 };
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((...args: never[]) => void) | null = null;
  permissionCheckHandler: ((...args: never[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: never[]) => boolean) | null = null;
  headersReceived: ((details: object, callback: (response: object) => void) => void) | null = null;
  beforeRequest: ((details: object, callback: (response: object) => void) => void) | null = null;

  setPermissionRequestHandler(handler: (...args: never[]) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: never[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: never[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }

  readonly webRequest = {
    // Electron's overloads: (listener) or (filter, listener).
    onHeadersReceived: (...args: unknown[]) => {
      this.headersReceived = args[args.length - 1] as FakeSession['headersReceived'];
    },
    onBeforeRequest: (...args: unknown[]) => {
      this.beforeRequest = args[args.length - 1] as FakeSession['beforeRequest'];
    },
  };
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    // Electron's own behaviour.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  /** What ipcRenderer.invoke(channel, payload) from `event.sender` would reach. */
  async invoke(channel: string, event: unknown, payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, payload);
  }
}

export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: object }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: object }[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
}

export class FakeApp extends EventEmitter {
  isPackaged: boolean;
  readonly enableSandbox = vi.fn();
  readonly quit = vi.fn();
  readonly requestSingleInstanceLock: Mock<() => boolean>;
  readonly getPath: Mock<(name: string) => string>;
  readonly getVersion = vi.fn(() => '9.9.9-test');
  readonly whenReady = vi.fn(() => Promise.resolve());

  constructor(opts: { isPackaged: boolean; userData: string; singleInstance: boolean }) {
    super();
    this.isPackaged = opts.isPackaged;
    this.requestSingleInstanceLock = vi.fn(() => opts.singleInstance);
    this.getPath = vi.fn((name: string) => (name === 'userData' ? opts.userData : path.join(opts.userData, name)));
  }
}

export class FakeBrowserWindow extends EventEmitter {
  /** Set on each fake's own subclass, so that fakes do not share windows. */
  static host: { app: FakeApp; windows: FakeBrowserWindow[] } | null = null;

  static getAllWindows(): FakeBrowserWindow[] {
    return (this.host?.windows ?? []).filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents('about:blank');
  destroyed = false;
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);

  constructor(readonly options: Record<string, unknown>) {
    super();
    const host = (new.target as typeof FakeBrowserWindow).host;
    if (!host) throw new Error('use the BrowserWindow of createFakeElectron()');
    host.windows.push(this);
    host.app.emit('web-contents-created', fakeEvent(), this.webContents);
  }

  /** What a click on the window's close button does. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** Runs a core host on the far end of a fake utility process's port. */
export type FakeCoreHost = (port: HostPort) => void;

/** The real core host, in this process, with the keychain in memory. */
export const realCoreHost: FakeCoreHost = (port) => serveCoreHost(port, { keyStore: new MemoryKeyStore() });

/**
 * Electron's UtilityProcess, with the child played by `host` over a MessageChannel (messages are
 * copied by structured clone, as Electron's port copies them). `posted` keeps every message main
 * sent, `crash()` ends the "process" the way a crash would.
 */
export class FakeUtilityProcess extends EventEmitter {
  readonly posted: ToHost[] = [];
  exited = false;
  readonly kill = vi.fn(() => {
    if (this.exited) return false;
    this.exit(null);
    return true;
  });
  private readonly mainEnd: MessagePort;
  private readonly childEnd: MessagePort;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
    host: FakeCoreHost,
  ) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.mainEnd = port1;
    this.childEnd = port2;
    port1.on('message', (message: unknown) => {
      if (!this.exited) this.emit('message', message);
    });
    host({
      post: (m) => port2.postMessage(m),
      onMessage: (listener) => {
        port2.on('message', listener);
        port2.unref(); // adding a listener refs the port; tests must be free to end
      },
    });
    port1.unref();
  }

  postMessage(message: ToHost): void {
    if (this.exited) throw new Error('posted to a utility process that has exited');
    this.posted.push(message);
    this.mainEnd.postMessage(message);
  }

  /** The child dies (a crash, an out-of-memory kill): Electron reports its exit code. */
  crash(code = 1): void {
    this.exit(code);
  }

  private exit(code: number | null): void {
    this.exited = true;
    this.mainEnd.close();
    this.childEnd.close();
    setImmediate(() => this.emit('exit', code));
  }
}

export interface FakeElectron {
  /** What `vi.mock('electron', ...)` should return. */
  module: Record<string, unknown>;
  app: FakeApp;
  BrowserWindow: typeof FakeBrowserWindow;
  ipcMain: FakeIpcMain;
  protocol: FakeProtocol;
  defaultSession: FakeSession;
  powerMonitor: EventEmitter;
  contextBridge: { exposeInMainWorld: Mock<(key: string, value: unknown) => void> };
  ipcRenderer: { invoke: Mock<(...args: unknown[]) => Promise<unknown>> };
  /** What the preload passed to contextBridge.exposeInMainWorld, by key. */
  exposed: Map<string, unknown>;
  /** Every window created through this fake, in order. */
  windows: FakeBrowserWindow[];
  utilityProcess: { fork: Mock<(modulePath: string, args?: string[], options?: object) => FakeUtilityProcess> };
  /** Every utility process forked through this fake, in order. */
  utilityProcesses: FakeUtilityProcess[];
  clipboard: { writeText: Mock<(text: string) => void>; readText: Mock<() => string> };
  dialog: { showSaveDialog: Mock<(...args: unknown[]) => Promise<{ canceled: boolean; filePath?: string }>> };
}

export function createFakeElectron(
  opts: {
    isPackaged?: boolean;
    userData?: string;
    singleInstance?: boolean;
    /** What plays each forked utility process (by default the real core host). */
    coreHost?: (forkIndex: number) => FakeCoreHost;
  } = {},
): FakeElectron {
  const app = new FakeApp({
    isPackaged: opts.isPackaged ?? true,
    userData: opts.userData ?? path.join(os.tmpdir(), 'lv-fake-user-data'),
    singleInstance: opts.singleInstance ?? true,
  });
  const windows: FakeBrowserWindow[] = [];
  const BrowserWindow = class extends FakeBrowserWindow {};
  BrowserWindow.host = { app, windows };

  const ipcMain = new FakeIpcMain();
  const protocol = new FakeProtocol();
  const defaultSession = new FakeSession();
  const powerMonitor = new EventEmitter();
  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
      exposed.set(key, value);
    }),
  };
  const ipcRenderer = { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })) };
  // Electron answers a dropped File's path, and "" for a File the page made; here a `path` field stands for the disk.
  const webUtils = { getPathForFile: vi.fn((file: unknown) => (file as { path?: string } | null)?.path ?? '') };
  const utilityProcesses: FakeUtilityProcess[] = [];
  const utilityProcess = {
    fork: vi.fn((modulePath: string, args: string[] = [], options: object = {}) => {
      const host = opts.coreHost?.(utilityProcesses.length) ?? realCoreHost;
      const child = new FakeUtilityProcess(modulePath, args, options as Record<string, unknown>, host);
      utilityProcesses.push(child);
      return child;
    }),
  };
  const clipboard = { writeText: vi.fn((_text: string) => undefined), readText: vi.fn(() => '') };
  // The save dialog: tests that export decide what the "user" picks.
  const dialog = {
    showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
      canceled: true,
      filePath: undefined,
    })),
  };

  const electron = {
    app,
    BrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    powerMonitor,
    contextBridge,
    ipcRenderer,
    webUtils,
    utilityProcess,
    clipboard,
    dialog,
  };
  return {
    module: { ...electron, default: electron },
    app,
    BrowserWindow,
    ipcMain,
    protocol,
    defaultSession,
    powerMonitor,
    contextBridge,
    ipcRenderer,
    exposed,
    windows,
    utilityProcess,
    utilityProcesses,
    clipboard,
    dialog,
  };
}
