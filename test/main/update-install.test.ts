/**
 * Issue 15, Must show 3: the electron-updater glue (src/main/update/) with a mocked `electron`
 * and a mocked electron-updater. Nothing reaches the updater unless our verification passed;
 * the updater reads the verified files from a loopback feed that serves nothing else; a file
 * swapped after verification is refused as it is served, and nothing is installed.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MANIFEST_NAME, type TrustState } from '../../src/core/update';
import { LedgerVaultError } from '../../src/core/errors';
import { generateReleaseKey, writeSignedRelease } from '../helpers/update-release';

vi.mock('electron', () => ({ app: { getVersion: () => '0.1.0', isPackaged: true, quit: vi.fn() } }));

/** The mocked autoUpdater: a generic provider that really fetches latest.yml and the installer from the feed. */
const updater = vi.hoisted(() => {
  const state = { feed: '', fetched: [] as string[], beforeDownload: null as null | (() => void) };
  const fetchOk = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    const body = Buffer.from(await res.arrayBuffer());
    state.fetched.push(url.slice(state.feed.length + 1));
    return body;
  };
  const mock = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    allowPrerelease: true,
    verifyUpdateCodeSignature: 'electron-updater default',
    setFeedURL: vi.fn((o: { provider: string; url: string }) => {
      state.feed = o.url;
    }),
    checkForUpdates: vi.fn(async () => {
      const yml = (await fetchOk(`${state.feed}/latest.yml`)).toString('utf8');
      return { updateInfo: { version: /^version: (.+)$/m.exec(yml)![1]!, path: /^path: (.+)$/m.exec(yml)![1]! } };
    }),
    downloadUpdate: vi.fn(async () => {
      state.beforeDownload?.();
      const yml = (await fetchOk(`${state.feed}/latest.yml`)).toString('utf8');
      const file = /^path: (.+)$/m.exec(yml)![1]!;
      return [await fetchOk(`${state.feed}/${encodeURIComponent(file)}`)];
    }),
    quitAndInstall: vi.fn(),
  };
  return { mock, state };
});
vi.mock('electron-updater', () => ({ default: { autoUpdater: updater.mock }, autoUpdater: updater.mock }));

const { UpdateInstaller } = await import('../../src/main/update/install');
const { updaterShell } = await import('../../src/main/update/updater');

