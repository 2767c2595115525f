// Electron main process: a thin, hardened shell. It owns one window, serves the renderer from
// app://ledgervault, and passes IPC calls from a trusted sender, checked against the contract in
// src/shared/contract.ts, to the core. The core (the vault: SQLite, keys, Argon2id, the idle
// lock) runs in its own utilityProcess (src/main/core-process.ts), so that nothing it does can
// stall this process, which draws the window.
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toPublicError } from '../core/errors';
import { CoreClient } from '../core/host/client';
import type { FolderPurpose, LockReason, OpenPurpose } from '../core/host/protocol';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { launchCoreProcess } from './core-connection';
import { registerDropHandler, takeDroppedFile } from './drop';
import { hardenWebContents } from './harden';
import { registerIpcHandlers } from './ipc';
import { blockForeignRequests, denyAllPermissions } from './permissions';
import { rendererOrigin } from './renderer-origin';
import { printHtmlToPdf } from './print-pdf';
import { installSecurityHeaders } from './security-headers';
import { createSenderCheck } from './sender-check';
import { updaterShell } from './update/updater';
import { createMainWindow } from './window';

// Built layout: out/main/index.js, out/main/core.js, out/preload/index.cjs, out/renderer/index.html.
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const CORE_PATH = fileURLToPath(new URL('./core.js', import.meta.url));

// electron-vite sets ELECTRON_RENDERER_URL for `electron-vite dev`. A packaged app never honours
// it, so an environment variable cannot point the production app at another page.
const origin = rendererOrigin(app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']);

let mainWindow: BrowserWindow | null = null;
let core: CoreClient | null = null;

/**
 * Asks the core to close the database and drop every key; never throws or rejects (it runs from
 * lifecycle events). Resolves when the core has answered (or is gone).
 */
async function lockVault(reason: LockReason, event: string): Promise<void> {
  if (!core) return;
  try {
    const result = await core.lock(reason);
    if (!result.ok) console.error(`[ledgervault] locking the vault on ${event} failed: ${result.error.code}`);
  } catch (err) {
    console.error(`[ledgervault] locking the vault on ${event} failed: ${toPublicError(err).code}`);
  }
}

function openMainWindow(): BrowserWindow {
  const win = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged });
  win.on('close', () => void lockVault('window-closed', 'window close'));
  // Windows: the OS is ending the session; 'before-quit' is not emitted then.
  win.on('session-end', () => void lockVault('session-end', 'session end'));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('render-process-gone', () => void lockVault('renderer-gone', 'renderer gone'));
  void win.loadURL(origin.entryUrl);
  return win;
}

/**
 * Where an export the user asked for goes: the save dialog, nowhere else. Only the path comes
 * back here; the core writes the file itself, so record bytes never pass through this process.
 */
async function chooseExportPath(suggestedName: string): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  chosenExportPaths.add(result.filePath);
  return result.filePath;
}

/**
 * A file the user picks for the core to read (an audit export to verify against): the open
 * dialog, nowhere else; the core reads it itself. The dialog speaks the system's language.
 */
async function chooseOpenPath(purpose: OpenPurpose): Promise<string | null> {
  // A file dropped onto the import wizard: the one the drop channel checked, never a dialog.
  if (purpose === 'dropped-payment-export') return takeDroppedFile();
  const filters = {
    'evidence-report': [{ name: 'LedgerVault JSONL', extensions: ['jsonl'] }],
    'backup-file': [{ name: 'LedgerVault backup', extensions: ['lvbak'] }],
    'payment-export': [
      {
        name: 'Payment export',
        extensions: ['csv', 'xls', 'xlsx', 'xml', 'ofx', 'qfx', 'qif', 'sta', 'txt', 'mt940'],
      },
      { name: '*', extensions: ['*'] },
    ],
    // A scanned agreement or acknowledgement kept in the vault (src/core/documents checks the bytes).
    'compliance-file': [{ name: 'PDF, PNG, JPEG', extensions: ['pdf', 'png', 'jpg', 'jpeg'] }],
    // An evidence report to check: its signed HTML, or the PDF the app saved.
    'compliance-report': [{ name: 'HTML, PDF', extensions: ['html', 'htm', 'pdf'] }],
    'dropped-payment-export': [], // no dialog: see above
  } satisfies Record<OpenPurpose, Electron.FileFilter[]>;
  const options: Electron.OpenDialogOptions = {
    defaultPath: app.getPath('documents'),
    properties: ['openFile'],
    filters: filters[purpose],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * A folder the user picks: where a backup goes (the core writes there itself), or a vault folder
 * to open with the recovery key (the core copies it in); only the first may be created here.
 */
async function chooseFolder(purpose: FolderPurpose): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    properties: purpose === 'backup-folder' ? ['openDirectory', 'createDirectory'] : ['openDirectory'],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Every path the save dialog returned in this run: the only files 打开所在文件夹 may show. */
const chosenExportPaths = new Set<string>();

const QUIT_WAIT_MS = 5_000;

/** Locks and ends the core; resolves after QUIT_WAIT_MS at the latest. Never rejects. */
async function stopCore(client: CoreClient): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), QUIT_WAIT_MS);
  });
  const result = await Promise.race([client.stop('quit'), late]);
  clearTimeout(timer);
  if (result === 'late') {
    console.error('[ledgervault] the core did not lock the vault in time; ending it');
    client.kill();
  } else if (!result.ok) {
    console.error(`[ledgervault] locking the vault on quit failed: ${result.error.code}`);
  }
}

