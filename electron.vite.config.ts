import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const fromRoot = (...segments: string[]) => path.resolve(ROOT, ...segments);

/**
 * Fails the build if any module under `dir` ends up in a bundle. The core reads drizzle/ from disk
 * at runtime (it walks up from its own file to drizzle/meta/_journal.json, and electron-builder
 * ships drizzle/** beside out/**), so an `import '../../drizzle/...sql?raw'` would silently fork
 * the migrations into two copies.
 */
function keepOutOfBundle(dir: string): Plugin {
  const prefix = path.resolve(dir) + path.sep;
  return {
    name: 'ledgervault:keep-out-of-bundle',
    load(id) {
      const file = id.split('?')[0] ?? id;
      if (!id.startsWith('\0') && path.resolve(file).startsWith(prefix)) {
        this.error(`${path.relative(ROOT, file)} must be read from disk at runtime, not bundled`);
      }
    },
  };
}

/**
 * Dev server only: drops the inline React Refresh preamble that @vitejs/plugin-react injects into
 * index.html, since the CSP (script-src 'self') would block it anyway. main.tsx imports
 * '@vitejs/plugin-react/preamble' instead, so Fast Refresh still works with a strict policy.
 */
function dropInlineReactPreamble(): Plugin {
  return {
    name: 'ledgervault:drop-inline-react-preamble',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(/<script type="module">\s*import \{ injectIntoGlobalHook \}[\s\S]*?<\/script>\s*/, ''),
    },
  };
}

const noDrizzle = keepOutOfBundle(fromRoot('drizzle'));

export default defineConfig({
  main: {
    plugins: [noDrizzle],
    build: {
      outDir: fromRoot('out/main'),
      // The `cli` entry runs under plain Node (engines: >=20.19), not Electron's newer Node, so
      // emit syntax both can run. Dependencies stay external (electron-vite's default): native
      // modules and drizzle-orm are loaded from node_modules at runtime.
      target: 'node20.19',
      rolldownOptions: {
        input: {
          // The Electron shell: windows, protocol, dialogs; no vault code (see `core`).
          index: fromRoot('src/main/index.ts'),
          // The core host, which main forks as a utilityProcess: SQLite, keys, Argon2id.
          core: fromRoot('src/main/core-process.ts'),
          cli: fromRoot('src/cli/index.ts'),
        },
        // ESM (package.json "type": "module"): out/main/index.js, core.js and cli.js, plus the
        // chunks they share. The shell imports single core modules (errors, host/client), never
        // the core's index: one import of the index would put the whole core, SQLite and Argon2
        // included, into the main process (test/build/bundles.test.ts checks that it is not).
        output: { format: 'es' },
      },
    },
  },
  preload: {
    plugins: [noDrizzle],
    build: {
      outDir: fromRoot('out/preload'),
      // A sandboxed preload can require only 'electron' (and a few polyfilled builtins), so any
      // npm dependency it uses (zod, through src/shared/ipc-contract.ts) is bundled into the one
      // file rather than externalized. test/build/bundles.test.ts runs it with only 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS; .cjs because package.json says "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    // Built pages are served from app://ledgervault/ (src/main/app-protocol.ts); relative asset
    // URLs work there and in the browser harness alike (electron-vite also forces './' for
    // production builds; stated here so the intent is visible).
    base: './',
    plugins: [react(), dropInlineReactPreamble(), noDrizzle],
    build: {
      outDir: fromRoot('out/renderer'),
      // A local desktop bundle: antd alone exceeds Vite's 500 kB web-oriented warning.
      chunkSizeWarningLimit: 4096,
      rolldownOptions: {
        input: fromRoot('src/renderer/index.html'),
      },
    },
  },
});
