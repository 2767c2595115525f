import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient } from '../../src/core/clients/clients';
import { importBatches } from '../../src/core/db/import-schema';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { commitImport, previewImport, type ImportInput } from '../../src/core/import/import-file';
import { listImports, undoImport } from '../../src/core/import/import-batches';
import { updateRecord } from '../../src/core/records/record-changes';
import { openRecordText } from '../../src/core/records';
import type { VaultSession } from '../../src/core/index';
import type { LedgerVaultError } from '../../src/core/errors';
import { createTestVault, expectCode, filesUnder, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

const FIXTURES = path.join(__dirname, '../fixtures/import/pipeline');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
/** After every fixture's dates, before the future row's 2099. */
const NOW = Date.parse('2024-06-01T04:00:00Z');

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let auditor: Staff;
let clientIds: number[] = [];
let clientX = 0;
let next = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

/** A fresh client per test: each starts from an empty ledger. */
const freshClient = () => clientIds[next++]!;

const input = (clientId: number, name: string, over: Partial<ImportInput> = {}): ImportInput => ({
  clientId,
  bytes: fixture(name),
  fileName: name,
  ...over,
});

const liveRecords = (s: VaultSession, clientId: number) =>
  s.orm
    .select()
    .from(paymentRecords)
    .where(and(eq(paymentRecords.clientId, clientId), isNull(paymentRecords.deletedAt)))
    .all();
const referencesOf = (s: VaultSession, clientId: number) =>
  liveRecords(s, clientId)
    .map((r) => openRecordText(s, r).reference)
    .sort();
const eventsOf = (s: VaultSession, action: string) =>
  s.orm.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.seq)).all();

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin, admin: adminStaff } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'imgr');
  accountant = await addStaff(admin, vault, 'accountant', 'iacc');
  auditor = await addStaff(admin, vault, 'auditor', 'iaud');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await activate(vault, auditor);
  await as(manager, (s) => {
    clientIds = Array.from({ length: 10 }, (_, i) => createClient(s, { name: `导入客户${i}` }).id);
    clientX = createClient(s, { name: '无权客户' }).id;
    for (const id of clientIds) setClientGrant(s, { username: 'iacc', clientId: id, canWrite: true });
  });
  // Managers grant clients to accountants only; an auditor's grant is an admin's.
  const admin2 = await signIn(vault, adminStaff);
  for (const id of clientIds) setClientGrant(admin2, { username: 'iaud', clientId: id, canWrite: false });
  admin2.lock();
});
afterAll(async () => vault.cleanup());

