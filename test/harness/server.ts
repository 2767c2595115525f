/**
 * The browser harness: a loopback-only HTTP server that hosts the real core behind the same IPC
 * contract and validation as the Electron main process, and serves the built renderer with a
 * bridge script that provides `window.ledgervault`. For e2e tests and `npm run start:browser`
 * only: it lives under test/ and no production build includes it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import {
  AppService,
  createIpcRegistry,
  LedgerVaultError,
  OsKeyStore,
  toPublicError,
  type Argon2Params,
  type KeyStore,
  writeFileAtomic,
} from '../../src/core/index';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER_DIR = path.join(ROOT, 'out/renderer');
const MAX_BODY = 64 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HarnessOptions {
  vaultDir: string;
  /** Where exports the user asks for are written (the harness has no save dialog). */
  exportDir?: string;
  idleMsOverride?: number;
  keyStore?: KeyStore;
  kdf?: Argon2Params | 'calibrate';
  port?: number;
}

export interface Harness {
  url: string;
  token: string;
  server: Server;
  service: AppService;
  close(): Promise<void>;
}

async function buildBridge(token: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    define: { __HARNESS_TOKEN__: JSON.stringify(token) },
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(ROOT, 'test/harness/bridge.ts'), formats: ['iife'], name: 'LedgerVaultHarnessBridge' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if ('output' in out) {
      const chunk = out.output.find((o) => o.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('harness bridge did not build');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('build the renderer first: npm run build');
  const token = randomBytes(32).toString('hex');
  let clipboardText = '';
  const bridge = await buildBridge(token);
  const service = new AppService({
    vaultDir: opts.vaultDir,
    keyStore: opts.keyStore ?? new OsKeyStore(),
    version: 'harness',
    kdf: opts.kdf,
    idleMsOverride: opts.idleMsOverride,
    // The harness's clipboard is a variable: e2e tests read it through /__harness/clipboard.
    clipboard: {
      writeText: (text) => {
        clipboardText = text;
      },
      readText: () => clipboardText,
    },
    saveExport: async (name, bytes) => {
      const dir = opts.exportDir ?? path.join(path.dirname(opts.vaultDir), 'exports');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name);
      writeFileAtomic(file, bytes);
      return { path: file };
    },
  });
  const registry = createIpcRegistry(service);
  let origin = '';

  /** The harness's stand-in for main's sender check: our own origin, our token, loopback only. */
  const trusted = (req: IncomingMessage): boolean => {
    const given = Buffer.from(String(req.headers['x-ledgervault-harness'] ?? ''));
    const expected = Buffer.from(token);
    return (
      req.socket.remoteAddress === '127.0.0.1' &&
      req.headers.host === origin.replace('http://', '') &&
      (req.headers.origin === undefined || req.headers.origin === origin) &&
      given.length === expected.length &&
      timingSafeEqual(given, expected)
    );
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/__harness/ipc/')) {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        const channel = decodeURIComponent(url.pathname.slice('/__harness/ipc/'.length));
        let payload: unknown;
        let result;
        if (!trusted(req)) {
          result = {
            ok: false,
            error: toPublicError(new LedgerVaultError('E_FORBIDDEN', 'untrusted sender'), service.locale),
          };
        } else {
          try {
            payload = JSON.parse((await readBody(req)) || '{}');
          } catch {
            payload = Symbol('unparseable');
          }
          result = await registry.dispatch(channel, payload, () => service.locale);
        }
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (url.pathname === '/__harness/clipboard') {
        if (!trusted(req)) return send(res, 403, 'text/plain', 'forbidden');
        return send(res, 200, 'application/json', JSON.stringify({ text: clipboardText }));
      }
      if (url.pathname === '/__harness/bridge.js') return send(res, 200, TYPES['.js']!, bridge);
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(RENDERER_DIR, rel);
      if (!file.startsWith(RENDERER_DIR + path.sep) || !existsSync(file))
        return send(res, 404, 'text/plain', 'not found');
      let body: string | Buffer = await readFile(file);
      if (rel === 'index.html') {
        // The bridge must exist before the app's module script runs; a classic script in <head> does.
        body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');
      }
      return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
    } catch {
      return send(res, 500, 'text/plain', 'harness error');
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/`,
    token,
    server,
    service,
    close: async () => {
      service.lock();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
