import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppRequestHandler,
  mimeTypeOf,
  registerAppScheme,
  resolveAppFile,
  serveAppProtocol,
} from '../../src/main/app-protocol';
import { FakeProtocol } from './fake-electron';

let root: string;
let renderer: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-protocol-'));
  renderer = path.join(root, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>LV</title>');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(renderer, 'assets', 'font.woff2'), 'w');
  writeFileSync(path.join(renderer, 'assets', 'blob.xyz'), 'x');
  // Outside the renderer folder: must never be served.
  writeFileSync(path.join(root, 'secret.txt'), 'vault key');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// scheme registration', () => {
  it('is standard and secure, with fetch support, and no CSP bypass or CORS opening', () => {
    const protocol = new FakeProtocol();
    registerAppScheme(protocol as never);
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
  });

  it('serveAppProtocol handles the app scheme with the file handler', async () => {
    const protocol = new FakeProtocol();
    serveAppProtocol(protocol as never, renderer);
    const response = await protocol.handlers.get('app')!(new Request('app://ledgervault/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>LV</title>');
  });
});

describe('app:// request handler', () => {
  const handler = () => createAppRequestHandler(renderer);

  it('serves the renderer files with their MIME types', async () => {
    const cases: [string, string][] = [
      ['app://ledgervault/index.html', 'text/html; charset=utf-8'],
      ['app://ledgervault/', 'text/html; charset=utf-8'],
      ['app://ledgervault/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://ledgervault/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://ledgervault/assets/font.woff2', 'font/woff2'],
      ['app://ledgervault/assets/blob.xyz', 'application/octet-stream'],
      ['app://ledgervault/index.html?x=1#/unlock', 'text/html; charset=utf-8'],
    ];
    for (const [url, type] of cases) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
    }
    expect(mimeTypeOf('A.SVG')).toBe('image/svg+xml');
  });

  it('refuses path traversal and never reads outside the renderer folder', async () => {
    const readAsset = vi.fn(async () => new TextEncoder().encode('leaked'));
    const guarded = createAppRequestHandler(renderer, readAsset);
    const attacks = [
      'app://ledgervault/..%2fsecret.txt',
      'app://ledgervault/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://ledgervault/assets/..%2f..%2fsecret.txt',
      'app://ledgervault/%2e%2e%2fsecret.txt',
      'app://ledgervault/..%5csecret.txt',
      'app://ledgervault/%2Fetc%2Fpasswd',
      'app://ledgervault/index.html%00.js',
      'app://ledgervault/%E0%A4%A',
    ];
    for (const url of attacks) {
      const response = await guarded(new Request(url));
      expect([403, 404], url).toContain(response.status);
      expect(await response.text(), url).toBe('');
    }
    // Whatever the URL parser left over, nothing outside the folder was ever opened.
    for (const [file] of readAsset.mock.calls as unknown as [string][]) {
      expect(path.relative(renderer, file).startsWith('..'), file).toBe(false);
    }
    expect(resolveAppFile(renderer, 'app://ledgervault/..%2fsecret.txt')).toEqual({ ok: false, status: 403 });
  });

  it('normalises dot segments the URL parser resolves, so they stay inside the folder', async () => {
    const response = await handler()(new Request('app://ledgervault/assets/../index.html'));
    expect(response.status).toBe(200);
    const escaped = await handler()(new Request('app://ledgervault/../../secret.txt'));
    expect(escaped.status).toBe(404);
  });

  it('answers 404 for another host, a missing file or a directory', async () => {
    for (const url of ['app://other/index.html', 'app://ledgervault/nope.js', 'app://ledgervault/assets/']) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
    }
  });

  it('allows only GET and HEAD', async () => {
    const post = await handler()(new Request('app://ledgervault/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await handler()(new Request('app://ledgervault/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
