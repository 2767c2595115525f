/**
 * The browser harness: a loopback-only HTTP server that serves the built renderer with a bridge
 * script providing `window.ledgervault`, and passes its calls to the same core host the Electron
 * app runs in its utility process, here in a child process (./host-process.ts), behind the same
 * IPC contract and validation. For e2e tests and `npm run start:browser` only: it lives under
 * test/ and no production build includes it.
 *
 * Who may call: only the browser the harness's launcher started. The launcher hands that browser
 * the harness token as an HttpOnly cookie (Playwright: `context.addCookies`; start-browser: a
 * one-time launch URL that sets it); nothing the server sends contains the token, so another
 * local process cannot learn it by asking. Every request must name this server's own
 * 127.0.0.1:port as its Host, which defeats DNS rebinding, and calls must come from its origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { LedgerVaultError, toPublicError } from '../../src/core/errors';
import type { Argon2Params } from '../../src/core/index';
import { CoreClient } from '../../src/core/host/client';
import { parseCall } from '../../src/core/ipc/parse-call';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import type { IpcResult } from '../../src/shared/contract';
import { launchHostProcess } from './host-process';
import type { HostInit } from '../../src/core/host/protocol';
import type { UpdateInstallRequest } from '../../src/core/update/update-flows';
import { verifyRelease } from '../../src/core/update/verify-release';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER_DIR = path.join(ROOT, 'out/renderer');
const MAX_BODY = 64 * 1024;
/** The cookie that carries the harness token (HttpOnly: the page's scripts cannot read it). */
export const TOKEN_COOKIE = 'lv-harness-token';

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
  /** Removable drives the core is to see instead of the machine's (see HostInit.drivesOverride). */
  drivesOverride?: HostInit['drivesOverride'];
  /** The keychain service the core host keeps device secrets under (default: the app's). */
  keychainService?: string;
  kdf?: Argon2Params | 'calibrate';
  port?: number;
}

export interface Harness {
  url: string;
  /** For the launcher only: give it to the browser it starts as the TOKEN_COOKIE cookie. */
  token: string;
  /** Opened once, it sets the cookie in that browser and goes to the app (start-browser). */
  launchUrl: string;
  server: Server;
  close(): Promise<void>;
}

async function buildBridge(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
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
  return (await readBytes(req)).toString('utf8');
}

