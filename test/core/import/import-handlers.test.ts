/**
 * The import wizard's channels (issue 14) through the core host, as the app calls them: the open
 * dialog's file read by the core (a handle to the renderer, never a path), refused before the
 * dialog to a role without the right, previewed, paged, committed as one batch, listed and undone;
 * the held file let go at lock.
 */
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARGON2_FLOOR } from '../../../src/core/index';
import { CoreClient, type ShellHandlers } from '../../../src/core/host/client';
import { launchInProcess } from '../../../src/core/host/in-process';
import type {
  ClientSummary,
  ImportPickView,
  ImportPreviewView,
  IpcResult,
  MfaEnrolment,
} from '../../../src/shared/contract';
import { alipayLines, encodeGbk } from '../../bench/import-files';
import { MemoryKeyStore } from '../../helpers/memory-keystore';
import { codeFor, nextSignInTime } from '../../helpers/staff';

const PASSWORD = 'Correct-Horse-2024';
const WECHAT = path.resolve(__dirname, '../../fixtures/import/wechat.csv');
let root: string;
let client: CoreClient;
let chooseOpenPath: ReturnType<typeof vi.fn<ShellHandlers['chooseOpenPath']>>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lv-import-'));
  const keyStore = new MemoryKeyStore();
  chooseOpenPath = vi.fn<ShellHandlers['chooseOpenPath']>(async () => WECHAT);
  client = new CoreClient({
    launch: () => launchInProcess({ keyStore }),
    init: { vaultDir: path.join(root, 'vault'), version: '1.0.0', kdf: ARGON2_FLOOR },
    shell: {
      chooseExportPath: async (name) => path.join(root, name),
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

async function enrol(): Promise<string> {
  const enrolment = await ok<MfaEnrolment>(client.call('account:mfaBegin', {}));
  await ok(client.call('account:mfaConfirm', { code: codeFor(enrolment.secret, new Date()) }));
  return enrolment.secret;
}

/** An admin's vault with a manager signed in and one client. */
async function managerWithClient(): Promise<{ clientId: number; secret: string }> {
  await ok(client.call('vault:create', { adminUsername: 'admin', password: PASSWORD }));
  await enrol();
  // The admin may not import: refused before the dialog opens.
  expect(await client.call('import:pick', {})).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
  expect(chooseOpenPath).not.toHaveBeenCalled();
  await ok(client.call('users:create', { username: 'manager', role: 'manager', password: 'Temp-pass-2024-xyz' }));
  await ok(client.call('vault:lock', {}));
  await ok(client.call('vault:unlock', { username: 'manager', password: 'Temp-pass-2024-xyz' }));
  await ok(client.call('account:changePassword', { currentPassword: 'Temp-pass-2024-xyz', newPassword: PASSWORD }));
  const secret = await enrol();
  return { clientId: (await ok<ClientSummary>(client.call('clients:create', { name: '甲公司' }))).id, secret };
}

describe('import channels', () => {
  it('pick, preview, rows, head, commit, batches, undo; the file let go at lock', async () => {
    const { clientId, secret } = await managerWithClient();
    const picked = await ok<ImportPickView>(client.call('import:pick', {}));
    expect(chooseOpenPath).toHaveBeenCalledWith('payment-export');
    expect(picked).toMatchObject({ fileName: 'wechat.csv' });
    expect(picked.handle).toMatch(/^[0-9a-f]{32}$/);

    const preview = await ok<ImportPreviewView>(
      client.call('import:preview', { handle: picked.handle, clientId, limit: 5 }),
    );
    expect(preview).toMatchObject({ format: 'wechat', encoding: 'utf-8', fileName: 'wechat.csv' });
    expect(preview.counts).toMatchObject({ imported: 4, duplicates: 0, rejected: 0 });
    expect(preview.rows).toHaveLength(5);
    expect(preview.total).toBe(preview.counts.rows);
    // Read totals beside what the bill declares (收入 2 笔 842.00, 支出 2 笔 1,020.58).
    expect(preview.declared).toMatchObject({ inCount: 2, inMinor: 84200, outCount: 2, outMinor: 102058 });
    expect(preview.totals).toEqual([{ currency: 'CNY', inCount: 2, inMinor: 84200, outCount: 2, outMinor: 102058 }]);

    const records = await ok<{ rows: { status: string }[]; total: number }>(
      client.call('import:rows', { handle: picked.handle, offset: 0, limit: 100, status: 'records' }),
    );
    expect(records.total).toBe(4);
    expect(records.rows.every((r) => r.status === 'new')).toBe(true);
    const head = await ok<{ rows: { line: number; cells: string[] }[] }>(
      client.call('import:head', { handle: picked.handle }),
    );
    expect(head.rows[0]!.cells[0]).toBe('微信支付账单明细');

    const done = await ok<{ batchId: number; counts: { imported: number } }>(
      client.call('import:commit', { handle: picked.handle, clientId }),
    );
    expect(done.counts.imported).toBe(4);
    const again = await ok<ImportPreviewView>(client.call('import:preview', { handle: picked.handle, clientId }));
    expect(again.counts).toMatchObject({ imported: 0, duplicates: 4 });
    const batches = await ok<{ id: number; fileName: string; undoneAt: string | null }[]>(
      client.call('import:batches', { clientId }),
    );
    expect(batches).toMatchObject([{ id: done.batchId, fileName: 'wechat.csv', undoneAt: null }]);
    expect(await client.call('import:undo', { batchId: done.batchId, reason: '短' })).toMatchObject({
      ok: false,
      error: { code: 'E_INPUT' },
    });
    expect(await ok(client.call('import:undo', { batchId: done.batchId, reason: '导错了客户' }))).toEqual({
      batchId: done.batchId,
      count: 4,
    });

    // A lock lets the file go: the handle is no use after signing in again.
    await ok(client.call('vault:lock', {}));
    // (The next 30-second step's code: a code is accepted once.)
    const totp = codeFor(secret, nextSignInTime());
    await ok(client.call('vault:unlock', { username: 'manager', password: PASSWORD, totp }));
    expect(await client.call('import:preview', { handle: picked.handle, clientId })).toMatchObject({
      ok: false,
      error: { code: 'E_INPUT', messageKey: 'import.pickAgain' },
    });
  });
});

describe('import channels, a file bigger than a preview keeps', () => {
  it('pages beyond the rows held are read again from the file; a file changed since the preview is E_CONFLICT', async () => {
    const { clientId } = await managerWithClient();
    const file = path.join(root, 'alipay-big.csv');
    writeFileSync(file, encodeGbk([...alipayLines(10_050, 31)].join('\r\n') + '\r\n'));
    chooseOpenPath.mockResolvedValueOnce(file);
    const picked = await ok<ImportPickView>(client.call('import:pick', {}));
    expect(picked.bytes).toBe(statSync(file).size);
    const preview = await ok<ImportPreviewView>(client.call('import:preview', { handle: picked.handle, clientId }));
    expect(preview.counts).toMatchObject({ rows: 10_067, imported: 10_050 });
    expect(preview.total).toBe(10_067);
    // 17 preamble and header rows come first: record rows 10,000 to 10,019 are past the 10,000 rows held.
    const page = await ok<{ rows: { line: number; status: string }[]; total: number }>(
      client.call('import:rows', { handle: picked.handle, offset: 10_000, limit: 20, status: 'records' }),
    );
    expect(page.total).toBe(10_050);
    expect(page.rows.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => 10_018 + i));
    expect(page.rows.every((r) => r.status === 'new')).toBe(true);

    appendFileSync(file, '\r\n');
    for (const call of [
      client.call('import:rows', { handle: picked.handle, offset: 10_000, limit: 20, status: 'records' }),
      client.call('import:commit', { handle: picked.handle, clientId }),
    ])
      expect(await call).toMatchObject({ ok: false, error: { code: 'E_CONFLICT', messageKey: 'import.fileChanged' } });
    const batches = await ok<unknown[]>(client.call('import:batches', { clientId }));
    expect(batches).toEqual([]);
  });
});
