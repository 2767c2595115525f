import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, inArray } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords, recordHistory } from '../../src/core/db/schema';
import { batchDeleteRecords, batchMoveRecords, batchStatusRecords, recordIdsOf } from '../../src/core/records/batch';
import { updateRecord } from '../../src/core/records/record-changes';
import { addRecord, listRecords, recordHistoryOf, type NewRecord } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
/** A: the accountant may write; B: may write; R: read-only grant; X: no grant. */
let clientA = 0;
let clientB = 0;
let clientR = 0;
let clientX = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

function add(s: VaultSession, clientId: number, counterparty: string, over: Partial<NewRecord> = {}) {
  const r = addRecord(s, {
    clientId,
    occurredAt: '2024-03-05',
    direction: 'out',
    amount: '500.00',
    counterparty,
    allowDuplicate: true,
    ...over,
  });
  return { id: r.id, version: r.version };
}

const rowOf = (s: VaultSession, id: number) =>
  s.orm.select().from(paymentRecords).where(eq(paymentRecords.id, id)).get()!;
/** The core's refusals are thrown synchronously; expectCode awaits a promise. */
const refused = (fn: () => unknown, code: string) => expectCode(Promise.resolve().then(fn), code);
const details = (e: { details: string | null }) => JSON.parse(e.details ?? '{}') as Record<string, unknown>;
const eventsOf = (s: VaultSession, action: string) =>
  s.orm.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.seq)).all();

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'bmgr');
  accountant = await addStaff(admin, vault, 'accountant', 'bacc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    clientA = createClient(s, { name: '杭州明达' }).id;
    clientB = createClient(s, { name: '宁波远航' }).id;
    clientR = createClient(s, { name: '只读客户' }).id;
    clientX = createClient(s, { name: '无权客户' }).id;
    setClientGrant(s, { username: 'bacc', clientId: clientA, canWrite: true });
    setClientGrant(s, { username: 'bacc', clientId: clientB, canWrite: true });
    setClientGrant(s, { username: 'bacc', clientId: clientR, canWrite: false });
  });
});
afterAll(async () => vault.cleanup());

