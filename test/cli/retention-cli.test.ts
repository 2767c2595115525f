/**
 * `ledgervault retention purge|approve` (issue 17, Builds 9 and 11) as a user runs them: a dry
 * run lists what would go and changes nothing; a purge before its period is refused naming the
 * day; the requester cannot approve; another admin or manager does, and the record is gone.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createClient } from '../../src/core/clients/clients';
import { paymentRecords } from '../../src/core/db/schema';
import { addRecord, deleteRecord } from '../../src/core/records';
import { EXIT_CODES } from '../../src/cli/output';
import type { PurgePlan } from '../../src/shared/retention/contract';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { cli, cliKeyStore } from './cli-helpers';

let vault: TestVault;
let admin: Staff;
let manager: Staff;
let mingda = 0;
let hongyuan = 0;
let oldRecord = 0;

function run(staff: Staff, args: string[]) {
  const totp = staff.recoveryCodes?.length ? ['--totp', staff.recoveryCodes.shift()!] : [];
  return cli([...args, '--vault', vault.dir, '--user', staff.username, ...totp], {
    LEDGERVAULT_PASSWORD: staff.password,
  });
}

async function stored(id: number) {
  const s = await signIn(vault, manager);
  try {
    return s.orm.select({ id: paymentRecords.id }).from(paymentRecords).where(eq(paymentRecords.id, id)).get();
  } finally {
    s.lock();
    await s.anchorsWritten();
  }
}

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
  vault = await createTestVault({ keyStore: cliKeyStore() });
  const first = await adminSession(vault);
  admin = first.admin;
  manager = await addStaff(first.session, vault, 'manager', 'rmgr');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, manager);
  const s = await signIn(vault, manager);
  mingda = createClient(s, { name: '杭州明达' }).id;
  hongyuan = createClient(s, { name: '宁波宏远' }).id;
  const add = (clientId: number, occurredAt: string) =>
    addRecord(s, { clientId, occurredAt, direction: 'in', amount: '88.00', counterparty: '对方单位' });
  const old = add(mingda, '2012-08-08');
  const young = add(hongyuan, '2025-01-02');
  for (const r of [old, young]) deleteRecord(s, r.id, r.version, '录入错误');
  oldRecord = old.id;
  s.lock();
  await s.anchorsWritten();
});
afterAll(async () => vault.cleanup());

describe('CLI: retention', () => {
  it('purge --dry-run lists the records past their period and changes nothing', async () => {
    const r = run(manager, ['retention', 'purge', '--client', String(mingda), '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as PurgePlan;
    expect(plan.eligible).toEqual([
      { id: oldRecord, date: '2012-08-08', kind: 'bankStatement', purgeableFrom: '2023-01-01' },
    ]);
    expect(plan).toMatchObject({ notYet: 0, hold: null, pendingRequest: null });
    const text = run(manager, ['retention', 'purge', '--client', String(mingda), '--dry-run']);
    expect(text.stdout).toContain('1 deleted record(s) past their retention period would be purged');
    expect(text.stdout).toContain('nothing is changed');
    expect(await stored(oldRecord)).toBeDefined();
  });

  it('a purge before the period ends is refused, naming the day', () => {
    const r = run(manager, ['retention', 'purge', '--client', String(hongyuan)]);
    expect(r.code).toBe(EXIT_CODES.E_CONFLICT);
    expect(r.stderr).toContain('the earliest can be purged from 2036-01-01');
  });

  it('the requester cannot approve; another admin does, and the record is gone', async () => {
    const made = run(manager, ['retention', 'purge', '--client', String(mingda)]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('Purge request 1 created');
    const own = run(manager, ['retention', 'approve', '--request', '1']);
    expect(own.code).toBe(EXIT_CODES.E_FORBIDDEN);
    expect(own.stderr).toContain('the person who requested it cannot approve it');
    expect(await stored(oldRecord)).toBeDefined();
    const approved = run(admin, ['retention', 'approve', '--request', '1', '--json']);
    expect(approved.stderr).toBe('');
    expect(JSON.parse(approved.stdout)).toMatchObject({ request: 1, records: 1 });
    expect(await stored(oldRecord)).toBeUndefined();
    const after = JSON.parse(run(admin, ['retention', 'list', '--json']).stdout) as { requests: { status: string }[] };
    expect(after.requests[0]).toMatchObject({ status: 'approved', purgedCount: 1 });
    const text = run(admin, ['retention', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/voucher\s+30 years\s+《会计档案管理办法》/);
    expect(text.stdout).toContain('request 1: 杭州明达 (client 1), 1 records, by rmgr: approved by admin');
  });
});
