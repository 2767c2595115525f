/**
 * The core applies the IPC contract's limits itself, so the CLI (and the importer to come) cannot
 * store what the UI refuses, and every refusal names the field in the user's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { listClientGrants, setClientGrant } from '../../src/core/access/grants';
import { listAuditEvents } from '../../src/core/audit/audit-log';
import { addPaymentAccount, listPaymentAccounts } from '../../src/core/clients/accounts';
import { createClient } from '../../src/core/clients/clients';
import { paymentRecords } from '../../src/core/db/schema';
import { LedgerVaultError } from '../../src/core/errors';
import { deleteRecord, updateRecord } from '../../src/core/records/record-changes';
import {
  addRecord,
  checkNewRecord,
  listRecords,
  queryRecords,
  recordHistoryOf,
  revealRecord,
  type NewRecord,
} from '../../src/core/records/index';
import { getSettings, updateSettings } from '../../src/core/settings/settings';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let admin: Staff;
let manager: Staff;
let accountant: Staff;
let client = 0;

const DAY = 86_400_000;
/** What `--client 99999999999999999999999` becomes as a number: 1e+23, no longer an integer id. */
const HUGE_ID = Number('99999999999999999999999');
/** The Asia/Shanghai calendar date `days` from today, as people type it. */
function shanghaiDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10);
}

const row = (over: Partial<Record<keyof NewRecord, unknown>> = {}) =>
  ({
    clientId: client,
    occurredAt: '2024-03-01 10:00',
    direction: 'out',
    amount: '100.00',
    counterparty: '某某公司',
    ...over,
  }) as NewRecord;

async function as<T>(staff: Staff, fn: (s: VaultSession) => Promise<T> | T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

/** The refusal `fn` throws, which must be a LedgerVaultError. */
function refusal(fn: () => unknown): LedgerVaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerVaultError);
    return err as LedgerVaultError;
  }
  throw new Error('expected a refusal, but it succeeded');
}

/** E_INPUT whose message, in both languages, names the field and carries no schema jargon. */
function expectFieldRefusal(fn: () => unknown, zhField: string, enField: string): LedgerVaultError {
  const err = refusal(fn);
  expect(err.code).toBe('E_INPUT');
  expect(err.localized('zh-CN')).toContain(zhField);
  expect(err.localized('en')).toContain(enField);
  for (const locale of ['zh-CN', 'en'] as const)
    expect(err.localized(locale)).not.toMatch(/too_big|too_small|invalid_type|invalid_format|unrecognized|\{field\}/);
  return err;
}

function stored(s: VaultSession): number {
  return s.orm.select().from(paymentRecords).where(eq(paymentRecords.clientId, client)).all().length;
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  manager = await addStaff(first.session, vault, 'manager', 'mgr');
  accountant = await addStaff(first.session, vault, 'accountant', 'acc');
  first.session.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    client = createClient(s, { name: '甲贸易有限公司' }).id;
    setClientGrant(s, { username: 'acc', clientId: client, canWrite: true });
  });
});
afterAll(async () => vault.cleanup());

describe('a new record gets the same limits from every front end', () => {
  it('refuses what the CLI used to store: a 100,000-character counterparty, amount 0, the year 1900', async () => {
    await as(accountant, (s) => {
      const before = stored(s);
      const long = expectFieldRefusal(
        () => addRecord(s, row({ counterparty: '某'.repeat(100_000) })),
        '交易对方',
        'counterparty',
      );
      expect(long.localized('zh-CN')).toContain('200');
      expect(refusal(() => addRecord(s, row({ amount: '0' }))).localized('zh-CN')).toMatch(/金额必须大于 0/);
      expect(refusal(() => addRecord(s, row({ amount: '0.00' }))).code).toBe('E_INPUT');
      const old = refusal(() => addRecord(s, row({ occurredAt: '1900-01-01' })));
      expect(old.code).toBe('E_INPUT');
      expect(old.localized('zh-CN')).toContain('2000-01-01');
      expect(old.localized('en')).toContain('2000-01-01');
      expect(stored(s)).toBe(before);
    });
  });

  it('a date may be today (Asia/Shanghai) at any hour, never tomorrow', async () => {
    await as(accountant, (s) => {
      expect(addRecord(s, row({ occurredAt: `${shanghaiDate(0)} 23:59`, reference: 'TODAY' })).reference).toBe('TODAY');
      const err = refusal(() => addRecord(s, row({ occurredAt: `${shanghaiDate(1)} 00:00` })));
      expect(err.code).toBe('E_INPUT');
      expect(err.localized('zh-CN')).toMatch(/不能晚于今天/);
    });
  });

  it('ids are safe integers: a 23-digit client id is refused by name, not echoed as 1e+23', async () => {
    await as(manager, (s) => {
      const err = expectFieldRefusal(() => addRecord(s, row({ clientId: HUGE_ID })), '客户编号', 'client id');
      expect(err.localized('en')).not.toContain('1e+23');
      expectFieldRefusal(() => addRecord(s, row({ clientId: 1.5 })), '客户编号', 'client id');
      expectFieldRefusal(() => addRecord(s, row({ accountId: -3 })), '账户编号', 'account id');
    });
  });

  it('refuses fields the contract does not know, and wrong types, naming them', async () => {
    await as(accountant, (s) => {
      expectFieldRefusal(() => addRecord(s, { ...row(), createdBy: 'someone' } as NewRecord), 'createdBy', 'createdBy');
      expectFieldRefusal(() => addRecord(s, row({ direction: 'sideways' })), '收支方向', 'direction');
      expectFieldRefusal(() => addRecord(s, row({ amount: 100 })), '金额', 'amount');
      expectFieldRefusal(() => addRecord(s, row({ memo: 'x'.repeat(501) })), '备注', 'memo');
    });
  });

  it('the floor is a vault setting (default 2000-01-01) that only an admin changes, never past today', async () => {
    await as(admin, (s) => {
      expect(getSettings(s).recordDateFloor).toBe('2000-01-01');
      expect(refusal(() => updateSettings(s, { recordDateFloor: shanghaiDate(2) })).code).toBe('E_INPUT');
      expectFieldRefusal(() => updateSettings(s, { recordDateFloor: '1990-02-30' }), '最早交易日期', 'earliest');
      expectFieldRefusal(() => updateSettings(s, { idleMinutes: 1.5 }), '空闲', 'idle');
      expect(updateSettings(s, { recordDateFloor: '1990-01-01' }).recordDateFloor).toBe('1990-01-01');
    });
    await as(manager, (s) => {
      expect(refusal(() => updateSettings(s, { recordDateFloor: '1980-01-01' })).code).toBe('E_FORBIDDEN');
    });
    await as(accountant, (s) => {
      expect(addRecord(s, row({ occurredAt: '1995-06-01', reference: 'OLD' })).reference).toBe('OLD');
      expect(refusal(() => addRecord(s, row({ occurredAt: '1989-12-31' }))).localized('zh-CN')).toContain('1990-01-01');
    });
    await as(admin, (s) => updateSettings(s, { recordDateFloor: '2000-01-01' }));
  });

  it('one function checks a row without writing it, for a batch: every problem, each naming its field', () => {
    const limits = { now: Date.now(), floor: '2000-01-01' };
    const good = checkNewRecord(row({ amount: '¥1,234.50', currency: 'CNY' }), limits);
    expect(good).toMatchObject({ ok: true, record: { amountMinor: 123450, currency: 'CNY' } });
    const bad = checkNewRecord(row({ amount: '0', occurredAt: '1999-12-31', counterparty: ' ' }), limits);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.field, p.key])).toEqual([
      ['occurredAt', 'record.date.beforeFloor'],
      ['amount', 'record.amount.zero'],
      ['counterparty', 'record.counterparty'],
    ]);
    const shape = checkNewRecord({ clientId: 'x', counterparty: 'y'.repeat(300) }, limits);
    expect(shape.ok).toBe(false);
    if (!shape.ok)
      expect(shape.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['clientId', 'counterparty']));
  });
});