describe('import pipeline', () => {
  it('classifies every row: new, duplicate within the file, genuine repeats, rejected dates, skipped', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      const p = await previewImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      expect(p.format).toBe('alipay');
      expect(p.encoding).toBe('utf-8');
      const byLine = new Map(p.rows.map((r) => [r.line, r]));
      const statusOf = (line: number) => byLine.get(line)?.status;
      expect(statusOf(7)).toBe('new');
      // Two equal payments the same minute with different references: both kept.
      expect(statusOf(9)).toBe('new');
      expect(statusOf(10)).toBe('new');
      expect(statusOf(11)).toBe('new');
      expect(byLine.get(12)).toMatchObject({ status: 'duplicateInFile', sameAsLine: 11 });
      expect(statusOf(13)).toBe('skipped');
      // The future and the date before the vault's floor: the core's own date rule, reported per row.
      expect(byLine.get(14)).toMatchObject({ status: 'rejected', problems: [{ field: 'occurredAt' }] });
      expect(byLine.get(15)).toMatchObject({ status: 'rejected', problems: [{ field: 'occurredAt' }] });
      expect(byLine.get(14)!.problems![0]!.key).toMatch(/^record\./);
      expect(p.counts).toMatchObject({ imported: 5, duplicates: 1, rejected: 2 });
      expect(p.counts.rows).toBe(p.counts.imported + p.counts.duplicates + p.counts.rejected + p.counts.skipped);
      // The preview writes nothing.
      expect(liveRecords(s, clientId)).toHaveLength(0);
    });
  });

  it('imports in one batch with one audit event (no record text); the same file again adds nothing', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      const first = await commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      expect(first.counts.imported).toBe(5);
      expect(first.ids).toHaveLength(5);
      const rows = liveRecords(s, clientId);
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r.source === 'import:alipay' && r.importBatchId === first.batchId)).toBe(true);
      expect(rows.every((r) => r.sourceRowEnc !== null)).toBe(true);
      expect(openRecordText(s, rows[0]!).counterparty).toBeTruthy();
      const events = eventsOf(s, 'records.import').filter((e) => e.targetId === String(first.batchId));
      expect(events).toHaveLength(1);
      const details = JSON.parse(events[0]!.details ?? '{}') as Record<string, unknown>;
      expect(details).toMatchObject({ batchId: first.batchId, format: 'alipay', encoding: 'utf-8', imported: 5 });
      expect(details.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(events[0]!.details).not.toMatch(/LVIMPORT|餐厅|alipay-march/);

      const again = await commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      expect(again.counts.imported).toBe(0);
      expect(again.counts.duplicates).toBe(6);
      expect(liveRecords(s, clientId)).toHaveLength(5);
      const batches = listImports(s, { clientId });
      expect(batches.map((b) => b.imported)).toEqual([0, 5]);
      expect(batches[1]!.fileName).toBe('alipay-march.csv');
      expect(batches[0]!.fileSha256).toBe(batches[1]!.fileSha256);
    });
  });

  it('two overlapping exports add exactly the union', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      await commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      const april = await commitImport(s, input(clientId, 'alipay-april.csv'), { now: NOW });
      expect(april.counts).toMatchObject({ imported: 2, duplicates: 4 });
      expect(referencesOf(s, clientId)).toEqual(
        [
          '2024031222001400000004',
          '2024031522001400000010',
          '2024031522001400000011',
          '2024031822001400000002',
          '2024032022001400000001',
          '2024032822001400000021',
          '2024040222001400000020',
        ].sort(),
      );
    });
  });

  it('a possible duplicate (no reference) is only added when the user accepts its line', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      const p = await previewImport(s, input(clientId, 'repeats.qif'), { now: NOW });
      expect(p.format).toBe('qif');
      const possible = p.rows.filter((r) => r.status === 'possibleDuplicate');
      expect(possible).toHaveLength(1);
      expect(possible[0]!.sameAsLine).toBeLessThan(possible[0]!.line);
      const plain = await commitImport(s, input(clientId, 'repeats.qif'), { now: NOW });
      expect(plain.counts).toMatchObject({ imported: 2, duplicates: 1, possibleDuplicates: 1 });
      expect(liveRecords(s, clientId)).toHaveLength(2);
      // Importing again, every row is a possible duplicate of what is there; one accepted line is added.
      const line = possible[0]!.line;
      const accepted = await commitImport(s, input(clientId, 'repeats.qif', { acceptDuplicates: [line] }), {
        now: NOW,
      });
      expect(accepted.counts).toMatchObject({ imported: 1, duplicates: 2 });
      expect(accepted.rows.find((r) => r.line === line)).toMatchObject({ status: 'possibleDuplicate', accepted: true });
      expect(liveRecords(s, clientId)).toHaveLength(3);
    });
  });

  it('a failure in the middle of the commit leaves nothing of the file behind', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      // The batch row is written after the records: a refusal there must roll the records back too.
      s.db.exec(
        `CREATE TRIGGER lv_test_fail BEFORE INSERT ON import_batches BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
      );
      try {
        await expect(commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW })).rejects.toThrow(/disk full/);
      } finally {
        s.db.exec('DROP TRIGGER lv_test_fail');
      }
      expect(s.orm.select().from(paymentRecords).where(eq(paymentRecords.clientId, clientId)).all()).toHaveLength(0);
      expect(s.orm.select().from(importBatches).where(eq(importBatches.clientId, clientId)).all()).toHaveLength(0);
      const after = await commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      expect(after.counts.imported).toBe(5);
    });
  });

  it('an accountant without a grant is E_FORBIDDEN and nothing is written', async () => {
    await as(accountant, async (s) => {
      await expectCode(previewImport(s, input(clientX, 'alipay-march.csv'), { now: NOW }), 'E_FORBIDDEN');
      await expectCode(commitImport(s, input(clientX, 'alipay-march.csv'), { now: NOW }), 'E_FORBIDDEN');
    });
    await as(manager, (s) => {
      expect(liveRecords(s, clientX)).toHaveLength(0);
      expect(s.orm.select().from(importBatches).where(eq(importBatches.clientId, clientX)).all()).toHaveLength(0);
    });
  });

  it('refuses a file it cannot read, and one over the size limit, with E_INPUT', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      const junk = new TextEncoder().encode('hello\nworld\n');
      const notExport = await expectCode(
        previewImport(s, { clientId, bytes: junk, fileName: 'x.txt' }, { now: NOW }),
        'E_INPUT',
      );
      // Said in the user's language, not as the reader's English.
      expect((notExport as LedgerVaultError).localized('zh-CN')).toMatch(
        /^无法识别该文件：它不是本版本能读取的支付导出文件/,
      );
      const unclosed = new TextEncoder().encode(
        '交易时间,交易对方,收/支,金额,交易状态,交易订单号\n2024-01-01 10:00:00,"甲公司,支出,1.00,交易成功,1\n',
      );
      const broken = await expectCode(
        previewImport(s, { clientId, bytes: unclosed, fileName: 'cut.csv', format: 'alipay' }, { now: NOW }),
        'E_INPUT',
      );
      expect((broken as LedgerVaultError).localized('zh-CN')).toMatch(
        /^无法读取该文件（.*never closed.*），未导入任何记录。$/,
      );
      const huge = { byteLength: 201 * 1024 * 1024 } as unknown as Uint8Array;
      Object.setPrototypeOf(huge, Uint8Array.prototype);
      await expectCode(previewImport(s, { clientId, bytes: huge, fileName: 'big.csv' }, { now: NOW }), 'E_INPUT');
    });
  });

  it('stores the text and the file name sealed: no plaintext in the vault files', async () => {
    const clientId = freshClient();
    const fileName = 'LVFILENAME-客户甲-三月.csv';
    await as(accountant, async (s) => {
      await commitImport(s, input(clientId, 'alipay-march.csv', { fileName }), { now: NOW });
    });
    const markers = ['LVIMPORT餐厅甲', 'LVFILENAME', '2024032022001400000001'];
    const hits: string[] = [];
    for (const file of filesUnder(vault.dir)) {
      const bytes = readFileSync(file);
      for (const m of markers)
        for (const enc of [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')])
          if (bytes.includes(enc)) hits.push(`${path.basename(file)}: ${m}`);
    }
    expect(hits).toEqual([]);
  });

  it('undo removes exactly the batch, audited; refused when a record was edited since', async () => {
    const clientId = freshClient();
    await as(accountant, async (s) => {
      const march = await commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW });
      const april = await commitImport(s, input(clientId, 'alipay-april.csv'), { now: NOW });
      expect(undoImport(s, april.batchId, '导入了错误的账单', NOW)).toEqual({ batchId: april.batchId, count: 2 });
      expect(
        liveRecords(s, clientId)
          .map((r) => r.id)
          .sort(),
      ).toEqual([...march.ids].sort());
      const event = eventsOf(s, 'records.importUndo')[0]!;
      expect(JSON.parse(event.details ?? '{}')).toMatchObject({ batchId: april.batchId, count: 2, ids: april.ids });
      expect(listImports(s, { clientId })[0]!.undoneAt).not.toBeNull();
      await expectCode(
        Promise.resolve().then(() => undoImport(s, april.batchId, '再撤销一次', NOW)),
        'E_INPUT',
      );
      // The undone rows are no duplicates any more: importing April again brings them back.
      expect((await commitImport(s, input(clientId, 'alipay-april.csv'), { now: NOW })).counts.imported).toBe(2);
      const edited = march.ids[0]!;
      updateRecord(s, edited, 1, { memo: '改过的备注' });
      const e = await expectCode(
        Promise.resolve().then(() => undoImport(s, march.batchId, '导入了错误的账单', NOW)),
        'E_CONFLICT',
      );
      expect(e.message).toContain(String(edited));
      expect(liveRecords(s, clientId)).toHaveLength(7);
    });
  });

  it('a reference is the same record only in the same account: another account of the client gets its own', async () => {
    const clientId = freshClient();
    const [alipay, other] = await as(manager, (s) => [
      addPaymentAccount(s, { clientId, kind: 'alipay', accountNumber: 'a@example.com' }).id,
      addPaymentAccount(s, { clientId, kind: 'alipay', accountNumber: 'b@example.com' }).id,
    ]);
    await as(accountant, async (s) => {
      const one = await commitImport(s, input(clientId, 'alipay-march.csv', { accountId: alipay }), { now: NOW });
      expect(one.counts.imported).toBe(5);
      expect(liveRecords(s, clientId).every((r) => r.accountId === alipay)).toBe(true);
      const two = await commitImport(s, input(clientId, 'alipay-march.csv', { accountId: other }), { now: NOW });
      expect(two.counts.imported).toBe(5);
      const again = await commitImport(s, input(clientId, 'alipay-march.csv', { accountId: alipay }), { now: NOW });
      expect(again.counts.imported).toBe(0);
      // Another client's account is refused, as for a single record.
      await expectCode(
        commitImport(s, input(clientIds[0]!, 'alipay-march.csv', { accountId: alipay }), { now: NOW }),
        'E_INPUT',
      );
    });
  });

  it("undo needs the right to delete the client's records: an auditor is refused and nothing changes", async () => {
    const clientId = freshClient();
    const batch = await as(accountant, (s) => commitImport(s, input(clientId, 'alipay-march.csv'), { now: NOW }));
    await as(auditor, async (s) => {
      await expectCode(
        Promise.resolve().then(() => undoImport(s, batch.batchId, '我想撤销这个批次', NOW)),
        'E_FORBIDDEN',
      );
    });
    await as(manager, (s) => {
      expect(liveRecords(s, clientId)).toHaveLength(5);
      expect(listImports(s, { clientId })[0]!.undoneAt).toBeNull();
    });
  });
});
