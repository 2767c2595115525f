import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARGON2_FLOOR, unlockVault } from '../../src/core/index';
import { CoreClient, type HostConnection, type ShellHandlers } from '../../src/core/host/client';
import { serveCoreHost } from '../../src/core/host/core-host';
import { launchInProcess } from '../../src/core/host/in-process';
import type { FromHost, ToHost } from '../../src/core/host/protocol';
import type { IpcResult, MfaEnrolment, VaultStatus } from '../../src/shared/contract';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { codeFor } from '../helpers/staff';

/**
 * The core host (src/core/host) as the Electron shell and the harness drive it: messages in,
 * results out, and the shell asked only for what only it can do. The host runs in this process
 * behind a MessageChannel; the app runs the same module in a utility process.
 */
const PASSWORD = 'Correct-Horse-2024';
let root: string;
let vaultDir: string;
let exportDir: string;
let keyStore: MemoryKeyStore;
let shell: { [K in keyof ShellHandlers]: ReturnType<typeof vi.fn<ShellHandlers[K]>> };
/** Every message the host sent, in order. */
let fromHost: FromHost[];
let client: CoreClient;

function recordingLaunch(): HostConnection {
  const connection = launchInProcess({ keyStore });
  return {
    ...connection,
    onMessage: (listener) =>
      connection.onMessage((message) => {
        fromHost.push(message);
        listener(message);
      }),
  };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-host-'));
  vaultDir = path.join(root, 'vault');
  exportDir = path.join(root, 'exports');
  keyStore = new MemoryKeyStore();
  fromHost = [];
  shell = {
    chooseExportPath: vi.fn<ShellHandlers['chooseExportPath']>(async (name) => path.join(root, name)),
    chooseOpenPath: vi.fn<ShellHandlers['chooseOpenPath']>(async () => null),
    chooseFolder: vi.fn<ShellHandlers['chooseFolder']>(async () => null),
    clipboardWrite: vi.fn<ShellHandlers['clipboardWrite']>(() => undefined),
    clipboardRead: vi.fn<ShellHandlers['clipboardRead']>(() => ''),
    showInFolder: vi.fn<ShellHandlers['showInFolder']>(() => undefined),
  };
  client = new CoreClient({ launch: recordingLaunch, init: { vaultDir, version: '1.0.0', kdf: ARGON2_FLOOR }, shell });
});
afterEach(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

async function ok<T>(promise: Promise<IpcResult<unknown>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A vault whose first admin has enrolled in MFA: signed in and unrestricted. */
async function settledAdmin(): Promise<MfaEnrolment> {
  await ok(client.call('vault:create', { adminUsername: 'admin', password: PASSWORD }));
  const enrolment = await ok<MfaEnrolment>(client.call('account:mfaBegin', {}));
  const status = await ok<VaultStatus>(
    client.call('account:mfaConfirm', { code: codeFor(enrolment.secret, new Date()) }),
  );
  expect(status).toMatchObject({ state: 'unlocked', restriction: null });
  return enrolment;
}

describe('core host: calls', () => {
  it('answers each call with what the core returns, in the contract shape', async () => {
    expect(await client.call('app:info', {})).toEqual({ ok: true, value: { version: '1.0.0', vaultDir } });
    expect(await client.call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'no-vault' } });
    expect(await client.call('vault:create', { adminUsername: 'a' })).toMatchObject({ error: { code: 'E_INPUT' } });
    expect(await client.call('audit:list', {})).toMatchObject({ error: { code: 'E_VAULT_LOCKED' } });
  });

  it('answers a call that arrives before it knows its vault with E_INTERNAL instead of leaving it waiting', async () => {
    const { port1, port2 } = new MessageChannel();
    serveCoreHost({ post: (m) => port2.postMessage(m), onMessage: (l) => port2.on('message', l) }, { keyStore });
    const answer = new Promise<FromHost>((resolve) =>
      port1.on('message', (m: FromHost) => m.type === 'result' && resolve(m)),
    );
    port1.postMessage({ type: 'call', id: 7, channel: 'vault:status', payload: {} } satisfies ToHost);
    expect(await answer).toMatchObject({ type: 'result', id: 7, result: { ok: false, error: { code: 'E_INTERNAL' } } });
    port1.close();
  });
});

