// Electron main process: a thin, hardened shell around the renderer. The full shell (IPC to the
// core, updates, menus) comes later; this file only opens one locked-down window.
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';

/**
 * Sent as a response header for everything the renderer loads over http(s) (the dev server).
 * Keep in sync with the <meta> tag in src/renderer/index.html, which covers the file:// build.
 * 'unsafe-inline' for styles only: antd injects its CSS-in-JS as <style> elements.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_INDEX = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'LedgerVault',
    autoHideMenuBar: true,
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      // Chromium's spellchecker downloads dictionaries from the network; this app stays offline.
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });

  // electron-vite sets ELECTRON_RENDERER_URL for `electron-vite dev`. A packaged app never
  // honours it, so an environment variable cannot point the production app at another page.
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl) {
    void win.loadURL(devServerUrl);
  } else {
    void win.loadFile(RENDERER_INDEX);
  }
  return win;
}

/** Applied to every WebContents the app ever creates, not only the main window. */
function hardenWebContents(contents: WebContents): void {
  // The renderer is a single-page app with hash routing: any real navigation is unexpected.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function hardenSession(): void {
  const ses = session.defaultSession;
  // No camera, microphone, notifications, geolocation, clipboard-read, HID, serial...
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

// Two instances would race for the same vault files and keychain entries.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Force the Chromium sandbox on for every renderer, whatever a webPreferences block says.
  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });

  void app.whenReady().then(() => {
    hardenSession();
    mainWindow = createMainWindow();
  });
}
