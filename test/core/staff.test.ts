import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { listGrantableStaff } from '../../src/core/access/grants';
import { beginMfaEnrolment, confirmMfaEnrolment, pendingMfaEnrolment } from '../../src/core/auth/mfa';
import { createClient, listClients, setClientArchived, updateClient } from '../../src/core/clients/clients';
import { auditEvents, users } from '../../src/core/db/schema';
import { addRecord } from '../../src/core/records/add-record';
import { batchMoveRecords } from '../../src/core/records/batch';
import { updateRecord } from '../../src/core/records/record-changes';
import { enableUser, updateUser } from '../../src/core/users/staff';
import { disableUser, grantPermission, listUsers } from '../../src/core/users/users';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, codeFor, nextSignInTime, signIn, type Staff } from '../helpers/staff';

/** Staff and client upkeep: issue 10 item 8, in the core (authorized and audited there). */

let vault: TestVault;
let admin: Staff;
let manager: Staff;
let accountant: Staff;
let auditor: Staff;

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  manager = await addStaff(first.session, vault, 'manager', 'manager1');
  accountant = await addStaff(first.session, vault, 'accountant', 'accountant1');
  auditor = await addStaff(first.session, vault, 'auditor', 'auditor1');
  await addStaff(first.session, vault, 'admin', 'admin2');
  first.session.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await activate(vault, auditor);
});

function lastEvent(session: VaultSession, action: string) {
  return session.orm
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.seq))
    .get();
}

function failure(fn: () => unknown): { code?: string; messageKey?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; messageKey?: string };
  }
  throw new Error('expected a refusal');
}

async function failureAsync(fn: () => Promise<unknown>): Promise<{ code?: string; messageKey?: string }> {
  try {
    await fn();
  } catch (err) {
    return err as { code: string; messageKey?: string };
  }
  throw new Error('expected a refusal');
}

async function as<T>(who: Staff, run: (session: VaultSession) => T | Promise<T>): Promise<T> {
  const session = await signIn(vault, who);
  try {
    return await run(session);
  } finally {
    session.lock();
  }
}

describe('grantable staff for the grant screens', () => {
  it('a manager lists accountants (name, user name, role only); an admin also auditors; an accountant is refused', async () => {
    const forManager = await as(manager, (s) => {
      const list = listGrantableStaff(s);
      expect(lastEvent(s, 'grant.staff')).toMatchObject({ outcome: 'ok' });
      return list;
    });
    expect(forManager).toEqual([{ username: 'accountant1', displayName: 'accountant1', role: 'accountant' }]);
    const forAdmin = await as(admin, (s) => listGrantableStaff(s));
    expect(forAdmin.map((u) => u.username).sort()).toEqual(['accountant1', 'auditor1']);
    expect(Object.keys(forAdmin[0]!).sort()).toEqual(['displayName', 'role', 'username']);
    const refused = await as(accountant, (s) => failure(() => listGrantableStaff(s)));
    expect(refused.code).toBe('E_FORBIDDEN');
  });
});

