import type { WebContents } from 'electron';
import type { RendererOrigin } from './renderer-origin';

type Preventable = { preventDefault(): void };

/**
 * Applied to every webContents the app creates (app 'web-contents-created'), not only the main
 * window: the renderer is a single-page app with hash routing, so it never needs to leave its own
 * origin, open a window, or host a <webview>.
 *  - will-navigate / will-frame-navigate / will-redirect: anything but the app's own URL is stopped;
 *  - window.open, target=_blank and middle-click: denied (nothing is ever handed to the OS either;
 *    the app has no shell.openExternal);
 *  - <webview>: never attached (webviewTag is off as well);
 *  - Web Bluetooth device chooser: cancelled.
 */
export function hardenWebContents(contents: WebContents, origin: RendererOrigin): void {
  const stayHome = (event: Preventable & { url: string }) => {
    if (!origin.isOwnUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}
