import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { authorize } from '../../src/core/access/authorize';
import { OPERATIONS, type Operation } from '../../src/core/access/permissions';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient, listClients } from '../../src/core/clients/clients';
import { auditEvents, type Role } from '../../src/core/db/schema';
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
    // with a grant for the client:
    'records.list',
    'records.search',
    'records.export',
  ],
  manager: [
    'audit.view',
    'audit.export',
    'security.signals',
    'client.create',
    'client.list',
    'records.list',
    'records.search',
    'records.export',
    'records.create',
    'records.import',
    'records.reveal',
    'backup.export',
    'backup.restore',
  ],
  accountant: ['client.list', 'records.list', 'records.search', 'records.export', 'records.create', 'records.import'],
  auditor: ['audit.view', 'audit.export', 'security.signals', 'client.list', 'records.list', 'records.search'],
};

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
          const readOnly =
            (role === 'auditor' || role === 'admin') && (op === 'records.create' || op === 'records.import');
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
});
