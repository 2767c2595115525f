// Electron main process: a thin, hardened shell. It owns one window, serves the renderer from
// app://ledgervault, and passes IPC calls from a trusted sender to the core through the contract
// in src/shared/ipc-contract.ts. Everything the vault does happens in src/core.
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, protocol, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AppService,
  createIpcRegistry,
  OsKeyStore,
  toPublicError,
  writeFileAtomic,
  type LockReason,
} from '../core/index';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { hardenWebContents } from './harden';
import { registerIpcHandlers } from './ipc';
import { blockForeignRequests, denyAllPermissions } from './permissions';
import { rendererOrigin } from './renderer-origin';
import { installSecurityHeaders } from './security-headers';
import { createSenderCheck } from './sender-check';
import { createMainWindow } from './window';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

// electron-vite sets ELECTRON_RENDERER_URL for `electron-vite dev`. A packaged app never honours
// it, so an environment variable cannot point the production app at another page.
const origin = rendererOrigin(app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']);

let mainWindow: BrowserWindow | null = null;
let service: AppService | null = null;

/** Closes the database and drops every key; never throws (it runs from lifecycle events). */
function lockVault(reason: LockReason, event: string): void {
  if (!service) return;
  try {
    service.lock(reason);
  } catch (err) {
    console.error(`[ledgervault] locking the vault on ${event} failed: ${toPublicError(err, 'en').code}`);
  }
}

function openMainWindow(): BrowserWindow {
  const win = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged });
  win.on('close', () => lockVault('window-closed', 'window close'));
  // Windows: the OS is ending the session; 'before-quit' is not emitted then.
  win.on('session-end', () => lockVault('session-end', 'session end'));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('render-process-gone', () => lockVault('renderer-gone', 'renderer gone'));
  void win.loadURL(origin.entryUrl);
  return win;
}

/** An export the user asked for goes where they choose, written atomically; nowhere else. */
async function saveWithDialog(suggestedName: string, bytes: Buffer): Promise<{ path: string } | null> {
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  writeFileAtomic(result.filePath, bytes);
  return { path: result.filePath };
}

function onReady(): void {
  const ses = session.defaultSession;
  denyAllPermissions(ses);
  blockForeignRequests(ses, origin);
  installSecurityHeaders(ses);
  if (origin.kind === 'app') serveAppProtocol(protocol, RENDERER_DIR);

  const vaultService = new AppService({
    vaultDir: path.join(app.getPath('userData'), 'vault'),
    keyStore: new OsKeyStore(),
    version: app.getVersion(),
    saveExport: saveWithDialog,
    clipboard: { writeText: (text) => clipboard.writeText(text), readText: () => clipboard.readText() },
  });
  service = vaultService;
  registerIpcHandlers(
    ipcMain,
    createIpcRegistry(vaultService),
    createSenderCheck(() => mainWindow?.webContents, origin),
    () => vaultService.locale,
    (channel) => {
      console.warn(`[ledgervault] refused ${channel}: the caller is not the app's own window`);
      vaultService.auditRefusedCall(channel);
    },
  );

  // The renderer asks vault.status whenever it regains focus, so a lock here shows up there.
  powerMonitor.on('lock-screen', () => lockVault('os', 'screen lock'));
  powerMonitor.on('suspend', () => lockVault('os', 'suspend'));
  powerMonitor.on('shutdown', () => lockVault('os', 'shutdown'));

  mainWindow = openMainWindow();
}

// Force the Chromium sandbox on for every renderer, whatever a webPreferences block says.
app.enableSandbox();
// Must happen before 'ready'.
registerAppScheme(protocol);

// Two instances would race for the same vault files and keychain entries.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('before-quit', () => lockVault('quit', 'quit'));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (service && BrowserWindow.getAllWindows().length === 0) mainWindow = openMainWindow();
  });

  app
    .whenReady()
    .then(onReady)
    .catch((err: unknown) => {
      console.error('[ledgervault] start-up failed:', err instanceof Error ? err.message : err);
      app.quit();
    });
}
