import type { Session } from 'electron';
import type { RendererOrigin } from './renderer-origin';

/**
 * The renderer needs no browser permission at all: no camera, microphone, screen capture,
 * notifications, geolocation, clipboard reads, MIDI, HID, serial or USB. Every request and every
 * check is answered "no", and device choosers are cancelled instead of showing a picker.
 */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

/**
 * Defence in depth behind the CSP: a request that a page (any webContents) makes on a network or
 * file scheme is cancelled unless it is the app's own. Requests without a webContents (the main
 * process's own `net` calls) are not this filter's business.
 */
export function blockForeignRequests(ses: Session, origin: RendererOrigin): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const fromPage = details.webContentsId !== undefined;
    callback({ cancel: fromPage && !origin.allowsRequest(details.url) });
  });
}