describe('batch work on records', () => {
  it('deletes many records with one reason: one audit event listing the ids, a history row each', async () => {
    await as(accountant, async (s) => {
      const items = [add(s, clientA, '张三'), add(s, clientA, '李四'), add(s, clientB, '王五')];
      const ids = items.map((i) => i.id);
      expect(batchDeleteRecords(s, { items, reason: '重复导入的账单' })).toEqual({ count: 3 });
      for (const id of ids) expect(rowOf(s, id).deletedReason).toBe('重复导入的账单');
      const events = eventsOf(s, 'records.batchDelete');
      expect(events).toHaveLength(1);
      expect(details(events[0]!)).toMatchObject({ ids, count: 3, reason: '重复导入的账单' });
      const history = s.orm.select().from(recordHistory).where(inArray(recordHistory.recordId, ids)).all();
      expect(
        history
          .filter((h) => h.field === 'deleted')
          .map((h) => h.recordId)
          .sort(),
      ).toEqual([...ids].sort());
      expect(listRecords(s, { clientId: clientA, text: '张三' }).total).toBe(0);
    });
  });

  it('one forbidden record in the middle of a batch changes nothing: read-only grant is E_FORBIDDEN', async () => {
    let readOnly = { id: 0, version: 0 };
    await as(manager, (s) => {
      readOnly = add(s, clientR, '只读对方');
    });
    await as(accountant, async (s) => {
      const first = add(s, clientA, '甲方一');
      const last = add(s, clientA, '甲方二');
      const items = [first, readOnly, last];
      await refused(() => batchStatusRecords(s, { items, status: 'refunded' }), 'E_FORBIDDEN');
      await refused(() => batchDeleteRecords(s, { items, reason: '不该删除的' }), 'E_FORBIDDEN');
      await refused(() => batchMoveRecords(s, { items, toClientId: clientB }), 'E_FORBIDDEN');
      for (const r of [first, readOnly, last]) {
        expect(rowOf(s, r.id)).toMatchObject({ status: 'succeeded', deletedAt: null, version: r.version });
      }
      // Moving into the read-only client is refused too, and so is a client without any grant.
      await refused(() => batchMoveRecords(s, { items: [first], toClientId: clientR }), 'E_FORBIDDEN');
      await refused(() => batchMoveRecords(s, { items: [first], toClientId: clientX }), 'E_NOT_FOUND');
      expect(rowOf(s, first.id).clientId).toBe(clientA);
      expect(eventsOf(s, 'records.batchStatus')).toHaveLength(0);
    });
  });

  it('a record changed by someone else since it was selected: E_CONFLICT and nothing changes', async () => {
    // Selected by the accountant; then a manager edits the middle one (one vault session at a time).
    const items = await as(accountant, (s) => [
      add(s, clientA, '丙方一'),
      add(s, clientA, '丙方二'),
      add(s, clientA, '丙方三'),
    ]);
    await as(manager, (m) => updateRecord(m, items[1]!.id, items[1]!.version, { memo: '经理改过' }));
    await as(accountant, async (s) => {
      await refused(() => batchStatusRecords(s, { items, status: 'closed' }), 'E_CONFLICT');
      await refused(() => batchDeleteRecords(s, { items, reason: '整批作废了' }), 'E_CONFLICT');
      for (const r of items) expect(rowOf(s, r.id)).toMatchObject({ status: 'succeeded', deletedAt: null });
    });
  });

  it('changes the status of many records, with history rows and one event', async () => {
    await as(accountant, async (s) => {
      const items = [add(s, clientA, '丁方一'), add(s, clientB, '丁方二')];
      expect(batchStatusRecords(s, { items, status: 'pending' }).count).toBe(2);
      for (const r of items) {
        expect(rowOf(s, r.id)).toMatchObject({ status: 'pending', version: r.version + 1 });
        // History values are sealed under the client's key: read through the core, which opens them.
        const h = recordHistoryOf(s, r.id);
        expect(h).toEqual([expect.objectContaining({ field: 'status', oldValue: 'succeeded', newValue: 'pending' })]);
      }
      expect(details(eventsOf(s, 'records.batchStatus')[0]!)).toMatchObject({
        ids: items.map((i) => i.id),
        status: 'pending',
      });
    });
  });

  it('moves records to another client: found there by search, gone from the old one, from/to audited', async () => {
    await as(accountant, async (s) => {
      const items = [add(s, clientA, '错录客户的供应商'), add(s, clientA, '错录客户的房东')];
      expect(listRecords(s, { clientId: clientA, text: '错录' }).total).toBe(2);
      expect(batchMoveRecords(s, { items, toClientId: clientB }).count).toBe(2);
      expect(listRecords(s, { clientId: clientA, text: '错录' }).total).toBe(0);
      const found = listRecords(s, { clientId: clientB, text: '错录' });
      expect(found.rows.map((r) => r.id).sort()).toEqual(items.map((i) => i.id).sort());
      expect(found.rows.every((r) => r.clientName === '宁波远航')).toBe(true);
      const event = eventsOf(s, 'records.batchMove')[0]!;
      expect(event.clientId).toBe(clientB);
      expect(details(event)).toMatchObject({
        ids: items.map((i) => i.id),
        fromClientIds: [clientA],
        toClientId: clientB,
      });
      const h = recordHistoryOf(s, items[0]!.id).find((c) => c.field === 'clientId');
      expect(h).toMatchObject({ oldValue: '杭州明达', newValue: '宁波远航' });
    });
  });

  it('"select all" gives every id of the filter, beyond one page, and is audited like a list', async () => {
    await as(accountant, async (s) => {
      for (let i = 0; i < 12; i += 1) add(s, clientB, `全选对方${i}`, { memo: '全选测试' });
      const page = listRecords(s, { clientId: clientB, text: '全选测试', limit: 5 });
      expect(page.rows).toHaveLength(5);
      const all = recordIdsOf(s, { clientId: clientB, text: '全选测试' });
      expect(all).toMatchObject({ total: 12, capped: false });
      expect(all.items).toHaveLength(12);
      expect(all.items.slice(0, 5)).toEqual(
        page.rows.map((r) => ({ id: r.id, version: r.version, clientId: clientB })),
      );
      const event = eventsOf(s, 'records.search')[0]!;
      expect(details(event)).toMatchObject({ selectAll: true, total: 12 });
      await refused(() => recordIdsOf(s, { clientId: clientX }), 'E_FORBIDDEN');
    });
  });

  it('a batch past the documented maximum, or an id that is not a safe integer, is refused as input', async () => {
    await as(accountant, async (s) => {
      const many = Array.from({ length: 10_001 }, (_, i) => ({ id: i + 1, version: 1 }));
      await refused(() => batchStatusRecords(s, { items: many, status: 'closed' }), 'E_INPUT');
      await refused(() => batchStatusRecords(s, { items: [{ id: 1e23, version: 1 }], status: 'closed' }), 'E_INPUT');
      await refused(() => batchStatusRecords(s, { items: [], status: 'closed' }), 'E_INPUT');
    });
  });
});
