/**
 * `npm run start:browser`: try the app without Electron. Starts the browser harness (the real core
 * on 127.0.0.1) on a vault in LEDGERVAULT_VAULT_DIR or ~/.ledgervault-browser/vault, prints its
 * URL and, on a desktop with Chromium or Chrome, opens it in an app window. Runs until Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness } from './server';

const vaultDir = process.env.LEDGERVAULT_VAULT_DIR ?? path.join(os.homedir(), '.ledgervault-browser', 'vault');
mkdirSync(path.dirname(path.resolve(vaultDir)), { recursive: true, mode: 0o700 });

const harness = await startHarness({ vaultDir, kdf: 'calibrate' });

// The launch URL works once: the first browser to open it gets the harness's cookie, and only a
// browser with that cookie can call the vault. Anyone else who finds the port gets nothing.
process.stdout.write(`LedgerVault (账安) browser harness\n`);
process.stdout.write(`  vault: ${path.resolve(vaultDir)}\n`);
process.stdout.write(`  open:  ${harness.launchUrl}\n`);
process.stdout.write(`         (works once, in one browser; then use ${harness.url} there)\n`);
process.stdout.write(`Press Ctrl+C to stop.\n`);

// scripts/with-keyring-if-needed.sh started a throwaway keyring (there was no D-Bus session).
if (process.env.LEDGERVAULT_IN_DBUS === '1') {
  process.stdout.write(
    [
      '',
      '警告：本机没有桌面会话，正在使用一个临时的系统钥匙串，本次运行结束后它就会消失。',
      '下次运行时本机密钥已不存在，只能用恢复密钥打开这个保险库——请务必保存好创建时显示的恢复密钥。',
      'WARNING: there is no desktop session, so a temporary system keychain is in use and will be gone when',
      'this run ends. Next time the workstation key will be missing and this vault can only be opened with its',
      'recovery key: keep the recovery key shown when the vault is created.',
      '',
    ].join('\n') + '\n',
  );
}

function findBrowser(): string | null {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'google-chrome']) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (!dir) continue;
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

let browser: ChildProcess | null = null;
let profileDir: string | null = null;
const browserPath = findBrowser();
if (browserPath && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'ledgervault-browser-profile-'));
  browser = spawn(browserPath, [`--app=${harness.launchUrl}`, `--user-data-dir=${profileDir}`], { stdio: 'ignore' });
  browser.on('error', (err) => process.stderr.write(`Could not open ${browserPath}: ${err.message}\n`));
  process.stdout.write(`Opened ${browserPath} in an app window.\n`);
} else {
  process.stdout.write('Open the URL above in Chromium or Chrome.\n');
}

/** Resolves when the browser has exited, or after `ms` if it has not. */
function browserExit(ms: number): Promise<void> {
  const child = browser;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping…\n');
  try {
    await browserExit(3_000);
    await harness.close();
  } catch (err) {
    process.stderr.write(`${String(err)}\n`);
  } finally {
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    process.exit(0);
  }
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