async function readBytes(req: IncomingMessage, max = MAX_BODY): Promise<Buffer> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The value of cookie `name` in the request, or ''. */
function cookie(req: IncomingMessage, name: string): string {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a caller without the token gets: refused, and nothing it says the log recorded. */
function refusal(): IpcResult<never> {
  return {
    ok: false,
    error: toPublicError(
      new LedgerVaultError('E_FORBIDDEN', 'untrusted harness caller', { messageKey: 'ipc.untrustedSender' }),
    ),
  };
}

/** Playwright's Chromium prints the report page (no script runs: it has none) to an A4 PDF. */
async function printWithChromium(html: string): Promise<Uint8Array> {
  const { chromium } = await import('@playwright/test');
  // The e2e suite's browser (playwright.config.ts): Debian's Chromium where it is installed.
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('build the renderer first: npm run build');
  const token = randomBytes(32).toString('hex');
  let launchCode: string | null = randomBytes(32).toString('hex');
  let clipboardText = '';
  const shownInFolder: string[] = [];
  const bridge = await buildBridge();
  const exportDir = opts.exportDir ?? path.join(path.dirname(opts.vaultDir), 'exports');
  /**
   * A file dropped onto the page (issue 14): the browser has no path for it, so the bridge sends
   * its bytes and name, written here under a folder of its own, as Electron's preload would send
   * the dropped file's path; the core's pick then gets it once, as from main's drop channel.
   */
  const dropDir = path.join(path.dirname(opts.vaultDir), 'dropped');
  let dropped: string | null = null;
  /** What the harness's open dialog offers (tests put a file here to pick it). */
  const pickDir = path.join(path.dirname(opts.vaultDir), 'to-open');
  /** What the harness's folder dialog answers (where a backup goes). */
  const backupDir = path.join(path.dirname(opts.vaultDir), 'backups');
  /** What the harness's folder dialog answers for a vault folder to open with the recovery key. */
  const vaultPickDir = path.join(path.dirname(opts.vaultDir), 'to-open-vault');
  /** What the harness's folder dialog answers for an update folder (issue 15): `to-update`, or a cancel. */
  const updatePickDir = path.join(path.dirname(opts.vaultDir), 'to-update');
  const core = new CoreClient({
    launch: () => launchHostProcess({ keychainService: opts.keychainService }),
    init: {
      vaultDir: opts.vaultDir,
      version: 'harness',
      kdf: opts.kdf,
      idleMsOverride: opts.idleMsOverride,
      drivesOverride: opts.drivesOverride,
    },
    shell: {
      // The harness's save dialog: every export goes to its export folder under the suggested name.
      chooseExportPath: async (name) => {
        await mkdir(exportDir, { recursive: true });
        return path.join(exportDir, name);
      },
      // The harness's open dialog: the newest file a test put into the pick folder, or a cancel.
      chooseOpenPath: async (purpose) => {
        if (purpose === 'dropped-payment-export') {
          const file = dropped;
          dropped = null;
          return file;
        }
        const names = existsSync(pickDir) ? await readdir(pickDir) : [];
        const files = await Promise.all(
          names.map(async (n) => ({ file: path.join(pickDir, n), at: (await stat(path.join(pickDir, n))).mtimeMs })),
        );
        return files.sort((a, b) => b.at - a.at)[0]?.file ?? null;
      },
      // The harness's folder dialog: its backups folder (a test empties or removes it to simulate a
      // choice); for a vault folder to open, the one a test copied to `to-open-vault`, or a cancel.
      chooseFolder: async (purpose) => {
        if (purpose === 'vault-folder') return existsSync(vaultPickDir) ? vaultPickDir : null;
        if (purpose === 'update-folder') return existsSync(updatePickDir) ? updatePickDir : null;
        await mkdir(backupDir, { recursive: true });
        return backupDir;
      },
      // The harness's clipboard is a variable: tests read it through /__harness/clipboard.
      clipboardWrite: (text) => {
        clipboardText = text;
      },
      clipboardRead: () => clipboardText,
      // The harness has no file manager: it records what it was asked to show, for tests to read.
      showInFolder: (file) => {
        shownInFolder.push(file);
      },
    },
    // As far as the harness can go with an update: verify it again as main does, then stop
    // (there is no electron-updater and nothing to restart).
    updater: harnessUpdater(),
    // The evidence report's PDF: Chromium's print, as Electron's printToPDF does in the app.
    printPdf: printWithChromium,
  });
  core.start();
  let host = '';
  let origin = '';

  /** The harness's stand-in for main's sender check: the launched browser's cookie, from our page. */
  const trusted = (req: IncomingMessage): boolean =>
    sameSecret(cookie(req, TOKEN_COOKIE), token) &&
    (req.headers.origin === origin || (req.method === 'GET' && req.headers.origin === undefined));

  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own Host.
      if (req.headers.host !== host || req.socket.remoteAddress !== '127.0.0.1') {
        return send(res, 421, 'text/plain', 'misdirected request');
      }
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/__harness/ipc/')) {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        const channel = decodeURIComponent(url.pathname.slice('/__harness/ipc/'.length));
        if (!trusted(req)) {
          core.refused(channel.slice(0, 64));
          return send(res, 403, 'application/json', JSON.stringify(refusal()));
        }
        let payload: unknown;
        try {
          payload = JSON.parse((await readBody(req)) || '{}');
        } catch {
          payload = Symbol('unparseable');
        }
        // As main does: checked against the contract here, then again by the core host.
        let result: IpcResult<unknown>;
        try {
          parseCall(channel, payload);
          result = await core.call(channel, payload);
        } catch (err) {
          result = { ok: false, error: toPublicError(err) };
        }
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (url.pathname === '/__harness/launch') {
        // One use: whoever opens it first (the browser start-browser launched) gets the cookie.
        const code = url.searchParams.get('code') ?? '';
        if (launchCode === null || !sameSecret(code, launchCode)) return send(res, 403, 'text/plain', 'forbidden');
        launchCode = null;
        res.writeHead(303, {
          location: '/',
          'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
        });
        return res.end();
      }
      if (url.pathname === '/__harness/shown-in-folder') {
        if (!trusted(req)) return send(res, 403, 'text/plain', 'forbidden');
        return send(res, 200, 'application/json', JSON.stringify({ files: shownInFolder }));
      }
      if (url.pathname === '/__harness/drop') {
        if (req.method !== 'POST' || !trusted(req)) return send(res, 403, 'text/plain', 'forbidden');
        const name = path.basename(url.searchParams.get('name') ?? '');
        const folder = path.join(dropDir, randomBytes(8).toString('hex'));
        await mkdir(folder, { recursive: true });
        const file = path.join(folder, name === '' || name === '.' || name === '..' ? 'dropped' : name);
        await writeFile(file, await readBytes(req, 16 * 2 ** 20));
        dropped = file;
        const result = await core.call('import:pick', { dropped: true });
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
  host = `127.0.0.1:${address.port}`;
  origin = `http://${host}`;
  return {
    url: `${origin}/`,
    token,
    launchUrl: `${origin}/__harness/launch?code=${launchCode}`,
    server,
    close: async () => {
      await core.stop('manual');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The harness's stand-in for src/main/update/: the same verification, no installer behind it. */
function harnessUpdater() {
  const keys = (process.env.LEDGERVAULT_TEST_UPDATE_KEYS ?? '').split(',').filter(Boolean);
  return {
    installUpdate: async (request: UpdateInstallRequest) => {
      const verdict = await verifyRelease(request.files, keys, request.trust, new Date());
      if (!verdict.accepted || verdict.release.signed.version !== request.version)
        throw new Error('the harness installer refused the update');
    },
    restartToUpdate: () => undefined,
  };
}
