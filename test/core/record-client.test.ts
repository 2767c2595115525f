/**
 * The right client, always: a record entered under the wrong client can be moved on edit, by
 * someone who may change records of both clients, with history and audit; clients are listed in
 * pinyin order; and lenient input (a date only, a negative amount) is stored as it was meant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient, listClients } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { updateRecord } from '../../src/core/records/record-changes';
import { addRecord, listRecords, recordHistoryOf, type NewRecord } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let mingda = 0;
let anle = 0;
let zhongxin = 0;

let amounts = 300;
/** Each record its own amount, so that only the reference can make two of them duplicates. */
const record = (over: Partial<NewRecord> = {}): NewRecord => ({
  clientId: mingda,
  occurredAt: '2024-03-05 10:00',
  direction: 'out',
  amount: `${(amounts += 1)}.00`,
  counterparty: '顺丰速运',
  reference: 'SF-0001',
  ...over,
});

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'mgr');
  accountant = await addStaff(admin, vault, 'accountant', 'acc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    // Created out of pinyin order on purpose: 中信 (zhong), 杭州明达 (hang), 安乐 (an).
    zhongxin = createClient(s, { name: '中信咨询有限公司' }).id;
    mingda = createClient(s, { name: '杭州明达贸易有限公司' }).id;
    anle = createClient(s, { name: '安乐餐饮管理有限公司' }).id;
    setClientGrant(s, { username: 'acc', clientId: mingda, canWrite: true });
    setClientGrant(s, { username: 'acc', clientId: anle, canWrite: true });
    setClientGrant(s, { username: 'acc', clientId: zhongxin, canWrite: false });
  });
});
afterAll(async () => vault.cleanup());

describe('clients in pinyin order', () => {
  it('lists clients by the pinyin of their names for every role, not by code point or by id', async () => {
    const names = ['安乐餐饮管理有限公司', '杭州明达贸易有限公司', '中信咨询有限公司'];
    expect((await as(manager, listClients)).map((c) => c.name)).toEqual(names);
    expect((await as(accountant, listClients)).map((c) => c.name)).toEqual(names);
  });
});

describe("changing a record's client on edit", () => {
  it('moves the record, lists the move in its history by client name, and audits it', async () => {
    const r = await as(accountant, (s) => addRecord(s, record()));
    const version = await as(accountant, (s) => updateRecord(s, r.id, r.version, { clientId: anle }));
    await as(accountant, (s) => {
      expect(listRecords(s, { clientId: anle, text: '顺丰' }).rows.map((x) => x.id)).toEqual([r.id]);
      expect(listRecords(s, { clientId: mingda }).rows.map((x) => x.id)).not.toContain(r.id);
      const moved = recordHistoryOf(s, r.id).find((h) => h.field === 'clientId');
      expect(moved).toMatchObject({ oldValue: '杭州明达贸易有限公司', newValue: '安乐餐饮管理有限公司', version });
      const event = s.orm
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'records.update'), eq(auditEvents.targetId, String(r.id))))
        .all()
        .at(-1)!;
      expect(event.outcome).toBe('ok');
      expect(JSON.parse(event.details)).toMatchObject({ fields: ['clientId'], fromClientId: mingda, toClientId: anle });
    });
    // The duplicate rule follows the record: the same reference is now a duplicate under 安乐.
    await as(accountant, (s) =>
      expectCode(
        Promise.resolve().then(() => addRecord(s, record({ clientId: anle }))),
        'E_CONFLICT',
      ),
    );
    await as(accountant, (s) => addRecord(s, record({ clientId: mingda })));
  });

  it('is refused when the user may only read the new client, and nothing changes', async () => {
    const r = await as(accountant, (s) => addRecord(s, record({ reference: 'SF-0002' })));
    await as(accountant, (s) =>
      expectCode(
        Promise.resolve().then(() => updateRecord(s, r.id, r.version, { clientId: zhongxin, memo: '改' })),
        'E_FORBIDDEN',
      ),
    );
    await as(manager, (s) => {
      const row = s.orm.select().from(paymentRecords).where(eq(paymentRecords.id, r.id)).get()!;
      expect([row.clientId, row.memo, row.version]).toEqual([mingda, null, r.version]);
      const denied = s.orm
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'records.update'), eq(auditEvents.clientId, zhongxin)))
        .all();
      expect(denied.map((e) => e.outcome)).toContain('denied');
    });
  });

  it('is refused when the user may only read the old client', async () => {
    const r = await as(manager, (s) => addRecord(s, record({ clientId: zhongxin, reference: 'SF-0003' })));
    await as(accountant, (s) =>
      expectCode(
        Promise.resolve().then(() => updateRecord(s, r.id, r.version, { clientId: mingda })),
        'E_FORBIDDEN',
      ),
    );
    await as(manager, (s) => {
      const row = s.orm.select().from(paymentRecords).where(eq(paymentRecords.id, r.id)).get()!;
      expect(row.clientId).toBe(zhongxin);
    });
  });

  it('refuses a client that does not exist', async () => {
    const r = await as(manager, (s) => addRecord(s, record({ reference: 'SF-0004' })));
    await as(manager, (s) =>
      expectCode(
        Promise.resolve().then(() => updateRecord(s, r.id, r.version, { clientId: 999_999 })),
        'E_INPUT',
      ),
    );
  });
});

describe('lenient input stored as meant', () => {
  it('a date without a time is stored and returned without a time', async () => {
    await as(accountant, (s) => {
      const dateOnly = addRecord(s, record({ occurredAt: '2024年3月6日', reference: 'SF-0005' }));
      expect([dateOnly.occurredAt, dateOnly.hasTime]).toEqual(['2024-03-06T00:00:00+08:00', false]);
      const timed = addRecord(s, record({ occurredAt: '2024/3/6 14:05', reference: 'SF-0006' }));
      expect([timed.occurredAt, timed.hasTime]).toEqual(['2024-03-06T14:05:00+08:00', true]);
      // Editing the date to one with a time sets the flag again.
      updateRecord(s, dateOnly.id, dateOnly.version, { occurredAt: '20240306 09:30' });
      const after = listRecords(s, { clientId: mingda, text: 'SF-0005' }).rows[0]!;
      expect([after.occurredAt, after.hasTime]).toEqual(['2024-03-06T09:30:00+08:00', true]);
    });
  });

  it('a negative amount is refused from the IPC-shaped call and read as money out when the caller is lenient', async () => {
    await as(accountant, async (s) => {
      await expectCode(
        Promise.resolve().then(() => addRecord(s, record({ amount: '-500', direction: 'in', reference: 'AP-1' }))),
        'E_INPUT',
      );
      const r = addRecord(s, record({ amount: '-¥500.00', direction: 'in', reference: 'AP-1' }), { lenient: true });
      expect([r.direction, r.amountMinor]).toEqual(['out', 50000]);
    });
  });
});