describe('role and display name', () => {
  it('an admin renames and changes the role of another user, audited with before and after', async () => {
    await as(admin, (s) => {
      updateUser(s, { username: 'auditor1', displayName: '审计 王芳', role: 'accountant' });
      const row = s.orm.select().from(users).where(eq(users.username, 'auditor1')).get()!;
      expect(row).toMatchObject({ displayName: '审计 王芳', role: 'accountant' });
      const event = lastEvent(s, 'user.update')!;
      expect(JSON.parse(event.details)).toEqual({
        username: 'auditor1',
        before: { displayName: 'auditor1', role: 'auditor' },
        after: { displayName: '审计 王芳', role: 'accountant' },
      });
      updateUser(s, { username: 'auditor1', role: 'auditor' });
    });
  });

  it('a manager cannot edit roles (refused and audited)', async () => {
    await as(manager, (s) => {
      expect(failure(() => updateUser(s, { username: 'accountant1', role: 'manager' })).code).toBe('E_FORBIDDEN');
      expect(lastEvent(s, 'user.update')).toMatchObject({ outcome: 'denied' });
    });
    await as(admin, (s) =>
      expect(s.orm.select().from(users).where(eq(users.username, 'accountant1')).get()!.role).toBe('accountant'),
    );
  });

  it('an admin cannot change their own role, nor demote the last active admin', async () => {
    await as(admin, (s) => {
      expect(failure(() => updateUser(s, { username: admin.username, role: 'manager' })).messageKey).toBe(
        'user.selfRole',
      );
      // Renaming oneself is fine.
      updateUser(s, { username: admin.username, displayName: '管理员 张' });
      // admin2 never signed in but is active: demoting it leaves `admin`, so it is allowed once.
      updateUser(s, { username: 'admin2', role: 'manager' });
      updateUser(s, { username: 'admin2', role: 'admin' });
      disableUser(s, 'admin2');
    });
    // Now `admin` is the only active admin: its role stays, and the vault keeps an admin.
    await as(admin, (s) => {
      const left = s.orm.select().from(users).where(eq(users.role, 'admin')).all();
      expect(left.filter((u) => u.status === 'active').map((u) => u.username)).toEqual([admin.username]);
      expect(failure(() => updateUser(s, { username: admin.username, role: 'accountant' }))).toMatchObject({
        code: 'E_INPUT',
      });
      expect(s.orm.select().from(users).where(eq(users.username, admin.username)).get()!.role).toBe('admin');
      const row = s.orm.select().from(users).where(eq(users.username, 'admin2')).get()!;
      // A disabled admin's role may change (it is not the one keeping the vault reachable).
      updateUser(s, { username: 'admin2', role: 'accountant' });
      expect(s.orm.select().from(users).where(eq(users.id, row.id)).get()!.role).toBe('accountant');
    });
  });
});

describe('re-enabling a disabled account', () => {
  it('needs an acceptable temporary password, then the user must change it at first sign-in', async () => {
    await as(admin, (s) => disableUser(s, 'accountant1'));
    await expect(signIn(vault, accountant)).rejects.toMatchObject({ code: 'E_AUTH' });
    await as(admin, async (s) => {
      const missing = await failureAsync(() =>
        enableUser(s, { username: 'accountant1' } as unknown as Parameters<typeof enableUser>[1]),
      );
      expect(missing.code).toBe('E_INPUT');
      const weak = await failureAsync(() => enableUser(s, { username: 'accountant1', temporaryPassword: 'short1' }));
      expect(weak.code).toBe('E_INPUT');
      expect(listUsers(s).find((u) => u.username === 'accountant1')!.status).toBe('disabled');
      await enableUser(s, { username: 'accountant1', temporaryPassword: 'Fresh-Temp-2026-x' });
      expect(lastEvent(s, 'user.enable')).toMatchObject({ outcome: 'ok' });
      const again = await failureAsync(() =>
        enableUser(s, { username: 'accountant1', temporaryPassword: 'Fresh-Temp-2026-y' }),
      );
      expect(again.messageKey).toBe('user.notDisabled');
    });
    accountant.password = 'Fresh-Temp-2026-x';
    const back = await signIn(vault, accountant);
    expect(back.restriction).toBe('password-change');
    back.lock();
    await activate(vault, accountant);
  });

  it('a manager cannot re-enable accounts', async () => {
    const refused = await as(manager, (s) =>
      failureAsync(() => enableUser(s, { username: 'auditor1', temporaryPassword: 'Fresh-Temp-2026-z' })),
    );
    expect(refused.code).toBe('E_FORBIDDEN');
  });
});

