import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq } from 'drizzle-orm';
import { authorize } from '../../src/core/access/authorize';
import { OPERATIONS, type Operation } from '../../src/core/access/permissions';
import { listClientGrants, revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { createClient, listClients } from '../../src/core/clients/clients';
import { auditEvents, paymentRecords, type Role } from '../../src/core/db/schema';
import { addRecord } from '../../src/core/records/add-record';
import { openRecordText } from '../../src/core/records/sealed-record';
import { deleteRecord, updateRecord } from '../../src/core/records/record-changes';
import { listUsers } from '../../src/core/users/users';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * The issue's matrix, written out by hand (not derived from the code under test):
 * admin: users, grants, settings, updates, audit; records only with a grant.
 * manager: all clients' records, backups, audit view, grants for accountants.
 * accountant: records of granted clients, import.  auditor: read-only granted records + audit.
 */
const ALLOWED: Record<Role, Operation[]> = {
  admin: [
    'user.list',
    'user.create',
    'user.disable',
    'user.enable',
    'user.update',
    'user.unlock',
    'user.resetPassword',
    'user.resetMfa',
    'permission.grant',
    'grant.list',
    'grant.set',
    'settings.view',
    'settings.update',
    'audit.view',
    'audit.export',
    'security.signals',
    'client.list',
    'updates.install',
    'posture.view',
    'review.start',
    'review.list',
    'review.decide',
    'incident.list',
    'people.list',
    'agreement.list',
    'partner.list',
    'risk.list',
    'internalAudit.list',
    'retention.list',
    'report.create',
    'incident.manage',
    'people.manage',
    'agreement.manage',
    'partner.manage',
    'risk.manage',
    'internalAudit.manage',
    'retention.manage',
    'retention.purgeRequest',
    'retention.purgeApprove',
    // with a grant for the client:
    'records.list',
    'records.search',
    'records.history',
    'records.export',
  ],
  manager: [
    'audit.view',
    'audit.export',
    'security.signals',
    'client.create',
    'client.update',
    'client.archive',
    'client.list',
    'records.list',
    'records.search',
    'records.history',
    'records.export',
    'records.create',
    'records.update',
    'records.delete',
    'records.import',
    'records.reveal',
    'backup.export',
    'backup.restore',
    'posture.view',
    'review.list',
    'review.decide',
    'incident.list',
    'people.list',
    'agreement.list',
    'partner.list',
    'risk.list',
    'internalAudit.list',
    'retention.list',
    'report.create',
    'incident.manage',
    'people.manage',
    'agreement.manage',
    'partner.manage',
    'risk.manage',
    'internalAudit.manage',
    'retention.manage',
    'retention.purgeRequest',
    'retention.purgeApprove',
  ],
  accountant: [
    'client.list',
    'records.list',
    'records.search',
    'records.history',
    'records.export',
    'records.create',
    'records.update',
    'records.delete',
    'records.import',
  ],
  auditor: [
    'audit.view',
    'audit.export',
    'security.signals',
    'client.list',
    'records.list',
    'records.search',
    'records.history',
    // Auditors read the compliance posture and registers (issue 17), and keep none of them.
    'posture.view',
    'review.list',
    'incident.list',
    'people.list',
    'agreement.list',
    'partner.list',
    'risk.list',
    'internalAudit.list',
    'retention.list',
    'report.create',
  ],
};

/** What a read-only grant does not allow (written out, not taken from WRITE_OPERATIONS). */
const WRITES: Operation[] = ['records.create', 'records.update', 'records.delete', 'records.import'];

let vault: TestVault;
const staff: Partial<Record<Role, Staff>> = {};
let grantedClient = 0;
let otherClient = 0;

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin, admin: adminStaff } = await adminSession(vault);
  staff.admin = adminStaff;
  for (const role of ['manager', 'accountant', 'auditor'] as const)
    staff[role] = await addStaff(admin, vault, role, `${role}1`);
  admin.lock();
  await activate(vault, staff.manager!);
  const manager = await signIn(vault, staff.manager!);
  grantedClient = createClient(manager, { name: '甲贸易有限公司' }).id;
  otherClient = createClient(manager, { name: '乙科技有限公司' }).id;
  setClientGrant(manager, { username: 'accountant1', clientId: grantedClient, canWrite: true });
  manager.lock();
  const admin2 = await signIn(vault, staff.admin);
  setClientGrant(admin2, { username: 'auditor1', clientId: grantedClient, canWrite: false });
  setClientGrant(admin2, { username: staff.admin.username, clientId: grantedClient, canWrite: false });
  admin2.lock();
  await activate(vault, staff.accountant!);
  await activate(vault, staff.auditor!);
});

