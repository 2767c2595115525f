import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from './fake-electron';

let electron: FakeElectron;

describe('main window', () => {
  beforeEach(() => {
    electron = createFakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => electron.module);
  });

  it('is created with the locked-down webPreferences and the given preload', async () => {
    const { createMainWindow } = await import('../../src/main/window');
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', devTools: false });
    const [win] = electron.windows;
    expect(win?.options['webPreferences']).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
      spellcheck: false,
    });
  });

  it('sets no Blink feature switches and stays hidden until ready-to-show', async () => {
    const { createMainWindow } = await import('../../src/main/window');
    createMainWindow({ preloadPath: '/p.cjs', devTools: true });
    const win = electron.windows[0]!;
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(win.options['show']).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });
});