describe('clients: edit, archive, restore', () => {
  it('a manager corrects name and code (checked), archives (refused for new records, hidden by default) and restores', async () => {
    await as(manager, (s) => {
      const c = createClient(s, { name: '杭州明达' });
      expect(
        failure(() => updateClient(s, { clientId: c.id, name: '杭州明达', uscc: '91350100M000100Y44' })),
      ).toMatchObject({
        code: 'E_INPUT',
        messageKey: 'uscc.check',
      });
      const edited = updateClient(s, { clientId: c.id, name: '杭州明达贸易有限公司', uscc: '91350100M000100Y43' });
      expect(edited).toMatchObject({ name: '杭州明达贸易有限公司', uscc: '91350100M000100Y43' });
      // Which fields changed, not their values: names and codes stay out of the log (security model v2).
      expect(JSON.parse(lastEvent(s, 'client.update')!.details)).toEqual({ fields: ['name', 'uscc'] });
      const record = {
        clientId: c.id,
        occurredAt: '2024-05-01',
        direction: 'out',
        amount: '10.00',
        counterparty: '甲',
      };
      addRecord(s, record as Parameters<typeof addRecord>[1]);
      setClientArchived(s, { clientId: c.id, archived: true });
      expect(lastEvent(s, 'client.archive')).toMatchObject({ outcome: 'ok', clientId: c.id });
      expect(listClients(s).some((x) => x.id === c.id)).toBe(false);
      expect(listClients(s, { includeArchived: true }).find((x) => x.id === c.id)?.status).toBe('archived');
      expect(
        failure(() => addRecord(s, { ...record, amount: '11.00' } as Parameters<typeof addRecord>[1])),
      ).toMatchObject({ code: 'E_INPUT', messageKey: 'client.archived' });
      // Nothing moves into an archived client either: neither one record's edit nor a batch move.
      const other = createClient(s, { name: '另一家公司' });
      const elsewhere = addRecord(s, { ...record, clientId: other.id } as Parameters<typeof addRecord>[1]);
      expect(failure(() => updateRecord(s, elsewhere.id, elsewhere.version, { clientId: c.id }))).toMatchObject({
        code: 'E_INPUT',
        messageKey: 'client.archived',
      });
      expect(
        failure(() =>
          batchMoveRecords(s, { items: [{ id: elsewhere.id, version: elsewhere.version }], toClientId: c.id }),
        ),
      ).toMatchObject({ code: 'E_INPUT', messageKey: 'client.archived' });
      setClientArchived(s, { clientId: c.id, archived: false });
      expect(lastEvent(s, 'client.restore')).toMatchObject({ outcome: 'ok' });
      expect(listClients(s).some((x) => x.id === c.id)).toBe(true);
      addRecord(s, { ...record, amount: '12.00' } as Parameters<typeof addRecord>[1]);
    });
  });

  it('accountants and admins cannot edit or archive clients', async () => {
    for (const who of [accountant, admin]) {
      await as(who, (s) => {
        expect(failure(() => updateClient(s, { clientId: 1, name: 'x' })).code).toBe('E_FORBIDDEN');
        expect(failure(() => setClientArchived(s, { clientId: 1, archived: true })).code).toBe('E_FORBIDDEN');
      });
    }
  });
});

describe('the reveal permission', () => {
  it('granting 查看完整账号 is audited in the core, whoever asks', async () => {
    await as(admin, (s) => {
      grantPermission(s, 'accountant1', 'records.reveal', true);
      expect(lastEvent(s, 'permission.grant')).toMatchObject({ outcome: 'ok' });
      grantPermission(s, 'accountant1', 'records.reveal', false);
      expect(lastEvent(s, 'permission.revoke')).toMatchObject({ outcome: 'ok' });
    });
  });
});

describe('MFA enrolment across a reload', () => {
  it('the pending enrolment is shown again with the same secret, without recovery codes; none when nothing waits', async () => {
    await as(auditor, async (s) => {
      expect(await pendingMfaEnrolment(s)).toBeNull();
      const begun = await beginMfaEnrolment(s);
      const again = await pendingMfaEnrolment(s);
      expect(again).toMatchObject({ secret: begun.secret, otpauthUrl: begun.otpauthUrl, recoveryCodes: [] });
      expect(again!.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(lastEvent(s, 'mfa.enrol.resume')).toMatchObject({ outcome: 'ok' });
      const at = nextSignInTime();
      confirmMfaEnrolment(s, codeFor(begun.secret, at), at);
      expect(await pendingMfaEnrolment(s)).toBeNull();
      auditor.totpSecret = begun.secret;
    });
  });
});
