// Electron's npm package (since 45) no longer downloads its runtime on install; we fetch it here
// so that `npm start` works on an online machine. Offline (or behind a firewall that only lets the
// npm registry through) the fetch fails: we print one warning and let `npm ci` succeed, because the
// core, the CLI and every test run under plain Node without the Electron runtime.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // production install without devDependencies: nothing to fetch
}
if (process.env.LEDGERVAULT_SKIP_ELECTRON === '1' || !existsSync(installer)) process.exit(0);

const result = spawnSync(process.execPath, [installer], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: Number(process.env.LEDGERVAULT_ELECTRON_FETCH_TIMEOUT_MS ?? 120_000),
  encoding: 'utf8',
});
if (result.status !== 0) {
  const reason = (result.stderr ?? '').split('\n').find((l) => l.trim()) ?? String(result.error ?? 'timeout');
  console.warn(
    `[ledgervault] Electron runtime not downloaded (${reason.trim().slice(0, 160)}). ` +
      'The CLI and all tests work without it; `npm start` will retry.',
  );
}
