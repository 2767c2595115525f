/**
 * The importer reading a file by path, chunk by chunk (issue 14, Safety): a file changed between
 * the preview and the commit is refused with E_CONFLICT and nothing is imported; the wizard's
 * pages beyond the rows a preview keeps are read again from the file; a spreadsheet too big to
 * read whole is refused with its own message before anything is read.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../../src/core/access/grants';
import { createClient } from '../../../src/core/clients/clients';
import { commitImport, previewImport, type PreviewRow } from '../../../src/core/import/import-file';
import { SHEET_MAX_BYTES } from '../../../src/core/import/import-source';
import type { VaultSession } from '../../../src/core/index';
import { alipayLines, encodeGbk } from '../../bench/import-files';
import { createTestVault, expectCode, tempDir, type TestVault } from '../../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../../helpers/staff';

let vault: TestVault;
let accountant: Staff;
let clientIds: number[] = [];
const dir = tempDir('lv-import-stream-');

function alipayFile(name: string, rows: number, seed: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, encodeGbk([...alipayLines(rows, seed)].join('\r\n') + '\r\n'));
  return file;
}

async function as<T>(fn: (s: VaultSession) => Promise<T>): Promise<T> {
  const s = await signIn(vault, accountant);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

const count = (s: VaultSession, clientId: number) =>
  (s.db.prepare('SELECT count(*) AS n FROM payment_records WHERE client_id = ?').get(clientId) as { n: number }).n;

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  const manager = await addStaff(admin, vault, 'manager', 'smgr');
  accountant = await addStaff(admin, vault, 'accountant', 'sacc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  const m = await signIn(vault, manager);
  clientIds = ['流式一', '流式二', '流式三'].map((name) => createClient(m, { name }).id);
  for (const id of clientIds) setClientGrant(m, { username: 'sacc', clientId: id, canWrite: true });
  m.lock();
});
afterAll(async () => vault.cleanup());

describe('import from a path, streamed', () => {
  it('a file changed after the preview is E_CONFLICT at the commit, and nothing is imported', async () => {
    const clientId = clientIds[0]!;
    const file = alipayFile('changed.csv', 50, 21);
    await as(async (s) => {
      const input = { clientId, path: file, fileName: 'changed.csv' };
      const preview = await previewImport(s, input);
      expect(preview.counts.imported).toBe(50);
      expect(preview.format).toBe('alipay');
      expect(preview.encoding).toBe('gb18030');
      // A row added to the file meanwhile (an export overwritten by a later one).
      appendFileSync(
        file,
        encodeGbk('2024-01-01 09:00:00,餐饮美食,张三,ab***@example.com,午餐,支出,9.99,余额,交易成功,2024X1\t,,\r\n'),
      );
      const err = await expectCode(commitImport(s, { ...input, sha256: preview.sha256 }), 'E_CONFLICT');
      expect(err).toMatchObject({ messageKey: 'import.fileChanged' });
      expect(count(s, clientId)).toBe(0);
      // Previewed again, the file as it is now imports, with its new row.
      const again = await previewImport(s, input);
      expect(again.sha256).not.toBe(preview.sha256);
      const done = await commitImport(s, { ...input, sha256: again.sha256 });
      expect(done.counts.imported).toBe(51);
      expect(count(s, clientId)).toBe(51);
    });
  });

  it('keeps only the first rows whole; every row is still seen once, in order, with the same counts', async () => {
    const clientId = clientIds[1]!;
    const file = alipayFile('many.csv', 3_000, 22);
    await as(async (s) => {
      const seen: PreviewRow[] = [];
      const p = await previewImport(
        s,
        { clientId, path: file, fileName: 'many.csv' },
        { keepRows: 100, onRow: (r, i) => void (i === seen.length && seen.push(r)) },
      );
      expect(p.rows).toHaveLength(100);
      expect(p.statuses.count).toBe(3_017);
      expect(seen).toHaveLength(3_017);
      expect(seen.slice(0, 100)).toEqual(p.rows);
      expect(seen.filter((r) => r.status === 'new')).toHaveLength(3_000);
      expect(p.counts).toMatchObject({ rows: 3_017, imported: 3_000, skipped: 17, rejected: 0 });
      // The totals the wizard shows are counted while streaming, not from the rows kept.
      const outMinor = seen
        .filter((r) => r.record?.direction === 'out')
        .reduce((sum, r) => sum + r.record!.amountMinor, 0);
      expect(p.totals).toEqual([expect.objectContaining({ currency: 'CNY', outMinor })]);
      expect(p.declared.outMinor).toBe(outMinor);
    });
  });

  it('refuses a spreadsheet too large to read whole, before reading it, with its own message', async () => {
    const file = path.join(dir, 'huge.xlsx');
    // A zip's signature, then more bytes than a spreadsheet may have: refused by its size alone.
    writeFileSync(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(SHEET_MAX_BYTES)]));
    await as(async (s) => {
      const err = await expectCode(
        previewImport(s, { clientId: clientIds[2]!, path: file, fileName: 'huge.xlsx' }),
        'E_INPUT',
      );
      expect(err).toMatchObject({ messageKey: 'import.sheetTooLarge' });
    });
  });

  it('takes the bytes of a file or its absolute path, not both and not neither', async () => {
    await as(async (s) => {
      const clientId = clientIds[2]!;
      await expectCode(previewImport(s, { clientId, fileName: 'x.csv' }), 'E_INPUT');
      await expectCode(
        previewImport(s, { clientId, fileName: 'x.csv', bytes: new Uint8Array(1), path: path.join(dir, 'x') }),
        'E_INPUT',
      );
      await expectCode(previewImport(s, { clientId, fileName: 'x.csv', path: 'relative/x.csv' }), 'E_INPUT');
    });
  });
});
