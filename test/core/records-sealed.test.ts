/**
 * Payment records under their client's key (issue 11, items 3, 4 and 6): nothing of a record's
 * sensitive text in any column of the record tables, the search index or the audit log; a
 * session without a client's key reads none of its records; a sealed value moved elsewhere is
 * refused; search, duplicate checks and moves keep working on sealed text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/clients/clients';
import { periodView } from '../../src/core/records/period';
import { batchMoveRecords } from '../../src/core/records/batch';
import { updateRecord } from '../../src/core/records/record-changes';
import { findDuplicates } from '../../src/core/records/duplicates';
import { insertRecords } from '../../src/core/records/insert-records';
import { decryptField } from '../../src/core/crypto/field-cipher';
import { openText } from '../../src/core/vault/sealed-fields';
import { openRecordText, searchedText } from '../../src/core/records/sealed-record';
import { recordDocument } from '../../src/core/search/search-tokens';
import { paymentRecords } from '../../src/core/db/schema';
import { eq } from 'drizzle-orm';
import { storedSearchTerms } from '../helpers/search-terms';
import {
  addRecord,
  deleteRecord,
  listRecords,
  recordHistoryOf,
  recordLimits,
  revealRecord,
  validateNewRecord,
  type NewRecord,
} from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { exportToMemory } from '../helpers/exports';

const unique = Date.now().toString(36);
const ASCII = `LVSEAL${unique}X`;
const CHINESE = `密封标记${unique}甲乙丙`;
const ACCOUNT = '6222029988776655443';
let vault: TestVault;
let manager: Staff;
let clientA = 0;
let clientB = 0;

async function as<T>(fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, manager);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

const record = (over: Partial<NewRecord> = {}): NewRecord => ({
  clientId: clientA,
  occurredAt: '2024-03-01 10:00',
  direction: 'out',
  amount: '100.00',
  counterparty: '某某公司',
  allowDuplicate: true,
  ...over,
});

/** Every value of every row of `table`, as text and as bytes. */
function cells(s: VaultSession, table: string): { text: string; bytes: Buffer }[] {
  const rows = s.db.prepare(`SELECT * FROM ${table}`).safeIntegers().raw().all() as unknown[][];
  return rows
    .flat()
    .map((v) =>
      Buffer.isBuffer(v)
        ? { text: v.toString('latin1'), bytes: v }
        : { text: String(v), bytes: Buffer.from(String(v)) },
    );
}

function expectNoMarker(s: VaultSession, table: string, markers: string[]) {
  const all = cells(s, table);
  expect(all.length, table).toBeGreaterThan(0);
  for (const m of markers) {
    const bytes = Buffer.from(m, 'utf8');
    expect(
      all.filter((c) => c.text.includes(m) || c.bytes.includes(bytes)),
      `${m} in ${table}`,
    ).toEqual([]);
  }
}

/** The code and message key of what `fn` throws (sync or async). */
async function refusal(fn: () => unknown): Promise<{ code: string; messageKey?: string; message: string }> {
  try {
    await fn();
  } catch (err) {
    const e = err as { code: string; messageKey?: string; message: string };
    return { code: e.code, messageKey: e.messageKey, message: e.message };
  }
  throw new Error('it succeeded');
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'smgr');
  admin.lock();
  await activate(vault, manager);
  await as((s) => {
    clientA = createClient(s, { name: '甲密封客户' }).id;
    clientB = createClient(s, { name: '乙密封客户' }).id;
  });
});
afterAll(async () => vault.cleanup());

