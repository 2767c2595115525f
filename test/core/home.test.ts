import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { listAuditEvents } from '../../src/core/audit/audit-log';
import { createClient } from '../../src/core/clients/clients';
import { homeSummary } from '../../src/core/home/index';
import { addRecord } from '../../src/core/records/add-record';
import { exportRecords } from '../../src/core/records/export-records';
import { revealRecord } from '../../src/core/records/index';
import { listRecords } from '../../src/core/records/query-records';
import { updateSettings } from '../../src/core/settings/settings';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/** The home screen's clock: 20 March 2024, 10:00 Beijing time. */
const NOW = new Date('2024-03-20T10:00:00+08:00');
const AT = NOW.getTime();

let vault: TestVault;
let adminStaff: Staff;
let manager: Staff;
let accountant: Staff;
let mingda = 0;
let hongyuan = 0;
let quiet = 0;
let empty = 0;

function record(clientId: number, occurredAt: string, direction: 'in' | 'out', amount: string, counterparty: string) {
  return { clientId, occurredAt, direction, amount, counterparty, counterpartyAccount: '6222020200112233445' };
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin, admin: a } = await adminSession(vault);
  adminStaff = a;
  updateSettings(admin, { lockoutThreshold: 3, recordDateFloor: '2020-01-01' });
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  await addStaff(admin, vault, 'accountant', 'li');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  const m = await signIn(vault, manager);
  mingda = createClient(m, { name: '杭州明达' }).id;
  hongyuan = createClient(m, { name: '宁波宏远' }).id;
  quiet = createClient(m, { name: '安吉竹艺' }).id;
  empty = createClient(m, { name: '温州新开' }).id;
  setClientGrant(m, { username: 'chen', clientId: mingda, canWrite: true });
  // The ungranted client's March records are the ones she must never see counted.
  addRecord(m, record(hongyuan, '2024-03-06', 'in', '9999.00', '别人的客户'), { now: AT });
  addRecord(m, record(quiet, '2024-02-01', 'out', '10.00', '电费'), { now: AT });
  m.lock();
  const c = await signIn(vault, accountant);
  addRecord(c, record(mingda, '2024-03-05', 'in', '1000.00', '客户甲'), { now: AT });
  addRecord(c, record(mingda, '2024-03-10 14:30', 'out', '250.50', '供应商乙'), { now: AT });
  // Last month: counted in neither this month's figures.
  addRecord(c, record(mingda, '2024-02-28', 'out', '80.00', '房租'), { now: AT });
  c.lock();
});

afterAll(async () => {
  await vault.cleanup();
});

describe('home screen by role', () => {
  it('an accountant sees her granted clients with this month’s figures and her recent work, nothing else', async () => {
    const c = await signIn(vault, accountant);
    const home = homeSummary(c, NOW);
    expect(home.month).toBe('2024-03');
    expect(home.clients).toEqual([{ id: mingda, name: '杭州明达', count: 2, inMinor: 100_000, outMinor: 25_050 }]);
    expect(JSON.stringify(home)).not.toContain('宁波宏远');
    expect(home.recent!.map((r) => r.counterparty)).toEqual(['房租', '供应商乙', '客户甲']);
    expect(home.recent!.every((r) => r.kind === 'created' && r.clientName === '杭州明达')).toBe(true);
    expect(home.idle).toBeUndefined();
    expect(home.alerts).toBeUndefined();
    c.lock();
  });

  it('a manager sees idle clients and the last 30 days’ reveals and exports with their reasons', async () => {
    const m = await signIn(vault, manager);
    revealRecord(m, 1, '核对银行对账单');
    await exportRecords(m, { clientId: mingda }, { format: 'csv', save: async () => ({ path: '/tmp/x.csv' }) });
    const home = homeSummary(m, NOW);
    expect(home.idle!.days).toBe(30);
    expect(home.idle!.clients.map((x) => x.name).sort()).toEqual(['安吉竹艺', '温州新开'].sort());
    expect(home.idle!.clients.find((x) => x.id === empty)!.lastRecordAt).toBeNull();
    const reveal = home.disclosures!.find((d) => d.action === 'records.reveal')!;
    expect(reveal).toMatchObject({ actor: 'manager1', clientName: '宁波宏远', reason: '核对银行对账单' });
    expect(home.disclosures!.find((d) => d.action === 'records.export')).toMatchObject({ clientName: '杭州明达' });
    expect(home.clients).toBeUndefined();
    m.lock();
  });

  it('an admin sees abnormal sign-ins including a lockout, locked accounts and MFA coverage by role', async () => {
    for (const wrong of ['Wrong-Pass-111', 'Wrong-Pass-222', 'Wrong-Pass-333'])
      await expect(signIn(vault, { username: 'li', password: wrong, totpSecret: null })).rejects.toThrow();
    const { session: a } = await adminSession(vault, adminStaff);
    const home = homeSummary(a);
    expect(home.alerts!.some((x) => x.kind === 'lockout' && x.username === 'li')).toBe(true);
    expect(home.locked!.map((l) => l.username)).toEqual(['li']);
    expect(home.mfa).toEqual([
      { role: 'admin', required: true, enrolled: 1, total: 1 },
      { role: 'manager', required: true, enrolled: 1, total: 1 },
      { role: 'accountant', required: false, enrolled: 0, total: 2 },
      { role: 'auditor', required: false, enrolled: 0, total: 0 },
    ]);
    a.lock();
  });

  it('coming back to the home screen again and again is one home.view event with a count', async () => {
    const c = await signIn(vault, accountant);
    for (let i = 0; i < 4; i += 1) homeSummary(c, NOW);
    listRecords(c, { clientId: mingda });
    c.lock();
    const m = await signIn(vault, manager);
    homeSummary(m, NOW);
    const views = listAuditEvents(m, { action: 'home.view' }).filter((e) => e.actor === 'chen');
    // One from the first test, one from this session, whose repeats are one count.
    expect(views).toHaveLength(2);
    const repeated = listAuditEvents(m, { action: 'audit.repeated' }).filter((e) => e.actor === 'chen');
    expect(repeated.map((e) => [e.details.repeatedAction, e.details.count])).toEqual([['home.view', 4]]);
    m.lock();
  });
});
