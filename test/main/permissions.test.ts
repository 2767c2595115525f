import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { blockForeignRequests, denyAllPermissions } from '../../src/main/permissions';
import { rendererOrigin } from '../../src/main/renderer-origin';
import { fakeEvent, FakeSession, FakeWebContents } from './fake-electron';

const PERMISSIONS = [
  'media',
  'display-capture',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'fileSystem',
  'unknown',
];

function denied(): FakeSession {
  const ses = new FakeSession();
  denyAllPermissions(ses as unknown as Session);
  return ses;
}

describe('denyAllPermissions', () => {
  it('answers every permission request with false', () => {
    const ses = denied();
    const contents = new FakeWebContents();
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = [];
      ses.permissionRequestHandler!(
        contents as never,
        permission as never,
        ((granted: boolean) => answers.push(granted)) as never,
        { requestingUrl: 'app://ledgervault/index.html' } as never,
      );
      expect(answers, permission).toEqual([false]);
    }
  });

  it('answers every permission check with false, even for the app itself', () => {
    const ses = denied();
    for (const permission of PERMISSIONS) {
      expect(ses.permissionCheckHandler!(null as never, permission as never, 'app://ledgervault' as never)).toBe(false);
    }
  });

  it('grants no HID, serial or USB device, and cancels every device chooser', () => {
    const ses = denied();
    expect(ses.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://ledgervault' } as never)).toBe(false);
    for (const [eventName, args, cancelled] of [
      ['select-hid-device', [{ deviceList: [{ deviceId: 'h' }] }], []],
      ['select-serial-port', [[{ portId: 'p' }], new FakeWebContents()], ['']],
      ['select-usb-device', [{ deviceList: [{ deviceId: 'u' }] }], []],
    ] as const) {
      const event = fakeEvent();
      const calls: unknown[][] = [];
      const listener = ses.listeners(eventName)[0] as (...a: unknown[]) => void;
      listener(event, ...args, (...chosen: unknown[]) => calls.push(chosen));
      expect(event.defaultPrevented, eventName).toBe(true);
      expect(calls, eventName).toEqual([cancelled]);
    }
  });
});

describe('blockForeignRequests', () => {
  function decide(devServerUrl: string | undefined, url: string, fromPage = true): boolean {
    const ses = new FakeSession();
    blockForeignRequests(ses as unknown as Session, rendererOrigin(devServerUrl));
    let cancel: boolean | undefined;
    ses.beforeRequest!({ url, webContentsId: fromPage ? 1 : undefined }, (response) => {
      cancel = (response as { cancel?: boolean }).cancel;
    });
    return cancel === true;
  }

  it('cancels network and file requests a page makes in production', () => {
    for (const url of ['https://evil.example/x', 'http://127.0.0.1:1/', 'wss://evil.example/', 'file:///etc/passwd']) {
      expect(decide(undefined, url), url).toBe(true);
    }
  });

  it('lets the page load its own app:// files, data: images and blobs', () => {
    for (const url of ['app://ledgervault/assets/index.js', 'data:image/png;base64,AA==', 'blob:app://ledgervault/1']) {
      expect(decide(undefined, url), url).toBe(false);
    }
  });

  it('in dev, allows the dev server and its hot-reload socket only', () => {
    const dev = 'http://localhost:5173/';
    expect(decide(dev, 'http://localhost:5173/src/main.tsx')).toBe(false);
    expect(decide(dev, 'ws://localhost:5173/?token=x')).toBe(false);
    expect(decide(dev, 'http://localhost:8080/')).toBe(true);
    expect(decide(dev, 'https://evil.example/')).toBe(true);
  });

  it("leaves the main process's own requests alone", () => {
    expect(decide(undefined, 'https://updates.example/latest.yml', false)).toBe(false);
  });
});
