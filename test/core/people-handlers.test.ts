/**
 * The people register's file channels (issue 17, Build 4) through the core host, as the app calls
 * them: the open dialog's file read and checked by the core (the renderer gets a handle, never a
 * path or bytes), used once, refused before the dialog to an auditor, and given back only through
 * the save dialog.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARGON2_FLOOR } from '../../src/core/index';
import { CoreClient, type ShellHandlers } from '../../src/core/host/client';
import { launchInProcess } from '../../src/core/host/in-process';
import type { IpcResult, MfaEnrolment, PeopleView, PickedDocumentView } from '../../src/shared/contract';
import { shanghaiDate } from '../../src/shared/time';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { codeFor } from '../helpers/staff';

const PASSWORD = 'Correct-Horse-2024';
const PDF = Buffer.from('%PDF-1.4\n%scanned confidentiality agreement\n%%EOF\n');
let root: string;
let client: CoreClient;
let chosen: string | null;
let chooseOpenPath: ReturnType<typeof vi.fn<ShellHandlers['chooseOpenPath']>>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-people-'));
  const keyStore = new MemoryKeyStore();
  chosen = null;
  chooseOpenPath = vi.fn<ShellHandlers['chooseOpenPath']>(async () => chosen);
  client = new CoreClient({
    launch: () => launchInProcess({ keyStore }),
    init: { vaultDir: path.join(root, 'vault'), version: '1.0.0', kdf: ARGON2_FLOOR },
    shell: {
      chooseExportPath: async (name) => path.join(root, 'saved-' + name),
      chooseOpenPath,
      chooseFolder: async () => null,
      clipboardWrite: () => undefined,
      clipboardRead: () => '',
      showInFolder: () => undefined,
    },
  });
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

function offer(name: string, bytes: Buffer): void {
  chosen = path.join(root, name);
  writeFileSync(chosen, bytes);
}

describe('people file channels', () => {
  it('picks, checks, keeps and gives back a scan; refuses the wrong file, a stale handle and an auditor', async () => {
    await ok(client.call('vault:create', { adminUsername: 'admin', password: PASSWORD }));
    const enrolment = await ok<MfaEnrolment>(client.call('account:mfaBegin', {}));
    await ok(client.call('account:mfaConfirm', { code: codeFor(enrolment.secret, new Date()) }));
    const today = shanghaiDate();

    // Cancelled: nothing held. An HTML page named .pdf, an empty file, one over 20 MB: E_INPUT at the pick.
    expect(await ok(client.call('people:pickFile', {}))).toBeNull();
    expect(chooseOpenPath).toHaveBeenLastCalledWith('compliance-file');
    offer('scan.pdf', Buffer.from('<html>not a scan</html>'));
    expect(await client.call('people:pickFile', {})).toMatchObject({
      ok: false,
      error: { code: 'E_INPUT', messageKey: 'document.type' },
    });
    offer('empty.pdf', Buffer.alloc(0));
    expect(await client.call('people:pickFile', {})).toMatchObject({
      ok: false,
      error: { messageKey: 'document.empty' },
    });
    const big = Buffer.alloc(20 * 2 ** 20 + 1);
    PDF.copy(big);
    offer('big.pdf', big);
    expect(await client.call('people:pickFile', {})).toMatchObject({
      ok: false,
      error: { code: 'E_INPUT', messageKey: 'file.tooLarge', params: { maxMb: 20 } },
    });

    // A good scan: a handle and what the screen shows, never the path.
    offer('管理员保密协议.pdf', PDF);
    const picked = await ok<PickedDocumentView>(client.call('people:pickFile', {}));
    expect(picked).toMatchObject({ name: '管理员保密协议.pdf', mime: 'application/pdf', size: PDF.length });
    expect(JSON.stringify(picked)).not.toContain(root);
    const view = await ok<PeopleView>(
      client.call('people:acknowledge', {
        username: 'admin',
        kind: 'confidentiality',
        signedOn: today,
        fileHandle: picked.handle,
      }),
    );
    const ack = view.staff[0]!.confidentiality.latest!;
    expect(ack.file).toMatchObject({ name: '管理员保密协议.pdf', size: PDF.length });
    // Used once: the same handle again is E_INPUT (a lock lets go of any held file: documents.test.ts).
    expect(
      await client.call('people:acknowledge', {
        username: 'admin',
        kind: 'conduct',
        signedOn: today,
        fileHandle: picked.handle,
      }),
    ).toMatchObject({ ok: false, error: { code: 'E_INPUT', messageKey: 'document.pickAgain' } });
    const again = await ok<PickedDocumentView>(client.call('people:pickFile', {}));
    await ok(client.call('users:create', { username: 'auditor', role: 'auditor', password: 'Temp-pass-2024-xyz' }));
    await ok(client.call('vault:lock', {}));
    await ok(client.call('vault:unlock', { username: 'auditor', password: 'Temp-pass-2024-xyz' }));
    await ok(client.call('account:changePassword', { currentPassword: 'Temp-pass-2024-xyz', newPassword: PASSWORD }));

    // The auditor: refused before the dialog opens, and cannot record; but reads and may save a copy.
    const calls = chooseOpenPath.mock.calls.length;
    expect(await client.call('people:pickFile', {})).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(chooseOpenPath.mock.calls.length).toBe(calls);
    expect(
      await client.call('people:acknowledge', {
        username: 'auditor',
        kind: 'conduct',
        signedOn: today,
        fileHandle: again.handle,
      }),
    ).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    const saved = await ok<{ path: string; bytes: number }>(
      client.call('people:exportFile', { acknowledgementId: ack.id }),
    );
    expect(saved.path).toBe(path.join(root, 'saved-管理员保密协议.pdf'));
    expect(readFileSync(saved.path).equals(PDF)).toBe(true);
  });
});
