/**
 * Checks the built bundles (run `npm run build` first; `npm test` does): the renderer carries no
 * Node or Electron code, no bundle carries the browser test harness, and the preload exposes
 * exactly the contract's methods and nothing else.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { CHANNELS } from '../../src/shared/ipc-contract';

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

const HARNESS_MARKERS = ['__harness', 'x-ledgervault-harness', 'LedgerVaultHarnessBridge', '__HARNESS_TOKEN__'];

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
  it('out/renderer, out/main and out/preload are harness-free', () => {
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
