/**
 * What happens after a commit (the keys-file mirror, keyslot promotion, lockout settings,
 * counter resets) never turns a saved change into a reported failure, and what a failure there
 * leaves behind is finished by the next write or the next sign-in.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { AppService, ARGON2_FLOOR } from '../../src/core/index';
import { createClient } from '../../src/core/clients/clients';
import { addRecord } from '../../src/core/records';
import { updateSettings } from '../../src/core/settings/settings';
import { changeOwnPassword } from '../../src/core/users/users';
import { readAuditHead } from '../../src/core/vault/audit-chain';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import type { VaultSession } from '../../src/core/vault/session';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, codeFor, nextSignInTime, signIn } from '../helpers/staff';

/** A disk that refuses writes of vault.keys: `plan[i]` says whether the i-th one from now fails. */
const disk = vi.hoisted(() => ({ plan: [] as boolean[], failed: 0 }));
vi.mock('../../src/core/fs/atomic-write', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/fs/atomic-write')>();
  return {
    ...real,
    writeFileAtomic(file: string, data: string | Uint8Array) {
      if (file.endsWith('vault.keys') && (disk.plan.length > 0 ? disk.plan.shift() : false)) {
        disk.failed += 1;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      real.writeFileAtomic(file, data);
    },
  };
});

let vault: TestVault;
afterEach(async () => {
  vi.useRealTimers();
  disk.plan = [];
  disk.failed = 0;
  await vault?.cleanup();
});

const keysOf = (v: TestVault) => readKeysFile(vaultPaths(v.dir));
const events = (s: VaultSession, action: string) =>
  s.orm.select().from(auditEvents).where(eq(auditEvents.action, action)).all();

/** A manager (who may add clients and records), signed in and unrestricted. */
async function managerSession(v: TestVault) {
  const { session: admin } = await adminSession(v);
  const manager = await addStaff(admin, v, 'manager', 'wang.jingli');
  admin.lock();
  await activate(v, manager);
  return { session: await signIn(v, manager), manager };
}

function newRecord(s: VaultSession) {
  const clientId = createClient(s, { name: '甲贸易有限公司' }).id;
  return { clientId, occurredAt: '2024-05-01', direction: 'out' as const, amount: '88.00', counterparty: '丙公司' };
}

describe('after the commit', () => {
  it('a failed keys-file mirror does not fail a saved record; nothing is doubled; the next write catches up', async () => {
    vault = await createTestVault();
    const { session } = await managerSession(vault);
    const input = newRecord(session);
    disk.plan = [true];
    const saved = addRecord(session, input);
    expect(disk.failed).toBe(1);
    expect(saved.id).toBeGreaterThan(0);
    // Saved once, audited once; the keys file is behind and the session says so.
    expect(session.orm.select().from(paymentRecords).all()).toHaveLength(1);
    expect(events(session, 'records.create')).toHaveLength(1);
    expect(keysOf(vault).auditHead.seq).toBeLessThan(readAuditHead(session.db).seq);
    expect(session.keysFileWarning).toMatch(/ENOSPC/);
    // The same record again is what a user who saw a failure would do: it is a duplicate.
    await expectCode(
      Promise.resolve().then(() => addRecord(session, input)),
      'E_CONFLICT',
    );
    // Any later write brings the mirror up to date, without another event for the first one.
    createClient(session, { name: '乙科技有限公司' });
    expect(keysOf(vault).auditHead).toEqual(readAuditHead(session.db));
    expect(session.keysFileWarning).toBeNull();
    expect(events(session, 'records.create')).toHaveLength(1);
    session.lock();
  });

  it('when the mirror fails until the vault is locked, the next sign-in accepts and repairs the keys file', async () => {
    vault = await createTestVault();
    const { session, manager } = await managerSession(vault);
    const input = newRecord(session);
    disk.plan = Array<boolean>(20).fill(true);
    addRecord(session, input);
    expect(() => session.lock()).not.toThrow();
    const behind = keysOf(vault).auditHead.seq;
    disk.plan = [];
    const again = await signIn(vault, manager);
    expect(behind).toBeLessThan(readAuditHead(again.db).seq);
    expect(keysOf(vault).auditHead).toEqual(readAuditHead(again.db));
    expect(events(again, 'records.create')).toHaveLength(1);
    again.lock();
  });

  it('a committed lockout setting reaches the keys file at the next sign-in if it could not at once', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSession(vault);
    disk.plan = Array<boolean>(20).fill(true);
    expect(updateSettings(session, { lockoutThreshold: 5, lockoutMinutes: 45 }).lockoutThreshold).toBe(5);
    session.lock();
    expect(keysOf(vault).lockout).toEqual({ maxFailures: 10, lockMinutes: 30 });
    disk.plan = [];
    const again = await signIn(vault, admin);
    expect(keysOf(vault).lockout).toEqual({ maxFailures: 5, lockMinutes: 45 });
    expect(events(again, 'settings.update')).toHaveLength(1);
    again.lock();
  });

  it('a keys file held by another live process does not make a committed write fail or wait', async () => {
    vault = await createTestVault();
    const { session } = await managerSession(vault);
    const input = newRecord(session);
    const lockPath = vaultPaths(vault.dir).keysLock;
    writeFileSync(lockPath, `${process.pid}\n`, { mode: 0o600 });
    const before = keysOf(vault).auditHead;
    addRecord(session, input);
    expect(keysOf(vault).auditHead).toEqual(before);
    expect(session.keysFileWarning).toMatch(/E_BUSY|another LedgerVault process/i);
    rmSync(lockPath);
    createClient(session, { name: '乙科技有限公司' });
    expect(keysOf(vault).auditHead).toEqual(readAuditHead(session.db));
    session.lock();
  });
});

