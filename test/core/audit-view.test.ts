import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { auditClients, listAuditEvents, verifyAudit } from '../../src/core/audit/audit-log';
import { createClient } from '../../src/core/clients/clients';
import { addRecord } from '../../src/core/records/add-record';
import { listRecords } from '../../src/core/records/query-records';
import { revealRecord } from '../../src/core/records/index';
import type { VaultSession } from '../../src/core/index';
import { detailFields } from '../../src/shared/audit/detail-labels';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let manager: Staff;
let auditor: Staff;
let adminStaff: Staff;
let mingda = 0;
let hongyuan = 0;

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin, admin: staffAdmin } = await adminSession(vault);
  adminStaff = staffAdmin;
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  auditor = await addStaff(admin, vault, 'auditor', 'auditor1');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, auditor);
  const m = await signIn(vault, manager);
  mingda = createClient(m, { name: '杭州明达' }).id;
  hongyuan = createClient(m, { name: '宁波宏远' }).id;
  addRecord(m, {
    clientId: mingda,
    occurredAt: '2024-03-05',
    direction: 'out',
    amount: '120.00',
    counterparty: '供应商甲',
    counterpartyAccount: '6222020200112233445',
  });
  m.lock();
  const { session: admin2 } = await adminSession(vault, adminStaff);
  setClientGrant(admin2, { username: 'auditor1', clientId: mingda, canWrite: false });
  admin2.lock();
});

afterAll(async () => {
  await vault.cleanup();
});

/** The events written since `after`, oldest first, read as the manager sees them. */
function since(session: VaultSession, after: number) {
  return listAuditEvents(session, { order: 'asc' }).filter((e) => e.seq > after);
}

function head(session: VaultSession): number {
  return listAuditEvents(session, { order: 'desc', limit: 1 })[0]!.seq;
}

describe('viewing the log does not flood it', () => {
  it('writes ten identical lists as one event and their count with the next action', async () => {
    const s = await signIn(vault, manager);
    const start = head(s);
    for (let i = 0; i < 10; i += 1) listRecords(s, { clientId: mingda });
    // Not yet written: the repeats are counted until something else happens.
    listRecords(s, { clientId: hongyuan });
    const events = since(s, start).filter((e) => e.action !== 'audit.view');
    const lists = events.filter((e) => e.action === 'records.list');
    expect(lists.map((e) => e.clientId)).toEqual([mingda, hongyuan]);
    const repeated = events.filter((e) => e.action === 'audit.repeated');
    expect(repeated).toHaveLength(1);
    expect(repeated[0]!.details).toMatchObject({ repeatedAction: 'records.list', count: 10, firstSeq: lists[0]!.seq });
    expect(repeated[0]!.clientName).toBe('杭州明达');
    // The count sits right before the next different event, in that event's transaction.
    expect(repeated[0]!.seq).toBe(lists[1]!.seq - 1);
    expect(verifyAudit(s).ok).toBe(true);
    s.lock();
  });

  it('a different filter is a new event, and a single list leaves no count', async () => {
    const s = await signIn(vault, manager);
    const start = head(s);
    listRecords(s, { clientId: mingda });
    listRecords(s, { clientId: mingda, direction: 'out' });
    listRecords(s, { clientId: mingda, text: '供应商' });
    listRecords(s, { clientId: mingda, text: '供应商' });
    revealRecord(s, 1, '核对银行对账单');
    const events = since(s, start).filter((e) => e.action !== 'audit.view');
    expect(events.map((e) => e.action)).toEqual([
      'records.list',
      'records.list',
      'records.search',
      'audit.repeated',
      'records.reveal',
    ]);
    expect(events[3]!.details).toMatchObject({ repeatedAction: 'records.search', count: 2 });
    expect(verifyAudit(s).ok).toBe(true);
    s.lock();
  });

  it('paging through the viewer with the same filter writes one audit.view', async () => {
    const s = await signIn(vault, manager);
    const start = head(s);
    for (let i = 0; i < 5; i += 1) listAuditEvents(s, { action: 'records.reveal', order: 'desc' });
    listAuditEvents(s, { action: 'records.list', order: 'desc' });
    const views = listAuditEvents(s, { action: 'audit.view', order: 'asc' }).filter((e) => e.seq > start);
    // `head` itself, then the reveal filter once, the records.list filter, then this query (not yet seen).
    expect(views.map((e) => (e.details.filter as { action?: string }).action ?? null)).toEqual([
      null,
      'records.reveal',
      'records.list',
    ]);
    const repeated = listAuditEvents(s, { action: 'audit.repeated', order: 'asc' }).filter((e) => e.seq > start);
    expect(repeated.map((e) => e.details.count)).toEqual([5]);
    s.lock();
  });
});

