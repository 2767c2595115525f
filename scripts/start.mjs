// `npm start`: run the desktop app in development (electron-vite dev, with hot reload).
//
// Two things make this more than `electron-vite dev`:
//  1. Electron's npm package (since 45) does not download its runtime on install, and offline or
//     behind a registry-only firewall the download fails. We try once, and otherwise say clearly
//     what to use instead rather than letting electron-vite die with a stack trace.
//  2. Native modules (better-sqlite3-multiple-ciphers, keytar, argon2) are compiled for one ABI at
//     a time. Electron needs its own ABI; the CLI and the tests run under plain Node and need
//     Node's. So we rebuild for Electron before starting and rebuild for Node again on exit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ELECTRON_DIR = path.dirname(require.resolve('electron/package.json'));
const INSTALL_TIMEOUT_MS = 120_000;
const NATIVE_MODULES = ['better-sqlite3', 'keytar', 'argon2']; // better-sqlite3 is the multiple-ciphers alias
const WINDOWS = process.platform === 'win32';

/** The runtime is usable once install.js has written path.txt and unpacked the binary it names into dist/. */
function electronRuntimePresent() {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return false;
  const executable = readFileSync(pathFile, 'utf8').trim();
  return executable !== '' && existsSync(path.join(ELECTRON_DIR, 'dist', executable));
}

/** Runs a command in the foreground, output to the terminal; resolves with its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    // npx/npm are .cmd shims on Windows, which need a shell to run.
    const child = spawn(command, args, { stdio: 'inherit', shell: WINDOWS });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (!electronRuntimePresent()) {
  // Output is discarded: on failure the download error is long and the next line says what matters.
  spawnSync(process.execPath, [path.join(ELECTRON_DIR, 'install.js')], {
    stdio: 'ignore',
    timeout: INSTALL_TIMEOUT_MS,
  });
}
if (!electronRuntimePresent()) {
  console.error(
    'Electron runtime is not available on this machine (it is downloaded from GitHub); the CLI works without it: `npm run build && bin/ledgervault --help`.',
  );
  process.exit(1);
}

// Ctrl+C reaches the whole process group, so electron-vite and Electron get it directly. This
// process must survive it to put the native modules back for Node afterwards.
const ignore = () => {};
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);

let exitCode = 1;
try {
  if ((await run('npx', ['electron-builder', 'install-app-deps'])) !== 0) {
    console.error('[ledgervault] Rebuilding native modules for Electron failed; not starting the app.');
  } else {
    exitCode = await run('npx', ['electron-vite', 'dev']);
  }
} finally {
  // Also after a failed or partial Electron rebuild: leave the modules usable by Node either way.
  const rebuilt = await run('npm', ['rebuild', ...NATIVE_MODULES]);
  if (rebuilt !== 0) {
    console.error(`[ledgervault] \`npm rebuild ${NATIVE_MODULES.join(' ')}\` failed; run it before the CLI or tests.`);
    exitCode ||= rebuilt;
  }
}
process.exit(exitCode);
