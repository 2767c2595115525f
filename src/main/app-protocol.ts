import type { Protocol } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './renderer-origin';
import { SECURITY_HEADERS } from './security-headers';

/**
 * The app:// protocol that serves the built renderer (out/renderer) in production, instead of
 * file:// (which would give the page access to every file the user can read) or a localhost
 * server (which any local process could talk to).
 */

/**
 * `standard`: app://ledgervault/ has a real origin, so relative URLs, 'self' in the CSP and
 * same-origin module scripts work. `secure`: treated like https (secure context). `supportFetchAPI`:
 * the page's module scripts and fetches can be served by `protocol.handle`. Deliberately not
 * `corsEnabled` (that would let other origins read our responses) nor `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({ standard: true, secure: true, supportFetchAPI: true });

/** Must run before the app's `ready` event; Electron ignores a later call. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Unknown types are served as opaque bytes; with nosniff the page cannot run them as script or CSS. */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFileResolution = { ok: true; file: string } | { ok: false; status: 403 | 404 };

/**
 * Maps an app:// URL to a file under `rootDir`, or refuses: another host, an encoded `/` or `\`,
 * an undecodable or NUL/backslash-bearing path, or anything that resolves outside `rootDir`.
 * "/" means index.html.
 */
export function resolveAppFile(rootDir: string, url: string): AppFileResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 404 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  // Our files never have an encoded separator in their names; a URL that has one is probing.
  if (/%2f|%5c/i.test(parsed.pathname)) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 403 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 403 };
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.join(root, pathname);
  const relative = path.relative(root, file);
  if (relative === '' || path.isAbsolute(relative) || relative.split(path.sep)[0] === '..') {
    return { ok: false, status: 403 };
  }
  return { ok: true, file };
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' } });
}

export type ReadAsset = (file: string) => Promise<Uint8Array>;

/**
 * The request handler behind app://ledgervault: GET/HEAD only, files under `rootDir` only, each
 * response with its MIME type, the CSP and X-Content-Type-Options. `readAsset` defaults to
 * fs.promises.readFile, looked up on the `fs` object at call time: Electron patches that object so
 * that it reads from inside app.asar, and a snapshot taken by an ESM named import might miss it.
 */
export function createAppRequestHandler(
  rootDir: string,
  readAsset: ReadAsset = (file) => fs.promises.readFile(file),
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
    const resolved = resolveAppFile(rootDir, request.url);
    if (!resolved.ok) return refusal(resolved.status);
    let body: Uint8Array;
    try {
      body = await readAsset(resolved.file);
    } catch {
      // Missing file or a directory: the same answer, and no path in it.
      return refusal(404);
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeOf(resolved.file), 'Cache-Control': 'no-store' },
    });
  };
}

/** Serves `rootDir` on app://ledgervault for the default session. Call after `ready`. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}