const root = mkdtempSync(path.join(os.tmpdir(), 'lv-update-main-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const publisher = generateReleaseKey();
const trust: TrustState = { highestInstalled: '0.1.0', learnedKeys: [] };
let n = 0;

async function release(version = '0.2.0', key = publisher) {
  const dir = path.join(root, `r${(n += 1)}`);
  const r = await writeSignedRelease(dir, version, key);
  const files = [MANIFEST_NAME, 'latest.yml', r.installer, `${r.installer}.blockmap`].map((f) => path.join(dir, f));
  return { ...r, files, installerPath: path.join(dir, r.installer) };
}

function installer() {
  return new UpdateInstaller({
    updater: async () => (await import('electron-updater')).autoUpdater as never,
    pinnedKeys: [publisher.publicKey],
  });
}

function expectUntouched() {
  expect(updater.mock.setFeedURL).not.toHaveBeenCalled();
  expect(updater.mock.checkForUpdates).not.toHaveBeenCalled();
  expect(updater.mock.downloadUpdate).not.toHaveBeenCalled();
  expect(updater.mock.quitAndInstall).not.toHaveBeenCalled();
}

beforeEach(() => {
  vi.clearAllMocks();
  updater.state.fetched = [];
  updater.state.beforeDownload = null;
});

describe('update installer glue', () => {
  it('hands a verified release to electron-updater through a loopback feed, and installs only on restart', async () => {
    const r = await release();
    const inst = installer();
    await inst.install({ version: '0.2.0', files: r.files, trust });
    expect(updater.mock.setFeedURL).toHaveBeenCalledTimes(1);
    expect(updater.state.feed).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);
    expect(updater.state.fetched).toContain('latest.yml');
    expect(updater.state.fetched).toContain(encodeURIComponent(r.installer));
    // No download on check, no install at quit, never a downgrade; Authenticode checks left as they are.
    expect(updater.mock).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      allowPrerelease: false,
      verifyUpdateCodeSignature: 'electron-updater default',
    });
    expect(updater.mock.quitAndInstall).not.toHaveBeenCalled();
    expect(inst.readyVersion).toBe('0.2.0');
    await inst.restart();
    expect(updater.mock.quitAndInstall).toHaveBeenCalledWith(false, true);
    // The feed is gone once the download is done.
    await expect(fetch(`${updater.state.feed}/latest.yml`)).rejects.toThrow();
  });

  it('touches nothing of the updater when the files do not verify (a flipped byte)', async () => {
    const r = await release();
    const bytes = readFileSync(r.installerPath);
    bytes[50]! ^= 1;
    writeFileSync(r.installerPath, bytes);
    const inst = installer();
    const err = await inst.install({ version: '0.2.0', files: r.files, trust }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerVaultError);
    expect((err as LedgerVaultError).messageKey).toBe('update.fileMismatch');
    expectUntouched();
    await expect(inst.restart()).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(updater.mock.quitAndInstall).not.toHaveBeenCalled();
  });

  it('touches nothing when the release is older than installed, or not the version asked for', async () => {
    const r = await release('0.2.0');
    const inst = installer();
    const old = await inst
      .install({ version: '0.2.0', files: r.files, trust: { highestInstalled: '0.2.0', learnedKeys: [] } })
      .catch((e: unknown) => e);
    expect((old as LedgerVaultError).messageKey).toBe('update.rollback');
    const other = await inst.install({ version: '0.3.0', files: r.files, trust }).catch((e: unknown) => e);
    expect((other as LedgerVaultError).messageKey).toBe('update.installerFailed');
    expectUntouched();
  });

  it('refuses a file swapped after verification as it is served: the download fails, nothing is installed', async () => {
    const r = await release();
    const good = readFileSync(r.installerPath);
    // Between our check and the updater's download, someone replaces the installer (same size).
    updater.state.beforeDownload = () => {
      const evil = Buffer.from(good);
      evil[good.length - 1]! ^= 0xff;
      writeFileSync(r.installerPath, evil);
    };
    const inst = installer();
    await expect(inst.install({ version: '0.2.0', files: r.files, trust })).rejects.toThrow();
    expect(updater.mock.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(inst.readyVersion).toBeNull();
    await expect(inst.restart()).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(updater.mock.quitAndInstall).not.toHaveBeenCalled();
  });

  it('the app’s installer trusts only the key compiled into the bundle', async () => {
    const r = await release('0.2.0', publisher); // signed by a key the app does not pin
    const err = await updaterShell.installUpdate({ version: '0.2.0', files: r.files, trust }).catch((e: unknown) => e);
    expect((err as LedgerVaultError).messageKey).toBe('update.unknownKey');
    expectUntouched();
    await expect(updaterShell.restartToUpdate()).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});

describe('loopback feed', () => {
  it('serves only the verified files, under its random path, to GET and HEAD', async () => {
    const { startVerifiedServer } = await import('../../src/main/update/verified-server');
    const r = await release();
    const bytes = readFileSync(r.installerPath);
    const { createHash } = await import('node:crypto');
    const server = await startVerifiedServer([
      {
        name: r.installer,
        path: r.installerPath,
        size: bytes.length,
        sha512: createHash('sha512').update(bytes).digest('base64'),
      },
    ]);
    try {
      const ok = await fetch(`${server.url}/${encodeURIComponent(r.installer)}`);
      expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await fetch(`${server.url}/${encodeURIComponent(r.installer)}`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${server.url}/latest.yml`)).status).toBe(404); // on disk, but not handed over
      expect((await fetch(`${server.url}/..%2F${MANIFEST_NAME}`)).status).toBe(404);
      const origin = new URL(server.url).origin;
      expect((await fetch(`${origin}/${encodeURIComponent(r.installer)}`)).status).toBe(404); // no token
      expect((await fetch(`${server.url}/${encodeURIComponent(r.installer)}`, { method: 'PUT' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