function onReady(): void {
  const ses = session.defaultSession;
  denyAllPermissions(ses);
  blockForeignRequests(ses, origin);
  installSecurityHeaders(ses);
  if (origin.kind === 'app') serveAppProtocol(protocol, RENDERER_DIR);

  const client = new CoreClient({
    launch: () => launchCoreProcess(CORE_PATH),
    init: { vaultDir: path.join(app.getPath('userData'), 'vault'), version: app.getVersion() },
    shell: {
      chooseExportPath,
      chooseOpenPath,
      chooseFolder,
      clipboardWrite: (text) => clipboard.writeText(text),
      clipboardRead: () => clipboard.readText(),
      // Only a file the save dialog chose in this run: the core asks by its own record, and this
      // process checks again rather than open whatever path a compromised core might send.
      showInFolder: (file) => {
        if (!chosenExportPaths.has(file)) throw new Error('not a file this app saved');
        shell.showItemInFolder(file);
      },
    },
    // Signed updates (issue 15): the core verifies, then hands the files here (src/main/update/).
    updater: updaterShell,
    // The evidence report's PDF: Chromium's print of the HTML the core signed (print-pdf.ts).
    printPdf: printHtmlToPdf,
    // The calls it was running got E_INTERNAL; the next call starts a new core, which is locked.
    onUnexpectedExit: (code) => console.error(`[ledgervault] the core process stopped (exit code ${code})`),
  });
  core = client;
  client.start();
  registerIpcHandlers(
    ipcMain,
    (channel, payload) => client.call(channel, payload),
    createSenderCheck(() => mainWindow?.webContents, origin),
    (channel) => {
      console.warn(`[ledgervault] refused ${channel}: the caller is not the app's own window`);
      client.refused(channel);
    },
  );
  // A file dropped onto the import wizard: its path from the preload, checked, then the core's pick.
  registerDropHandler(
    ipcMain,
    (channel, payload) => client.call(channel, payload),
    createSenderCheck(() => mainWindow?.webContents, origin),
    () => client.refused('import:pick'),
  );

  // The renderer asks vault.status whenever it regains focus, so a lock here shows up there.
  powerMonitor.on('lock-screen', () => void lockVault('os', 'screen lock'));
  powerMonitor.on('suspend', () => void lockVault('os', 'suspend'));
  powerMonitor.on('shutdown', () => void lockVault('os', 'shutdown'));

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

  // Quitting waits for the core to lock the vault (writing its audit event) and then ends it;
  // a core that does not answer within QUIT_WAIT_MS is ended anyway, so quitting always works.
  let coreStop: Promise<void> | null = null;
  let coreStopped = false;
  app.on('before-quit', (event) => {
    if (coreStopped || !core) return;
    event.preventDefault();
    if (coreStop) return;
    const client = core;
    coreStop = stopCore(client).finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = openMainWindow();
  });

  app
    .whenReady()
    .then(onReady)
    .catch((err: unknown) => {
      console.error('[ledgervault] start-up failed:', err instanceof Error ? err.message : err);
      app.quit();
    });
}
