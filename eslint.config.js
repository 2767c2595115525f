// ESLint flat config. Besides style, it enforces the process boundaries of the app:
//   src/core    pure domain logic (Node); never Electron, never UI
//   src/shared  constants and types used everywhere; imports nothing else from src
//   src/main    Electron main process; never the renderer
//   src/preload sandboxed bridge; only electron and its own files
//   src/renderer browser code; never Node, Electron, the core or main
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import importPlugin from 'eslint-plugin-import';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

const ELECTRON = ['electron', 'electron/*'];
const NODE_BUILTINS = ['node:*', ...builtinModules.flatMap((m) => [m, `${m}/*`])];

/** Node globals for the plain .js/.mjs tooling files (TS files rely on the type checker instead). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'fetch',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'drizzle/meta/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import/resolver': {
        typescript: {
          alwaysTryTypes: true,
          // The solution tsconfig.json: its references cover both the Node and the web programs.
          project: path.join(ROOT, 'tsconfig.json'),
        },
        node: true,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'import/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            {
              target: './src/core',
              from: ['./src/main', './src/renderer', './src/preload', './src/cli'],
              message: 'src/core is UI- and Electron-free domain logic.',
            },
            {
              target: './src/shared',
              from: ['./src/core', './src/main', './src/renderer', './src/preload', './src/cli'],
              message: 'src/shared may only import from src/shared.',
            },
            {
              target: './src/renderer',
              from: ['./src/core', './src/main', './src/cli'],
              message: 'The renderer reaches the rest of the app only through window.ledgervault.',
            },
            {
              target: './src/renderer',
              from: './src/preload',
              message: 'The renderer types window.ledgervault from src/shared/contract.ts, not from the preload.',
            },
            {
              target: './src/preload',
              from: ['./src/core', './src/main', './src/renderer', './src/cli'],
              message: 'The sandboxed preload can only require electron; keep it self-contained.',
            },
            {
              target: './src/main',
              from: ['./src/renderer', './src/cli'],
              message: 'The main process must not import renderer or CLI code.',
            },
            {
              // The core runs in the utility process (out/main/core.js); its index pulls SQLite,
              // Argon2 and keytar into the main bundle. Main imports single modules it needs.
              target: './src/main',
              from: './src/core/index.ts',
              message: 'src/main must not import the core index: the core runs in the utility process.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ELECTRON, message: 'src/core and src/shared must run under plain Node.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NODE_BUILTINS, ...ELECTRON],
              message: 'The renderer is sandboxed browser code: no Node or Electron APIs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_BUILTINS,
              message: 'A sandboxed preload can require only electron; Node built-ins are not there.',
            },
          ],
        },
      ],
    },
  },
  {
    // Electron security settings that must never be weakened (docs/security.md). A pre-commit hook
    // also greps src for the three classic ones; these rules catch the rest, in any spelling.
    files: ['src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'openExternal',
          message: 'LedgerVault never hands a URL to the OS (security checklist item 15).',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag|bypassCSP|corsEnabled)$/][value.value=true]',
          message: 'This Electron option stays off (docs/security.md).',
        },
        {
          selector: 'Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false]',
          message: 'This Electron option stays on (docs/security.md).',
        },
        {
          selector: 'Property[key.name=/^(enableBlinkFeatures|additionalArguments)$/]',
          message: 'No Blink feature switches or renderer command-line arguments (docs/security.md).',
        },
      ],
    },
  },
  {
    // Type-aware promise rules for the app's code. A promise nobody awaits loses its rejection (an
    // unhandled rejection in main, a failure the user never sees) and can finish after the vault
    // was locked; a promise handed to a callback that expects void (an event handler, a
    // forEach) is the same mistake in disguise. Fire-and-forget must be written `void p` with a
    // comment. Only src/**: type information is the slow part of linting, and tests await what
    // they test. projectService finds each file's program through the references of tsconfig.json.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
);
