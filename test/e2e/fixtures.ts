/**
 * Playwright fixtures: a fresh browser harness (the real core on 127.0.0.1 with its own vault in
 * a temporary folder) per test, and a page that fails the test on any JavaScript error or
 * dialog. Afterwards the harness is stopped, the test vault's keychain entry deleted and the
 * folder removed.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OsKeyStore } from '../../src/core/keystore/keystore';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KEYCHAIN_SERVICE = 'LedgerVaultTest';
const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');

export interface HarnessProcess {
  url: string;
  vaultDir: string;
  /** The harness's token: only the page fixture's browser gets it (as its HttpOnly cookie). */
  token: string;
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => finish(new Error(`harness did not start in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const finish = (err: Error | null, started?: { url: string; token: string }) => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(started!);
    };
    const onStdout = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      for (const line of stdout.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        try {
          const parsed = JSON.parse(line) as { url?: unknown; token?: unknown };
          if (typeof parsed.url === 'string' && typeof parsed.token === 'string') {
            return finish(null, { url: parsed.url, token: parsed.token });
          }
        } catch {
          // a partial line: wait for the rest
        }
      }
    };
    const onExit = (code: number | null) => finish(new Error(`harness exited (${code}) before starting\n${stderr}`));
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The test vault's device secret must not outlive the test in the (test) keychain. */
async function deleteKeychainEntry(vaultDir: string): Promise<void> {
  const keysFile = path.join(vaultDir, 'vault.keys');
  if (!existsSync(keysFile)) return;
  const { vaultId } = JSON.parse(readFileSync(keysFile, 'utf8')) as { vaultId?: unknown };
  if (typeof vaultId !== 'string') throw new Error(`no vaultId in ${keysFile}`);
  if (!(await new OsKeyStore(KEYCHAIN_SERVICE).delete(vaultId))) {
    throw new Error(`the keychain held no entry for test vault ${vaultId}`);
  }
}

/** Saves a screenshot of the current screen as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let antd's transitions (button waves, alert fade-in) settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export const test = base.extend<{ harness: HarnessProcess; dialogs: string[]; harnessEnv: Record<string, string> }>({
  /**
   * Extra environment for the harness process, e.g. `test.use({ harnessEnv: {
   * LEDGERVAULT_TEST_IDLE_MS: '4000' } })` (see test/harness/cli.ts for what it honours).
   */
  harnessEnv: [{}, { option: true }],

  harness: async ({ harnessEnv }, use) => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'ledgervault-e2e-'));
    const vaultDir = path.join(tmp, 'vault');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/cli.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LEDGERVAULT_VAULT_DIR: vaultDir,
        LEDGERVAULT_KDF: 'floor',
        LEDGERVAULT_KEYCHAIN_SERVICE: KEYCHAIN_SERVICE,
        ...harnessEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const { url, token } = await waitForUrl(child, 30_000);
      await use({ url, vaultDir, token });
    } finally {
      await stop(child);
      try {
        await deleteKeychainEntry(vaultDir);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }
  },

  /** Every dialog (alert, confirm, prompt) the page opened; the page fixture fails the test on any. */
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  dialogs: async ({}, use) => {
    await use([]);
  },

  // Depends on the harness so that it is checked (and done) before the harness stops: a signed-in
  // screen polls the vault status, which would log a refused connection once the harness is gone.
  page: async ({ page, dialogs, harness }, use) => {
    // The launcher hands the token to the browser it started, and only there (see test/harness/server.ts).
    await page
      .context()
      .addCookies([
        { name: 'lv-harness-token', value: harness.token, url: harness.url, httpOnly: true, sameSite: 'Strict' },
      ]);
    const errors: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    });
    await use(page);
    expect(dialogs, 'the page opened a dialog').toEqual([]);
    expect(errors, 'the page logged errors').toEqual([]);
  },
});

export { expect };