afterEach(() => undefined);

function deniedCount(session: VaultSession): number {
  return session.orm.select({ n: count() }).from(auditEvents).where(eq(auditEvents.outcome, 'denied')).get()!.n;
}

function attempt(session: VaultSession, op: Operation, clientId: number | null): 'allowed' | 'E_FORBIDDEN' {
  try {
    authorize(session, op, clientId);
    return 'allowed';
  } catch (err) {
    return (err as { code: string }).code as 'E_FORBIDDEN';
  }
}

describe('permission matrix', () => {
  for (const role of ['admin', 'manager', 'accountant', 'auditor'] as const) {
    it(`${role}: every operation is allowed or E_FORBIDDEN as the matrix says, and every denial is audited`, async () => {
      const session = await signIn(vault, staff[role]!);
      expect(session.restriction).toBeNull();
      try {
        for (const op of Object.keys(OPERATIONS) as Operation[]) {
          const client = OPERATIONS[op].client ? grantedClient : null;
          const before = deniedCount(session);
          const outcome = attempt(session, op, client);
          const expected = ALLOWED[role].includes(op) ? 'allowed' : 'E_FORBIDDEN';
          // Writes need a write grant: the auditor's and the admin's grants are read-only.
          const readOnly = (role === 'auditor' || role === 'admin') && WRITES.includes(op);
          expect(`${op}: ${outcome}`).toBe(`${op}: ${readOnly ? 'E_FORBIDDEN' : expected}`);
          expect(deniedCount(session) - before, `${op} denial audited`).toBe(outcome === 'allowed' ? 0 : 1);
        }
      } finally {
        session.lock();
      }
    });
  }

  it('an accountant without a grant for a client cannot list, search or export it, and is audited', async () => {
    const session = await signIn(vault, staff.accountant!);
    try {
      for (const op of ['records.list', 'records.search', 'records.export', 'records.import'] as const) {
        expect(attempt(session, op, otherClient)).toBe('E_FORBIDDEN');
        expect(attempt(session, op, grantedClient)).toBe('allowed');
      }
      const denials = session.orm
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.outcome, 'denied'), eq(auditEvents.clientId, otherClient)))
        .all();
      expect(denials.map((d) => d.action)).toEqual(
        expect.arrayContaining(['records.list', 'records.search', 'records.export', 'records.import']),
      );
      expect(listClients(session).map((c) => c.id)).toEqual([grantedClient]);
      expect(() => listUsers(session)).toThrow(/E_FORBIDDEN/);
    } finally {
      session.lock();
    }
  });

  it('a manager sees every client; a manager may grant accountants but not an auditor', async () => {
    const session = await signIn(vault, staff.manager!);
    try {
      expect(
        listClients(session)
          .map((c) => c.id)
          .sort(),
      ).toEqual([grantedClient, otherClient].sort());
      expect(() => setClientGrant(session, { username: 'auditor1', clientId: otherClient, canWrite: false })).toThrow(
        /E_FORBIDDEN/,
      );
      setClientGrant(session, { username: 'accountant1', clientId: otherClient, canWrite: false });
    } finally {
      session.lock();
    }
  });

  it('the hand-written matrix names only operations the core has, including update, delete and history', () => {
    const named = new Set(Object.values(ALLOWED).flat());
    for (const op of named) expect(Object.keys(OPERATIONS), op).toContain(op);
  });
});

function lastEvent(session: VaultSession, action: string) {
  return session.orm
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.seq))
    .get();
}

function refusal(fn: () => unknown): { code: string; zh: string } {
  try {
    fn();
  } catch (err) {
    const e = err as { code: string; localized(l: string): string };
    return { code: e.code, zh: e.localized('zh-CN') };
  }
  throw new Error('expected a refusal, but it succeeded');
}

