import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenWebContents } from '../../src/main/harden';
import { rendererOrigin } from '../../src/main/renderer-origin';
import { fakeEvent, FakeWebContents } from './fake-electron';

function hardened(devServerUrl?: string): FakeWebContents {
  const contents = new FakeWebContents();
  hardenWebContents(contents as unknown as WebContents, rendererOrigin(devServerUrl));
  return contents;
}

const FOREIGN = [
  'https://evil.example/phish',
  'http://localhost:5173/',
  'file:///etc/passwd',
  'app://other-host/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'not a url',
];

describe('hardenWebContents', () => {
  for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    it(`${eventName}: prevents every foreign URL`, () => {
      const contents = hardened();
      for (const url of FOREIGN) {
        const event = fakeEvent({ url });
        contents.listener(eventName)(event as never, url as never);
        expect(event.defaultPrevented, url).toBe(true);
      }
    });

    it(`${eventName}: lets the app's own pages through`, () => {
      const contents = hardened();
      const event = fakeEvent({ url: 'app://ledgervault/index.html#/unlock' });
      contents.listener(eventName)(event as never);
      expect(event.defaultPrevented).toBe(false);
    });
  }

  it('in dev, allows the dev server origin and nothing else', () => {
    const contents = hardened('http://localhost:5173/');
    const own = fakeEvent({ url: 'http://localhost:5173/#/setup' });
    const otherPort = fakeEvent({ url: 'http://localhost:5174/' });
    const app = fakeEvent({ url: 'app://ledgervault/index.html' });
    for (const e of [own, otherPort, app]) contents.listener('will-navigate')(e as never);
    expect([own.defaultPrevented, otherPort.defaultPrevented, app.defaultPrevented]).toEqual([false, true, true]);
  });

  it('denies window.open, target=_blank and middle-click for any URL', () => {
    const contents = hardened();
    for (const url of [...FOREIGN, 'app://ledgervault/index.html']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('prevents attaching a <webview>', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.listener('will-attach-webview')(event as never, {} as never, {} as never);
    expect(event.defaultPrevented).toBe(true);
  });

  it('cancels the Web Bluetooth chooser', () => {
    const contents = hardened();
    const event = fakeEvent();
    const chosen: string[] = [];
    contents.listener('select-bluetooth-device')(
      event as never,
      [{ deviceId: 'dev-1' }] as never,
      ((id: string) => chosen.push(id)) as never,
    );
    expect(event.defaultPrevented).toBe(true);
    expect(chosen).toEqual(['']);
  });
});
