import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  /** DevTools only in development builds. */
  devTools: boolean;
}

/**
 * The one application window. Its webPreferences are written out in full, including values that
 * are already Electron's defaults, so that a reader (and `electronegativity`) sees the whole policy
 * here: the page gets no Node, runs sandboxed in its own JavaScript world, and reaches the main
 * process only through the preload's `window.ledgervault`. The caller loads the page.
 */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'LedgerVault',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: opts.devTools,
      // Chromium's spellchecker downloads dictionaries from the network; this app stays offline.
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