describe('every other entry point parses its input with the contract schema', () => {
  it('records: list, query, update, delete, reveal, history', async () => {
    await as(manager, (s) => {
      const r = addRecord(s, row({ reference: 'EDIT' }));
      expectFieldRefusal(() => listRecords(s, { clientId: client, limit: 5000 }), '条数', 'limit');
      expectFieldRefusal(() => queryRecords(s, { clientId: client, text: '字'.repeat(101) }), '搜索', 'search');
      expectFieldRefusal(
        () => updateRecord(s, r.id, r.version, { counterparty: 'x'.repeat(1000) }),
        '交易对方',
        'counterparty',
      );
      expectFieldRefusal(() => updateRecord(s, r.id, r.version, { amount: '0' }), '金额', 'amount');
      expectFieldRefusal(
        () => updateRecord(s, r.id, r.version, { occurredAt: '1900-01-01' }),
        '2000-01-01',
        '2000-01-01',
      );
      expectFieldRefusal(() => deleteRecord(s, r.id, r.version, '因'.repeat(1000)), '理由', 'reason');
      expectFieldRefusal(() => deleteRecord(s, r.id, 1e300, '重复录入'), '版本', 'version');
      expectFieldRefusal(() => revealRecord(s, 1.5, '与银行对账'), '编号', 'id');
      expectFieldRefusal(() => recordHistoryOf(s, HUGE_ID), '编号', 'id');
      expect(listRecords(s, { clientId: client, text: 'EDIT' }).rows[0]!.version).toBe(r.version);
    });
  });

  it('clients, payment accounts and grants', async () => {
    await as(manager, (s) => {
      expectFieldRefusal(() => createClient(s, { name: '名'.repeat(201) }), '客户名称', 'client name');
      expectFieldRefusal(
        () => addPaymentAccount(s, { clientId: client, kind: 'bank', institution: '行'.repeat(1000) }),
        '开户机构',
        'institution',
      );
      expectFieldRefusal(() => listPaymentAccounts(s, HUGE_ID), '客户编号', 'client id');
      expectFieldRefusal(
        () => setClientGrant(s, { username: 'acc', clientId: HUGE_ID, canWrite: true }),
        '客户编号',
        'client id',
      );
      expectFieldRefusal(
        () => setClientGrant(s, { username: 'acc', clientId: client, canWrite: 'yes' as unknown as boolean }),
        '读写',
        'write',
      );
      expect(listClientGrants(s).map((g) => g.username)).toEqual(['acc']);
    });
  });

  it('audit list: a bad filter is E_INPUT naming it, not an internal error', async () => {
    await as(admin, (s) => {
      expectFieldRefusal(() => listAuditEvents(s, { since: 'yesterday' }), '开始时间', 'from');
      expectFieldRefusal(() => listAuditEvents(s, { limit: 0 }), '条数', 'limit');
      // A plain date is a day in Asia/Shanghai, as everywhere else in the app.
      expect(listAuditEvents(s, { since: shanghaiDate(0), action: 'auth.signin' }).length).toBeGreaterThan(0);
      expect(listAuditEvents(s, { until: '2001-01-01', action: 'auth.signin' })).toEqual([]);
    });
  });
});