describe('records under the client key', () => {
  it('leaves no marker in any column of the record tables, the search tokens or the audit log', async () => {
    await as(async (s) => {
      const a = addRecord(
        s,
        record({
          counterparty: `${CHINESE}供应商`,
          counterpartyAccount: ACCOUNT,
          reference: ASCII,
          merchantOrderRef: `${ASCII}-order`,
          memo: `${CHINESE} ${ASCII}`,
        }),
      );
      const b = addRecord(s, record({ counterparty: ASCII, memo: '普通摘要' }));
      // History holds old and new values: a marker goes in, another comes out.
      const v2 = updateRecord(s, b.id, b.version, { memo: CHINESE, counterparty: '换了名字' });
      deleteRecord(s, b.id, v2, '重复录入的记录');
      // Found by what it holds (so it is indexed), searched and exported with a marker as the text.
      expect(listRecords(s, { clientId: clientA, text: CHINESE }).rows.map((r) => r.id)).toEqual([a.id]);
      expect(listRecords(s, { text: ASCII.toLowerCase() }).rows.map((r) => r.id)).toEqual([a.id]);
      const csv = await exportToMemory(s, { clientId: clientA, text: ASCII }, { format: 'csv' });
      expect(csv.bytes.toString('utf8')).toContain(CHINESE);
      expect(revealRecord(s, a.id, '与银行对账').counterpartyAccount).toBe(ACCOUNT);
      expect(recordHistoryOf(s, b.id).map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
        ['counterparty', ASCII, '换了名字'],
        ['memo', '普通摘要', CHINESE],
        ['deleted', null, '重复录入的记录'],
      ]);
      const markers = [ASCII, CHINESE, ACCOUNT, ACCOUNT.slice(-8), '甲乙丙'];
      for (const table of [
        'payment_records',
        'record_history',
        'record_search_data',
        'record_search_idx',
        'audit_events',
      ])
        expectNoMarker(s, table, markers);
      const legacy = s.db
        .prepare(
          `SELECT count(*) AS n FROM payment_records WHERE counterparty IS NOT NULL OR counterparty_account IS NOT NULL
             OR reference IS NOT NULL OR merchant_order_ref IS NOT NULL OR memo IS NOT NULL`,
        )
        .get() as { n: number };
      expect(legacy.n).toBe(0);
      expect(
        (
          s.db
            .prepare('SELECT count(*) AS n FROM record_history WHERE old_value IS NOT NULL OR new_value IS NOT NULL')
            .get() as { n: number }
        ).n,
      ).toBe(0);
      // The index holds tokens (16 hex digits each), no word of the text.
      const terms = [...storedSearchTerms(s.db).values()].flatMap((t) => [...t]);
      expect(terms.length).toBeGreaterThan(10);
      for (const term of terms) expect(term).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  it('search finds Chinese substrings of two characters and of one, with exact counts, totals and pages', async () => {
    await as((s) => {
      const add = (counterparty: string, amount: string, memo?: string) =>
        addRecord(s, record({ clientId: clientB, counterparty, amount, memo })).id;
      const zhang = add('张三丰', '10.00');
      const li = add('李三', '20.00');
      const harvest = add('某公司', '40.00', '丰收在望');
      const abc = add('ABC贸易', '80.00');
      const found = (text: string, more: Partial<Parameters<typeof listRecords>[1]> = {}) =>
        listRecords(s, { clientId: clientB, text, ...more });
      expect(found('三丰').rows.map((r) => r.id)).toEqual([zhang]);
      expect(
        found('三')
          .rows.map((r) => r.id)
          .sort(),
      ).toEqual([zhang, li].sort());
      expect(found('丰').total).toBe(2);
      expect(found('丰').totals.outMinor).toBe(5000);
      expect(found('张三丰收').total).toBe(0);
      expect(found('丰收').rows.map((r) => r.id)).toEqual([harvest]);
      expect(found('ａｂｃ').rows.map((r) => r.id)).toEqual([abc]);
      expect(found('三 丰').rows.map((r) => r.id)).toEqual([zhang]);
      // Two-character runs are answered by the index alone: a run never spans two fields.
      const split = add('明达', '160.00', '物流');
      expect(found('明达 物流').rows.map((r) => r.id)).toEqual([split]);
      expect(found('物流 明达').rows.map((r) => r.id)).toEqual([split]);
      expect(found('达物').total).toBe(0);
      expect(found('明达物流').total).toBe(0);
      const page = found('三', { limit: 1, offset: 1, sort: 'amount', order: 'asc' });
      expect([page.total, page.rows.map((r) => r.id)]).toEqual([2, [li]]);
      // Across clients: the manager's search reaches every client whose key the session holds.
      expect(listRecords(s, { text: '三丰' }).rows.map((r) => r.clientName)).toEqual(['乙密封客户']);
    });
  });

  it('a session without a client key cannot list, search, view, reveal, change or export its records', async () => {
    const hidden = await as((s) => addRecord(s, record({ counterparty: '无钥对方', reference: 'NOKEY-1' })));
    await as(async (s) => {
      s.keyRing.remove(clientA);
      const noKey = { code: 'E_FORBIDDEN', messageKey: 'client.noKey' };
      for (const attempt of [
        () => listRecords(s, { clientId: clientA }),
        () => listRecords(s, { clientId: clientA, text: '无钥' }),
        () => recordHistoryOf(s, hidden.id),
        () => revealRecord(s, hidden.id, '与银行对账'),
        () => updateRecord(s, hidden.id, hidden.version, { memo: '改' }),
        () => addRecord(s, record({ counterparty: '新的' })),
        () => periodView(s, { clientId: clientA, from: '2024-03-01', to: '2024-03-31' }),
        () => exportToMemory(s, { clientId: clientA }, { format: 'csv' }),
      ])
        expect(await refusal(attempt)).toMatchObject(noKey);
      // Across clients its records are simply absent.
      expect(listRecords(s, { text: '无钥' }).total).toBe(0);
      expect(listRecords(s, { limit: 1000 }).rows.every((r) => r.clientId !== clientA)).toBe(true);
      const all = await exportToMemory(s, {}, { format: 'csv' });
      expect(all.bytes.toString('utf8')).not.toContain('无钥对方');
      // Moving one of B's records to A would seal it under a key this session lacks.
      const mine = addRecord(s, record({ clientId: clientB, counterparty: '乙的对方' }));
      expect(
        await refusal(() =>
          batchMoveRecords(s, { items: [{ id: mine.id, version: mine.version }], toClientId: clientA }),
        ),
      ).toMatchObject(noKey);
    });
  });

  it('a sealed value copied to another record is refused as E_INTEGRITY naming the place, never the text', async () => {
    await as(async (s) => {
      const from = addRecord(s, record({ clientId: clientB, memo: '原来的摘要', reference: 'COPY-1' }));
      const to = addRecord(s, record({ clientId: clientB, memo: '别处的摘要', reference: 'COPY-2' }));
      const blob = (id: number) =>
        s.db.prepare('SELECT memo_enc FROM payment_records WHERE id = ?').pluck().get(id) as Buffer;
      const original = blob(to.id);
      s.write((ctx) =>
        ctx.db.prepare('UPDATE payment_records SET memo_enc = ? WHERE id = ?').run(blob(from.id), to.id),
      );
      const err = await refusal(() => listRecords(s, { clientId: clientB, text: 'COPY' }));
      expect(err.code).toBe('E_INTEGRITY');
      expect(err.message).toContain(`payment_records.memo of row ${to.id}`);
      expect(err.message).not.toContain('摘要');
      s.write((ctx) => ctx.db.prepare('UPDATE payment_records SET memo_enc = ? WHERE id = ?').run(original, to.id));
      expect(listRecords(s, { clientId: clientB, text: 'COPY' }).total).toBe(2);
    });
  });

  it('moving records re-seals fields, history, tokens and duplicate hashes under the new client', async () => {
    await as((s) => {
      const r = addRecord(
        s,
        record({ counterparty: '搬家对方', reference: 'MOVE-1', memo: '要搬走', counterpartyAccount: ACCOUNT }),
      );
      const v2 = updateRecord(s, r.id, r.version, { memo: '搬走之前' });
      const other = addRecord(s, record({ counterparty: '改客户对方', reference: 'MOVE-2' }));
      batchMoveRecords(s, { items: [{ id: r.id, version: v2 }], toClientId: clientB });
      updateRecord(s, other.id, other.version, { clientId: clientB });
      for (const id of [r.id, other.id]) {
        const row = s.db.prepare('SELECT client_id, counterparty_enc FROM payment_records WHERE id = ?').get(id) as {
          client_id: number;
          counterparty_enc: Buffer;
        };
        expect(row.client_id).toBe(clientB);
        const atB = { clientId: clientB, table: 'payment_records' as const, rowId: id, field: 'counterparty' };
        expect(openText(s, atB, row.counterparty_enc)).toMatch(/对方$/);
        // The old client's key opens nothing of it any more, at either place.
        const oldKey = s.keyRing.subkeys(clientA).fieldKey;
        expect(() => decryptField(oldKey, { ...atB, vaultId: s.vaultId }, row.counterparty_enc)).toThrow(/E_INTEGRITY/);
        expect(() =>
          decryptField(oldKey, { ...atB, clientId: clientA, vaultId: s.vaultId }, row.counterparty_enc),
        ).toThrow(/E_INTEGRITY/);
        // Its search tokens are B's now: exactly the document B's search key makes of its text.
        const stored = [...(storedSearchTerms(s.db).get(id) ?? [])].sort();
        const text = openRecordText(s, s.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get()!);
        const made = recordDocument(s.keyRing.subkeys(clientB).searchKey, searchedText(text)).split(' ').sort();
        expect(stored).toEqual(made);
      }
      expect(recordHistoryOf(s, r.id).map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
        ['memo', '要搬走', '搬走之前'],
        ['clientId', '甲密封客户', '乙密封客户'],
      ]);
      expect(listRecords(s, { clientId: clientB, text: '搬走' }).rows.map((x) => x.id)).toEqual([r.id]);
      expect(listRecords(s, { clientId: clientA, text: '搬' }).total).toBe(0);
      expect(revealRecord(s, r.id, '与银行对账').counterpartyAccount).toBe(ACCOUNT);
      // The duplicate rule follows: the same reference is now a duplicate under B, not A.
      const again = { reference: 'MOVE-1', amount: '1.00', allowDuplicate: false };
      expect(() => addRecord(s, record({ ...again, clientId: clientB }))).toThrow(/E_CONFLICT/);
      expect(addRecord(s, record({ ...again, clientId: clientA })).reference).toBe('MOVE-1');
    });
  });

  it('flags both kinds of duplicate, one record at a time and for a whole batch', async () => {
    await as((s) => {
      const first = addRecord(s, record({ reference: 'DUP-REF', amount: '7.00', counterparty: '重复对方' }));
      const dupKey = async (over: Partial<NewRecord>) =>
        (await refusal(() => addRecord(s, record({ allowDuplicate: false, ...over })))).messageKey;
      return Promise.all([
        dupKey({ reference: 'DUP-REF', amount: '8.00', counterparty: '别人' }),
        dupKey({ amount: '7.00', counterparty: '重复对方' }),
      ]).then(([byRef, bySame]) => {
        expect([byRef, bySame]).toEqual(['record.duplicate.reference', 'record.duplicate.same']);
        const limits = recordLimits(s);
        const batch = [
          record({ reference: 'DUP-REF', amount: '9.00' }),
          record({ amount: '7.00', counterparty: '重复对方' }),
          record({ reference: 'NEW-1', amount: '3.00', counterparty: '新对方' }),
          record({ reference: 'NEW-1', amount: '4.00', counterparty: '新对方' }),
        ].map((r) => validateNewRecord(r, limits));
        const ids = s.write((ctx) => {
          const found = findDuplicates(s, ctx.db, batch);
          expect(found).toEqual([
            { key: 'record.duplicate.reference', ids: [first.id], inBatch: null },
            { key: 'record.duplicate.same', ids: [first.id], inBatch: null },
            null,
            { key: 'record.duplicate.reference', ids: [], inBatch: 2 },
          ]);
          return insertRecords(s, ctx, batch.slice(2, 3), { stamp: new Date().toISOString(), source: 'import' });
        });
        expect(listRecords(s, { clientId: clientA, text: 'NEW-1' }).rows.map((r) => r.id)).toEqual(ids);
      });
    });
  });

  it('a batch insert takes one range of ids, each bound into its sealed fields', async () => {
    await as((s) => {
      const limits = recordLimits(s);
      const batch = [1, 2, 3].map((i) =>
        validateNewRecord(record({ clientId: clientB, counterparty: `批量${i}`, reference: `RANGE-${i}` }), limits),
      );
      const ids = s.write((ctx) => insertRecords(s, ctx, batch, { stamp: new Date().toISOString() }));
      expect(ids).toEqual([ids[0]!, ids[0]! + 1, ids[0]! + 2]);
      expect(
        listRecords(s, { clientId: clientB, text: 'RANGE', sort: 'occurredAt', order: 'asc' }).rows.map((r) => [
          r.id,
          r.counterparty,
        ]),
      ).toEqual(ids.map((id, i) => [id, `批量${i + 1}`]));
    });
  });
});
