/**
 * Issue 15, Builds 3-4 in the core: only admins check and install updates (checked in the core,
 * a refusal audited), every check, refusal and install is audited, and a release is verified
 * again from its files before the installer is handed exactly those files.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VaultSession } from '../../src/core/index';
import { auditEvents } from '../../src/core/db/schema';
import { MANIFEST_NAME } from '../../src/core/update';
import { UpdateFlows, type UpdateHost } from '../../src/core/update/update-flows';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { addStaff, adminSession, signIn, settleSession } from '../helpers/staff';
import { generateReleaseKey, writeSignedRelease } from '../helpers/update-release';

const work = mkdtempSync(path.join(os.tmpdir(), 'lv-update-flows-'));
const publisher = generateReleaseKey();
let vault: TestVault;
let admin: VaultSession;
let folder: string | null = null;
const installUpdate = vi.fn<NonNullable<UpdateHost['installUpdate']>>(async () => undefined);
const restartToUpdate = vi.fn(async () => undefined);
let flows: UpdateFlows;

beforeAll(async () => {
  vault = await createTestVault();
  ({ session: admin } = await adminSession(vault));
  flows = new UpdateFlows({
    keyStore: vault.keyStore,
    pinnedKeys: [publisher.publicKey],
    version: '0.1.0',
    chooseFolder: async (purpose) => (purpose === 'update-folder' ? folder : null),
    installUpdate,
    restartToUpdate,
  });
});
afterAll(async () => {
  admin?.lock();
  await vault?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const events = (action: string) =>
  admin.orm
    .select()
    .from(auditEvents)
    .all()
    .filter((e) => e.action === action)
    .map((e) => ({ outcome: e.outcome, details: JSON.parse(e.details ?? '{}') as Record<string, unknown> }));

describe('update flows', () => {
  it('checks a folder, audits the check, and installs exactly the verified files', async () => {
    folder = path.join(work, 'ok');
    const r = await writeSignedRelease(folder, '0.2.0', publisher);
    const view = await flows.checkFolder(admin);
    expect(view).toMatchObject({
      version: '0.2.0',
      currentVersion: '0.1.0',
      highestInstalled: '0.1.0',
      sourceName: 'ok',
    });
    expect(view!.key.trust).toBe('pinned');
    expect(view!.files).toHaveLength(3);
    expect(events('update.check').at(-1)).toMatchObject({ outcome: 'ok', details: { version: '0.2.0' } });

    await expect(flows.install(admin, view!.handle)).resolves.toEqual({ version: '0.2.0', state: 'ready' });
    expect(installUpdate).toHaveBeenCalledTimes(1);
    const req = installUpdate.mock.calls[0]![0];
    expect(req.version).toBe('0.2.0');
    expect(req.files.map((f) => path.basename(f)).sort()).toEqual(
      [MANIFEST_NAME, 'latest.yml', r.installer, `${r.installer}.blockmap`].sort(),
    );
    expect(events('update.install').at(-1)).toMatchObject({ outcome: 'ok', details: { version: '0.2.0' } });
    expect((await flows.status(admin)).readyToRestart).toBe('0.2.0');
    await flows.restart(admin);
    expect(restartToUpdate).toHaveBeenCalledTimes(1);
    expect(events('update.restart')).toHaveLength(1);
  });

  it('audits a refused check with its code, and refuses to install what changed after the check', async () => {
    folder = path.join(work, 'changed');
    const r = await writeSignedRelease(folder, '0.3.0', publisher);
    const view = await flows.checkFolder(admin);
    installUpdate.mockClear();
    const file = path.join(folder, r.installer);
    const bytes = readFileSync(file);
    bytes[7]! ^= 1;
    writeFileSync(file, bytes);
    await expect(flows.install(admin, view!.handle)).rejects.toMatchObject({
      code: 'E_INTEGRITY',
      messageKey: 'update.fileMismatch',
    });
    expect(installUpdate).not.toHaveBeenCalled();
    expect(events('update.install').at(-1)).toMatchObject({
      outcome: 'failed',
      details: { refusal: 'update.fileMismatch', name: r.installer },
    });
    await expect(flows.checkFolder(admin)).rejects.toMatchObject({ messageKey: 'update.fileMismatch' });
    expect(events('update.check').at(-1)).toMatchObject({
      outcome: 'failed',
      details: { refusal: 'update.fileMismatch' },
    });
    // A handle is used once: the refused install forgot it.
    await expect(flows.install(admin, view!.handle)).rejects.toMatchObject({ messageKey: 'update.notChecked' });
  });

  it('checks the office update URL only when asked: downloads, verifies, installs from the download', async () => {
    const served = path.join(work, 'served');
    await writeSignedRelease(served, '0.4.0', publisher);
    const extra = new Map<string, Buffer>();
    const server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '').replace(/^\/lv\//, ''));
      const file = path.join(served, path.basename(name));
      const body = extra.get(name) ?? (existsSync(file) ? readFileSync(file) : null);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lv`;
    try {
      await expect(flows.setOfficeUrl(admin, 'ftp://example.invalid/x')).rejects.toMatchObject({
        code: 'E_INPUT',
        messageKey: 'update.officeUrl',
      });
      await expect(flows.setOfficeUrl(admin, 'http://user:pw@example.invalid/x')).rejects.toMatchObject({
        messageKey: 'update.officeUrl',
      });
      expect((await flows.setOfficeUrl(admin, `${url}/`)).officeUrl).toBe(url);
      expect(events('update.officeUrl').at(-1)).toMatchObject({ outcome: 'ok', details: { to: url } });

      installUpdate.mockClear();
      const view = await flows.checkOffice(admin);
      expect(view).toMatchObject({ source: 'office-url', sourceName: url, version: '0.4.0' });
      await flows.install(admin, view.handle);
      const req = installUpdate.mock.calls[0]![0];
      // Installed from the private download folder, not from the server.
      expect(req.files.every((f) => f.startsWith(os.tmpdir()))).toBe(true);

      // A server that sends more than the manifest lists: nothing kept, E_IO naming the server.
      extra.set('latest.yml', Buffer.concat([readFileSync(path.join(served, 'latest.yml')), Buffer.alloc(10_000)]));
      await expect(flows.checkOffice(admin)).rejects.toMatchObject({
        code: 'E_IO',
        messageKey: 'update.officeUnreachable',
      });
      expect(events('update.check').at(-1)).toMatchObject({ outcome: 'failed', details: { source: 'office-url' } });
      extra.clear();
      rmSync(path.join(served, MANIFEST_NAME));
      await expect(flows.checkOffice(admin)).rejects.toMatchObject({ code: 'E_IO' });
    } finally {
      server.close();
    }
  });

  it('refuses every update operation to a manager, in the core, audited', async () => {
    const staff = await addStaff(admin, vault, 'manager', 'zhaomin');
    admin.lock();
    const manager = await signIn(vault, staff);
    await settleSession(manager, staff);
    try {
      await expect(flows.status(manager)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
      await expect(flows.checkFolder(manager)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
      const denied = manager.orm
        .select()
        .from(auditEvents)
        .all()
        .filter((e) => e.action === 'updates.install' && e.outcome === 'denied');
      expect(denied).toHaveLength(2);
    } finally {
      manager.lock();
    }
  });
});
