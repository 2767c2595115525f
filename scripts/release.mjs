// `npm run release` (docs/release.md): on an online machine with the Electron toolchain, build the
// app, package it with electron-builder for this platform (or the ones named: --win --linux --mac),
// copy the update files into dist/update-<version>-<platform>/, sign their manifest with the
// release key, and verify it against the key compiled into the app, as an installed copy will.
//   LEDGERVAULT_RELEASE_KEY         the private key file (ledgervault-release.key), required
//   LEDGERVAULT_RELEASE_PASSPHRASE  its passphrase, when it has one (or type it when asked: stdin)
//   LEDGERVAULT_RELEASE_EXPIRES_DAYS  manifest expiry in days (default 90)
//   code signing: CSC_LINK / CSC_KEY_PASSWORD and the others in electron-builder.yml
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectRelease, releaseFiles } from './release-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const BIN = path.join(ROOT, 'bin', 'ledgervault');
const PUB = path.join(ROOT, 'resources', 'update', 'ledgervault-release.pub');

function run(command, args, opts = {}) {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32', ...opts });
  if (r.status !== 0) {
    console.error(`[release] ${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const key = process.env.LEDGERVAULT_RELEASE_KEY;
if (!key || !existsSync(key)) {
  console.error('[release] set LEDGERVAULT_RELEASE_KEY to the release private key file (ledgervault-release.key)');
  process.exit(2);
}
const platforms = process.argv.slice(2).filter((a) => ['--win', '--linux', '--mac'].includes(a));
const platformName = { '--win': 'win', '--linux': 'linux', '--mac': 'mac' };
const names =
  platforms.length > 0
    ? platforms.map((p) => platformName[p])
    : [{ win32: 'win', darwin: 'mac' }[process.platform] ?? 'linux'];

run('npm', ['run', 'build']);
run('npx', ['electron-builder', '--publish', 'never', ...platforms]);
const folder = path.join(DIST, `update-${releaseFiles(DIST).version}-${names.join('-')}`);
const { version, names: files } = collectRelease(DIST, folder);
console.log(`[release] LedgerVault ${version}: ${files.join(', ')} -> ${folder}`);
const expires = process.env.LEDGERVAULT_RELEASE_EXPIRES_DAYS;
run(process.execPath, [
  BIN,
  'release',
  'sign',
  '--key',
  key,
  '--dir',
  folder,
  ...(expires ? ['--expires-days', expires] : []),
]);
run(process.execPath, [BIN, 'release', 'verify', '--pubkey', PUB, '--dir', folder]);
console.log(`[release] signed and verified: copy ${folder} to a USB drive or the office update server as it is.`);