describe('a password change is decided by its commit', () => {
  const adminSigned = async () => {
    const { session, admin } = await adminSession(vault);
    return { session, admin };
  };
  const changedEvents = (s: VaultSession) =>
    s.orm
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.changePassword'), eq(auditEvents.outcome, 'ok')))
      .all();

  it('a password change that goes through leaves exactly one slot, in force, at once', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSigned();
    await changeOwnPassword(session, admin.password, 'Second-Password-42');
    const slots = keysOf(vault).slots.filter((x) => x.kind === 'user' && x.username === admin.username);
    expect(slots).toHaveLength(1);
    expect(JSON.stringify(slots)).not.toMatch(/pending/);
    expect(session.keysFileWarning).toBeNull();
    // A second change in the same session starts from that slot.
    await changeOwnPassword(session, 'Second-Password-42', 'Third-Password-43');
    session.lock();
    await expectCode(signIn(vault, { ...admin, password: 'Second-Password-42' }), 'E_AUTH');
    (await signIn(vault, { ...admin, password: 'Third-Password-43' })).lock();
  });

  it('when the keys file cannot be finished after the commit, the change is reported done and the new password is in force', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSigned();
    const oldPassword = admin.password;
    const newPassword = 'Second-Password-42';
    // The first keys write (before the commit) succeeds, every one after it fails.
    disk.plan = [false, ...Array<boolean>(20).fill(true)];
    await changeOwnPassword(session, oldPassword, newPassword);
    expect(disk.failed).toBeGreaterThan(0);
    session.lock();
    disk.plan = [];
    await expectCode(signIn(vault, { ...admin, password: oldPassword }), 'E_AUTH');
    const s = await signIn(vault, { ...admin, password: newPassword });
    expect(changedEvents(s)).toHaveLength(1);
    // The sign-in finished the keys file: one slot for the admin, nothing half-done.
    const slots = keysOf(vault).slots.filter((x) => x.kind === 'user' && x.username === admin.username);
    expect(slots).toHaveLength(1);
    expect(JSON.stringify(slots)).not.toMatch(/pending/);
    s.lock();
  });

  it('when the keys file cannot be written before the commit, nothing changes and the old password stays', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSigned();
    disk.plan = [true];
    await expect(changeOwnPassword(session, admin.password, 'Second-Password-42')).rejects.toThrow(/ENOSPC/);
    expect(changedEvents(session)).toHaveLength(0);
    session.lock();
    await expectCode(signIn(vault, { ...admin, password: 'Second-Password-42' }), 'E_AUTH');
    const s = await signIn(vault, admin);
    expect(changedEvents(s)).toHaveLength(0);
    s.lock();
  });
});

describe('the idle lock', () => {
  it('a timer-triggered lock whose audit write fails still locks, and throws nothing into the event loop', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSession(vault);
    session.lock();
    const problems: unknown[] = [];
    const service = new AppService({
      vaultDir: vault.dir,
      keyStore: vault.keyStore,
      version: 't',
      kdf: ARGON2_FLOOR,
      idleMsOverride: 60_000,
      onBackgroundError: (err) => problems.push(err),
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: nextSignInTime() });
    await service.unlock({
      username: admin.username,
      password: admin.password,
      totp: codeFor(admin.totpSecret!, new Date()),
    });
    const held = service.requireSession();
    const dek = held.dek;
    vi.spyOn(held, 'write').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    expect(() => vi.advanceTimersByTime(60_001)).not.toThrow();
    expect(service.status().state).toBe('locked');
    expect(held.isOpen).toBe(false);
    expect(dek.every((b) => b === 0)).toBe(true);
    expect(String(problems[0])).toMatch(/SQLITE_FULL/);
  });

  it('a clipboard that fails while being cleared later is reported, not thrown into the event loop', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSession(vault);
    session.lock();
    const problems: unknown[] = [];
    let held = '';
    const service = new AppService({
      vaultDir: vault.dir,
      keyStore: vault.keyStore,
      version: 't',
      kdf: ARGON2_FLOOR,
      onBackgroundError: (err) => problems.push(err),
      clipboard: {
        writeText: (text) => {
          held = text;
        },
        readText: () => Promise.reject(new Error('clipboard owner went away')),
      },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: nextSignInTime() });
    await service.unlock({
      username: admin.username,
      password: admin.password,
      totp: codeFor(admin.totpSecret!, new Date()),
    });
    service.copySecret('6222020200112233445');
    expect(held).toBe('6222020200112233445');
    vi.advanceTimersByTime(30_001);
    await vi.waitFor(() => expect(problems).toHaveLength(1));
    expect(String(problems[0])).toMatch(/clipboard owner went away/);
    service.lock();
  });
});