describe('record changes have their own operations', () => {
  it('a read-only grant can neither change nor delete a record; a write grant can', async () => {
    const manager = await signIn(vault, staff.manager!);
    const record = addRecord(manager, {
      clientId: otherClient,
      occurredAt: '2024-05-01',
      direction: 'out',
      amount: '88.00',
      counterparty: '丙公司',
    });
    setClientGrant(manager, { username: 'accountant1', clientId: otherClient, canWrite: false });
    manager.lock();
    const accountant = await signIn(vault, staff.accountant!);
    try {
      expect(refusal(() => updateRecord(accountant, record.id, record.version, { memo: '改' })).code).toBe(
        'E_FORBIDDEN',
      );
      expect(refusal(() => deleteRecord(accountant, record.id, record.version, '删除试试')).code).toBe('E_FORBIDDEN');
      for (const action of ['records.update', 'records.delete']) {
        const event = lastEvent(accountant, action)!;
        expect(event).toMatchObject({ outcome: 'denied', clientId: otherClient });
        expect(JSON.parse(event.details).reason).toBe('read_only_grant');
      }
    } finally {
      accountant.lock();
    }
    // Roles without the write permission are refused for the role, before the record is looked up.
    for (const role of ['auditor', 'admin'] as const) {
      const s = await signIn(vault, staff[role]!);
      try {
        expect(refusal(() => updateRecord(s, record.id, record.version, { memo: '改' })).code).toBe('E_FORBIDDEN');
        expect(refusal(() => deleteRecord(s, record.id, record.version, '删除试试')).code).toBe('E_FORBIDDEN');
        for (const action of ['records.update', 'records.delete'])
          expect(JSON.parse(lastEvent(s, action)!.details).reason).toBe('role');
      } finally {
        s.lock();
      }
    }
    const manager2 = await signIn(vault, staff.manager!);
    setClientGrant(manager2, { username: 'accountant1', clientId: otherClient, canWrite: true });
    manager2.lock();
    const writer = await signIn(vault, staff.accountant!);
    try {
      const v2 = updateRecord(writer, record.id, record.version, { memo: '改' });
      expect(lastEvent(writer, 'records.update')).toMatchObject({ outcome: 'ok', targetId: String(record.id) });
      deleteRecord(writer, record.id, v2, '录错客户');
      expect(lastEvent(writer, 'records.delete')).toMatchObject({ outcome: 'ok', targetId: String(record.id) });
      const row = writer.orm.select().from(paymentRecords).where(eq(paymentRecords.id, record.id)).get()!;
      // The memo is sealed under the client's key: opened through the core.
      expect({ ...row, ...openRecordText(writer, row) }).toMatchObject({ memo: '改', deletedReason: '录错客户' });
    } finally {
      writer.lock();
    }
  });
});

describe('listings and lookups', () => {
  it('listing clients, users and grants is an audited event', async () => {
    const admin = await signIn(vault, staff.admin!);
    try {
      const clients = listClients(admin);
      expect(lastEvent(admin, 'client.list')).toMatchObject({ outcome: 'ok' });
      expect(JSON.parse(lastEvent(admin, 'client.list')!.details)).toMatchObject({ rows: clients.length });
      const users = listUsers(admin);
      expect(JSON.parse(lastEvent(admin, 'user.list')!.details)).toMatchObject({ rows: users.length });
      const grants = listClientGrants(admin);
      expect(JSON.parse(lastEvent(admin, 'grant.list')!.details)).toMatchObject({ rows: grants.length });
    } finally {
      admin.lock();
    }
    const manager = await signIn(vault, staff.manager!);
    try {
      const before = lastEvent(manager, 'grant.list')!.seq;
      listClientGrants(manager);
      expect(lastEvent(manager, 'grant.list')!.seq).toBeGreaterThan(before);
    } finally {
      manager.lock();
    }
  });

  it('grant refusals do not tell which user names exist', async () => {
    const accountant = await signIn(vault, staff.accountant!);
    try {
      for (const fn of [
        (username: string) => setClientGrant(accountant, { username, clientId: grantedClient, canWrite: true }),
        (username: string) => revokeClientGrant(accountant, { username, clientId: grantedClient }),
      ]) {
        const ghost = refusal(() => fn('ghost'));
        expect(ghost.code).toBe('E_FORBIDDEN');
        expect(refusal(() => fn('auditor1'))).toEqual(ghost);
      }
    } finally {
      accountant.lock();
    }
    // A manager grants accountants only: no such user and a user who is not an accountant look the same.
    const manager = await signIn(vault, staff.manager!);
    try {
      const shape = () => {
        const e = lastEvent(manager, 'grant.set')!;
        return {
          outcome: e.outcome,
          targetType: e.targetType,
          clientId: e.clientId,
          keys: Object.keys(JSON.parse(e.details)),
        };
      };
      const ghost = refusal(() =>
        setClientGrant(manager, { username: 'ghost', clientId: otherClient, canWrite: false }),
      );
      const ghostEvent = shape();
      expect(ghost.code).toBe('E_FORBIDDEN');
      for (const username of ['auditor1', staff.admin!.username]) {
        expect(refusal(() => setClientGrant(manager, { username, clientId: otherClient, canWrite: false }))).toEqual(
          ghost,
        );
        expect(shape()).toEqual(ghostEvent);
      }
      expect(ghostEvent.outcome).toBe('denied');
    } finally {
      manager.lock();
    }
  });
});