describe('client names in the log', () => {
  it('names each event’s client, from the clients the viewer may see', async () => {
    const m = await signIn(vault, manager);
    const byManager = listAuditEvents(m, { clientId: mingda, action: 'records.create' });
    expect(byManager[0]!.clientName).toBe('杭州明达');
    expect(auditClients(m).map((c) => c.name)).toEqual(['杭州明达', '宁波宏远']);
    m.lock();
    // The auditor is granted 杭州明达 only: 宁波宏远's events stay unnamed for her.
    const a = await signIn(vault, auditor);
    const events = listAuditEvents(a, { order: 'asc' }).filter((e) => e.clientId !== null);
    expect(events.find((e) => e.clientId === mingda)!.clientName).toBe('杭州明达');
    expect(events.find((e) => e.clientId === hongyuan)!.clientName).toBeNull();
    expect(auditClients(a).map((c) => c.name)).toEqual(['杭州明达']);
    a.lock();
  });
});

describe('details as labelled fields', () => {
  it('labels a reveal’s reason and rows in Chinese and English, by action', () => {
    const details = { reason: '核对银行对账单', field: 'counterpartyAccount', rows: 3 };
    expect(detailFields('records.reveal', details, 'zh-CN')).toEqual([
      { key: 'reason', label: '原因', value: '核对银行对账单' },
      { key: 'field', label: '字段', value: '对方账号' },
      { key: 'rows', label: '查看的记录数', value: '3' },
    ]);
    expect(detailFields('records.export', { rows: 3 }, 'en')).toEqual([
      { key: 'rows', label: 'Records exported', value: '3' },
    ]);
    // A refused line of vault.pending says which line and why, in words.
    expect(detailFields('audit.pending_tampered', { line: 4, why: 'in-the-future' }, 'zh-CN')).toEqual([
      { key: 'line', label: 'vault.pending 中的行号', value: '4' },
      { key: 'why', label: '拒收原因', value: '记录时间晚于现在' },
    ]);
    expect(detailFields('audit.pending_tampered', { why: 'not-a-sign-in-event' }, 'en')[0]!.value).toMatch(
      /only failed sign-ins and lockouts/,
    );
  });

  it('shows a filter as labelled pairs, and an unknown key as it was recorded', () => {
    const fields = detailFields(
      'audit.view',
      { filter: { actor: 'chen', clientId: 2 }, rows: 0, brandNew: { a: 1 } },
      'zh-CN',
    );
    expect(fields[0]).toEqual({ key: 'filter', label: '查询条件', value: '操作人：chen；客户编号：2' });
    expect(fields[1]).toEqual({ key: 'rows', label: '显示的事件数', value: '0' });
    expect(fields[2]).toEqual({ key: 'brandNew', label: null, value: 'a：1' });
  });
});

describe('a count of repeats names the action', () => {
  it('shows the repeated action by its name with its code', () => {
    const name = (code: string) => (code === 'records.list' ? '查看支付记录' : code);
    const fields = detailFields('audit.repeated', { repeatedAction: 'records.list', count: 10 }, 'zh-CN', name);
    expect(fields).toEqual([
      { key: 'repeatedAction', label: '重复的操作', value: '查看支付记录（records.list）' },
      { key: 'count', label: '次数', value: '10' },
    ]);
  });
});