describe('core host: exports are written by the host, where the shell says', () => {
  it('asks the shell for a path only, then writes the file itself (0600); no exported byte goes to the shell', async () => {
    await settledAdmin();
    const saved = await ok<{ path: string; bytes: number }>(client.call('audit:export', { format: 'csv' }));
    expect(shell.chooseExportPath).toHaveBeenCalledTimes(1);
    const suggested = shell.chooseExportPath.mock.calls[0]![0];
    expect(suggested).toMatch(/^ledgervault-audit-\d{14}\.csv$/);
    expect(saved.path).toBe(path.join(root, suggested));
    const bytes = readFileSync(saved.path);
    expect(bytes.length).toBe(saved.bytes);
    expect(bytes.toString('utf8')).toContain('vault.create');
    if (process.platform !== 'win32') expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    // What the host asked of the shell: a suggested name, nothing else.
    const asked = fromHost.filter((m) => m.type === 'shell').map((m) => m.request);
    expect(asked).toEqual([{ method: 'chooseExportPath', suggestedName: suggested }]);
  });

  it('打开所在文件夹 shows only a file the host itself saved, named by its handle, never a path', async () => {
    await settledAdmin();
    const saved = await ok<{ path: string; rows: number; handle: string }>(
      client.call('records:export', { query: {}, format: 'xlsx' }),
    );
    expect(saved.rows).toBe(0);
    expect(await client.call('records:showExport', { handle: saved.handle })).toEqual({
      ok: true,
      value: { shown: true },
    });
    expect(shell.showInFolder.mock.calls).toEqual([[saved.path]]);
    // A handle the host never gave, or a path in its place, shows nothing.
    expect(await client.call('records:showExport', { handle: 'a'.repeat(32) })).toMatchObject({
      error: { code: 'E_NOT_FOUND' },
    });
    expect(await client.call('records:showExport', { handle: saved.path })).toMatchObject({
      error: { code: 'E_INPUT' },
    });
    // A locked vault forgets its handles.
    await client.call('vault:lock', {});
    expect(await client.call('records:showExport', { handle: saved.handle })).toMatchObject({ ok: false });
    expect(shell.showInFolder).toHaveBeenCalledTimes(1);
  });

  it('writes nothing when the user cancels the dialog', async () => {
    await settledAdmin();
    shell.chooseExportPath.mockResolvedValue(null);
    expect(await client.call('audit:export', { format: 'csv' })).toEqual({ ok: true, value: null });
    expect(readdirSync(root).filter((f) => f.startsWith('ledgervault-'))).toEqual([]);
  });

  it('refuses a destination inside the vault folder, and a failing shell, and writes nothing', async () => {
    await settledAdmin();
    const before = readdirSync(vaultDir).sort();
    shell.chooseExportPath.mockResolvedValue(path.join(vaultDir, 'vault.keys'));
    expect(await client.call('audit:export', { format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'E_INPUT' },
    });
    expect(readdirSync(vaultDir).sort()).toEqual(before);
    expect(JSON.parse(readFileSync(path.join(vaultDir, 'vault.keys'), 'utf8'))).toHaveProperty('vaultId');

    shell.chooseExportPath.mockRejectedValue(new Error('no window'));
    expect(await client.call('audit:export', { format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL' },
    });
    expect(existsSync(exportDir)).toBe(false);
  });
});

describe('core host: what main forwards', () => {
  it('locks on a lock message and audits its reason; a refused sender is audited while unlocked', async () => {
    const enrolment = await settledAdmin();
    client.refused('users:create');
    const locked = await ok<VaultStatus>(client.lock('os'));
    expect(locked).toMatchObject({ state: 'locked', user: null });
    expect(await client.call('audit:list', {})).toMatchObject({ error: { code: 'E_VAULT_LOCKED' } });

    // Read the log as the next person to sign in would.
    const session = await unlockVault({
      dir: vaultDir,
      username: 'admin',
      password: PASSWORD,
      keyStore,
      totp: enrolment.recoveryCodes[0],
    });
    try {
      const events = session.db
        .prepare(
          `SELECT action, outcome, details FROM audit_events WHERE action IN ('ipc.refused', 'auth.lock') ORDER BY seq`,
        )
        .all() as { action: string; outcome: string; details: string }[];
      expect(events.map((e) => [e.action, e.outcome, JSON.parse(e.details)])).toEqual([
        ['ipc.refused', 'denied', { channel: 'users:create', reason: 'untrusted_sender' }],
        ['auth.lock', 'ok', { reason: 'os' }],
      ]);
    } finally {
      session.lock();
    }
  });

  it('puts a copied secret on the shell clipboard', async () => {
    await settledAdmin();
    const copied = await ok<{ clearsAt: number }>(client.call('clipboard:copySecret', { text: '6222020200112233' }));
    expect(copied.clearsAt).toBeGreaterThan(0);
    await vi.waitFor(() => expect(shell.clipboardWrite).toHaveBeenCalledWith('6222020200112233'));
  });
});
