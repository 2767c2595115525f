/**
 * Checks the built bundles (run `npm run build` first; `npm test` does): the renderer carries no
 * Node or Electron code, no bundle carries the browser test harness, and the preload exposes
 * exactly the contract's methods and nothing else.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { CHANNELS } from '../../src/shared/contract';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'out');
const PRELOAD = path.join(OUT, 'preload', 'index.cjs');

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, ext) : ext.test(name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

beforeAll(() => {
  for (const required of [path.join(OUT, 'renderer', 'index.html'), path.join(OUT, 'main', 'index.js'), PRELOAD]) {
    if (!existsSync(required)) {
      throw new Error(`${rel(required)} is missing: run \`npm run build\` before the test/build tests.`);
    }
  }
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTINS = builtinModules
  .filter((m) => !m.startsWith('_'))
  .map(escape)
  .join('|');

/** What Node or Electron code looks like once bundled, minified or not. */
const NODE_PATTERNS: [string, RegExp][] = [
  [
    'require() of a Node built-in',
    new RegExp(`\\brequire\\(\\s*["'\`](?:node:)?(?:${BUILTINS})(?:/[\\w/]*)?["'\`]\\s*\\)`),
  ],
  ['import from a Node built-in', new RegExp(`\\bfrom\\s*["'\`](?:node:)?(?:${BUILTINS})(?:/[\\w/]*)?["'\`]`)],
  ['dynamic import of a Node built-in', new RegExp(`\\bimport\\(\\s*["'\`](?:node:)?(?:${BUILTINS})["'\`]\\s*\\)`)],
  ['any "node:" specifier', /["'`]node:[a-z_/]+["'`]/],
  ['require("electron")', /\brequire\(\s*["'`]electron["'`]\s*\)|\bfrom\s*["'`]electron["'`]/],
  ['process.binding', /process\.binding\b/],
  ['child_process', /child_process/],
  ['process.dlopen', /process\.dlopen\b/],
];

const HARNESS_MARKERS = ['__harness', 'LedgerVaultHarnessBridge', 'lv-harness-token', 'test/harness', 'host-child'];

describe('renderer bundle', () => {
  it('contains no Node or Electron code', () => {
    const files = filesUnder(path.join(OUT, 'renderer'), /\.(m?js|cjs)$/);
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const [what, pattern] of NODE_PATTERNS) {
        const match = pattern.exec(source);
        if (match)
          problems.push(`${rel(file)}: ${what}: ${source.slice(Math.max(0, match.index - 40), match.index + 60)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('loads only its own files (no remote script or stylesheet)', () => {
    const html = readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["'](https?:)?\/\//i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i); // no inline script
  });
});

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values.join(' ')]),
  );
}

describe('renderer CSP <meta>', () => {
  it('is no weaker than the header policy from src/shared/csp.ts', () => {
    const html = readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8');
    // The attribute is double-quoted; the policy inside uses single quotes ('self').
    const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    expect(content, 'out/renderer/index.html has a CSP <meta>').toBeTruthy();
    const meta = directives(content!);
    const header = directives(CONTENT_SECURITY_POLICY);
    const problems: string[] = [];
    for (const [name, value] of header) {
      if (name === 'frame-ancestors') continue; // ignored in <meta>; the header carries it
      // A directive the <meta> leaves out falls back to its default-src (fetch directives only).
      const effective = meta.get(name) ?? (name.endsWith('-src') ? meta.get('default-src') : undefined);
      if (effective !== value) problems.push(`${name}: header "${value}", meta "${effective ?? '(none)'}"`);
    }
    for (const name of meta.keys()) if (!header.has(name)) problems.push(`${name}: only in the meta`);
    expect(problems).toEqual([]);
  });
});

describe('no bundle carries the test harness', () => {
  it('out/renderer, out/main (shell, core, cli and chunks) and out/preload are harness-free', () => {
    const files = ['renderer', 'main', 'preload'].flatMap((dir) =>
      filesUnder(path.join(OUT, dir), /\.(m?js|cjs|html)$/),
    );
    const problems = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return HARNESS_MARKERS.filter((marker) => source.includes(marker)).map((marker) => `${rel(file)}: ${marker}`);
    });
    expect(problems).toEqual([]);
  });
});

/** Every module specifier `file` imports, statically or dynamically. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of source.matchAll(/\bfrom\s*["'`]([^"'`]+)["'`]|\bimport\s*\(?\s*["'`]([^"'`]+)["'`]/g)) {
    found.add((m[1] ?? m[2])!);
  }
  return [...found];
}

/** The packages a built entry loads: follows its relative imports (chunks) through the bundle. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

/** What only the core may load: the vault's database, key derivation, keychain and exports. */
const CORE_PACKAGES = ['better-sqlite3', 'argon2', 'keytar', 'drizzle-orm', 'exceljs', 'qrcode', '@noble/ciphers'];

describe('main bundles: the core runs in its own process', () => {
  it('the Electron shell (out/main/index.js and its chunks) loads no database, crypto or keychain package', () => {
    const loaded = packagesLoadedBy(path.join(OUT, 'main', 'index.js'));
    expect(loaded.has('electron')).toBe(true);
    expect(CORE_PACKAGES.filter((p) => loaded.has(p))).toEqual([]);
  });

  it('the utility process entry (out/main/core.js) carries the core and never loads electron', () => {
    const entry = path.join(OUT, 'main', 'core.js');
    expect(existsSync(entry), 'out/main/core.js is built').toBe(true);
    const loaded = packagesLoadedBy(entry);
    expect(['better-sqlite3', 'argon2', 'keytar'].filter((p) => !loaded.has(p))).toEqual([]);
    expect(loaded.has('electron')).toBe(false);
  });

  it('out/main/core.js serves the core on process.parentPort (Node standing in for the utility process)', async () => {
    // Electron cannot run here; a small loader plays the utility process's `process.parentPort`.
    // It drops what arrives before the entry listens, so the entry's 'ready' is what to wait for.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-core-bundle-'));
    const loader = path.join(dir, 'utility.mjs');
    writeFileSync(
      loader,
      [
        "import { EventEmitter } from 'node:events';",
        'const port = new EventEmitter();',
        'port.postMessage = (message) => process.send(message);',
        "process.on('message', (data) => port.emit('message', { data }));",
        'process.parentPort = port;',
        'await import(process.argv[2]);',
      ].join('\n'),
    );
    const child = fork(loader, [pathToFileURL(path.join(OUT, 'main', 'core.js')).href], { stdio: 'pipe' });
    try {
      const next = (type: string) =>
        new Promise<unknown>((resolve) => {
          const listener = (m: { type?: string }) => {
            if (m.type !== type) return;
            child.off('message', listener);
            resolve(m);
          };
          child.on('message', listener);
        });
      expect(await next('ready')).toEqual({ type: 'ready' });
      const answer = next('result');
      const vaultDir = path.join(dir, 'vault');
      child.send({ type: 'init', options: { vaultDir, version: '0.0.0-bundle' } });
      child.send({ type: 'call', id: 1, channel: 'app:info', payload: {} });
      expect(await answer).toEqual({
        type: 'result',
        id: 1,
        result: { ok: true, value: { version: '0.0.0-bundle', vaultDir } },
      });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('preload bundle', () => {
  /** Runs out/preload/index.cjs the way a sandboxed renderer would: only `electron` can be required. */
  function loadPreload() {
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => {
          if (exposed.has(key)) throw new Error(`exposed twice: ${key}`);
          exposed.set(key, value);
        },
      },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: null };
        },
      },
    };
    const module = { exports: {} as unknown };
    const sandbox = {
      module,
      exports: module.exports,
      require: (id: string) => {
        required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require ${id}`);
      },
      console,
    };
    vm.runInNewContext(readFileSync(PRELOAD, 'utf8'), sandbox, { filename: PRELOAD });
    return { exposed, invoked, required };
  }

  it('requires nothing but electron', () => {
    const { required } = loadPreload();
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it("exposes only window.ledgervault, with exactly the contract's methods", async () => {
    const { exposed, invoked } = loadPreload();
    expect([...exposed.keys()]).toEqual(['ledgervault']);
    const api = exposed.get('ledgervault') as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;

    const expected: Record<string, string[]> = {};
    for (const channel of CHANNELS) {
      const [ns, method] = channel.split(':') as [string, string];
      (expected[ns] ??= []).push(method);
    }
    // Besides the contract, one bridge: a file dropped onto the import wizard (src/preload/index.ts),
    // which sends only Electron's path of a dropped File on main's own channel.
    expected['drop'] = ['importFile'];
    const actual: Record<string, string[]> = {};
    for (const ns of Reflect.ownKeys(api)) {
      expect(typeof ns, 'symbol-keyed property').toBe('string');
      actual[ns as string] = Reflect.ownKeys(api[ns as string]!).map(String);
    }
    const sorted = (shape: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(shape)
          .map(([ns, methods]) => [ns, [...methods].sort()])
          .sort(),
      );
    expect(sorted(actual)).toEqual(sorted(expected));

    for (const name of ['invoke', 'send', 'sendSync', 'on', 'once', 'ipcRenderer', 'postMessage']) {
      expect(Object.prototype.hasOwnProperty.call(api, name), name).toBe(false);
      for (const ns of Object.keys(api)) {
        expect(Object.prototype.hasOwnProperty.call(api[ns], name), `${ns}.${name}`).toBe(false);
      }
    }

    // Each method reaches ipcRenderer.invoke on its own channel, and only that.
    for (const channel of CHANNELS) {
      const [ns, method] = channel.split(':') as [string, string];
      await api[ns]![method]!({ probe: 1 });
      expect(invoked.at(-1)).toEqual([channel, { probe: 1 }]);
    }
    expect(invoked).toHaveLength(CHANNELS.length);
  });
});
