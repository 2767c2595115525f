import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { beginMfaEnrolment, confirmMfaEnrolment } from '../../src/core/auth/mfa';
import { listSecuritySignals } from '../../src/core/auth/signals';
import { auditEvents, vaultMeta } from '../../src/core/db/schema';
import { AppService, ARGON2_FLOOR, unlockVault } from '../../src/core/index';
import { updateSettings } from '../../src/core/settings/settings';
import {
  changeOwnPassword,
  createUser,
  disableUser,
  listUsers,
  resetPassword,
  unlockUser,
} from '../../src/core/users/users';
import { ADMIN, ADMIN_PASSWORD, createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, codeFor, nextSignInTime, signIn } from '../helpers/staff';

let vault: TestVault;
afterEach(async () => {
  vi.useRealTimers();
  await vault?.cleanup();
});

describe('staff accounts', () => {
  it('a new account signs in only to change its temporary password; the last 4 passwords cannot come back', async () => {
    vault = await createTestVault();
    const { session: admin } = await adminSession(vault);
    await createUser(admin, {
      username: 'li.kuaiji',
      displayName: '李会计',
      role: 'accountant',
      password: 'Temporary-Pass-1',
    });
    admin.lock();

    const s = await signIn(vault, { username: 'li.kuaiji', password: 'Temporary-Pass-1', totpSecret: null });
    expect(s.restriction).toBe('password-change');
    expect(() => listUsers(s)).toThrow(/E_FORBIDDEN/);
    await expectCode(changeOwnPassword(s, 'Wrong-Current-1', 'Brand-New-Pass-2'), 'E_AUTH');
    await expectCode(changeOwnPassword(s, 'Temporary-Pass-1', 'short1'), 'E_INPUT');
    await changeOwnPassword(s, 'Temporary-Pass-1', 'Brand-New-Pass-2');
    expect(s.restriction).toBeNull();
    await changeOwnPassword(s, 'Brand-New-Pass-2', 'Brand-New-Pass-3');
    const reuse = await expectCode(changeOwnPassword(s, 'Brand-New-Pass-3', 'Temporary-Pass-1'), 'E_INPUT');
    expect(reuse.message).toMatch(/last 4/);
    s.lock();

    await expectCode(
      signIn(vault, { username: 'li.kuaiji', password: 'Temporary-Pass-1', totpSecret: null }),
      'E_AUTH',
    );
    const again = await signIn(vault, { username: 'li.kuaiji', password: 'Brand-New-Pass-3', totpSecret: null });
    expect(again.restriction).toBeNull();
    again.lock();
  });

  it('a disabled account cannot sign in; a reset brings it back with a temporary password', async () => {
    vault = await createTestVault();
    const { session: admin, admin: adminStaff } = await adminSession(vault);
    const acc = await addStaff(admin, vault, 'accountant', 'zhang');
    admin.lock();
    await activate(vault, acc);

    const a2 = await signIn(vault, adminStaff);
    disableUser(a2, 'zhang');
    expect(() => disableUser(a2, ADMIN)).toThrow(/E_INPUT/); // not oneself, not the last admin
    a2.lock();
    await expectCode(signIn(vault, acc), 'E_AUTH');
    const keys = JSON.parse(readFileSync(path.join(vault.dir, 'vault.keys'), 'utf8'));
    expect(keys.slots.filter((s: { username?: string }) => s.username === 'zhang')).toEqual([]);

    const a3 = await signIn(vault, adminStaff);
    await resetPassword(a3, 'zhang', 'Reset-Temp-Pass-7');
    expect(listUsers(a3).find((u) => u.username === 'zhang')).toMatchObject({
      status: 'active',
      mustChangePassword: true,
    });
    a3.lock();
    const back = await signIn(vault, { username: 'zhang', password: 'Reset-Temp-Pass-7', totpSecret: null });
    expect(back.restriction).toBe('password-change');
    back.lock();
  });

  it('an admin can end a lockout early; the lockout threshold is a setting (down to 3)', async () => {
    vault = await createTestVault();
    const { session: admin, admin: adminStaff } = await adminSession(vault);
    updateSettings(admin, { lockoutThreshold: 3 });
    const acc = await addStaff(admin, vault, 'accountant', 'chen');
    admin.lock();
    await activate(vault, acc);
    await expectCode(signIn(vault, { ...acc, password: 'Wrong-Pass-111' }), 'E_AUTH');
    await expectCode(signIn(vault, { ...acc, password: 'Wrong-Pass-222' }), 'E_AUTH');
    await expectCode(signIn(vault, { ...acc, password: 'Wrong-Pass-333' }), 'E_LOCKED');
    await expectCode(signIn(vault, acc), 'E_LOCKED');
    const a2 = await signIn(vault, adminStaff);
    expect(listUsers(a2).find((u) => u.username === 'chen')?.lockedUntil).not.toBeNull();
    unlockUser(a2, 'chen');
    a2.lock();
    (await signIn(vault, acc)).lock();
  });
});

describe('two-step verification (TOTP)', () => {
  it('admins must enrol; afterwards sign-in needs a code, a code works once, a recovery code works once', async () => {
    vault = await createTestVault();
    const first = await signIn(vault, { username: ADMIN, password: ADMIN_PASSWORD, totpSecret: null });
    expect(first.restriction).toBe('mfa-enrol');
    expect(() => listUsers(first)).toThrow(/E_FORBIDDEN/);
    const enrol = await beginMfaEnrolment(first);
    expect(enrol.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}/);
    expect(enrol.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(enrol.recoveryCodes).toHaveLength(10);
    const at = nextSignInTime();
    expect(() => confirmMfaEnrolment(first, '000000', at)).toThrow(/E_INPUT/);
    confirmMfaEnrolment(first, codeFor(enrol.secret, at), at);
    expect(first.restriction).toBeNull();
    first.lock();

    const base = { dir: vault.dir, username: ADMIN, password: ADMIN_PASSWORD, keyStore: vault.keyStore };
    await expectCode(unlockVault(base), 'E_MFA_REQUIRED');
    const t1 = nextSignInTime();
    const code = codeFor(enrol.secret, t1);
    (await unlockVault({ ...base, totp: code, now: () => t1 })).lock();
    // The same code again, in the same 30 s step: refused (and counted as a failure).
    await expectCode(unlockVault({ ...base, totp: code, now: () => t1 }), 'E_AUTH');
    const t2 = nextSignInTime();
    (await unlockVault({ ...base, totp: enrol.recoveryCodes[0]!.toLowerCase(), now: () => t2 })).lock();
    await expectCode(unlockVault({ ...base, totp: enrol.recoveryCodes[0]!, now: () => nextSignInTime() }), 'E_AUTH');

    // A re-enrolment that is started and abandoned changes nothing in force.
    const t3 = nextSignInTime();
    const again = await unlockVault({ ...base, totp: enrol.recoveryCodes[1]!, now: () => t3 });
    const abandoned = await beginMfaEnrolment(again);
    again.lock();
    const t4 = nextSignInTime();
    (await unlockVault({ ...base, totp: codeFor(enrol.secret, t4), now: () => t4 })).lock();
    await expectCode(
      unlockVault({ ...base, totp: abandoned.recoveryCodes[0]!, now: () => nextSignInTime() }),
      'E_AUTH',
    );
    (await unlockVault({ ...base, totp: enrol.recoveryCodes[2]!, now: () => nextSignInTime() })).lock();
  });
});

describe('abnormal sign-in signals', () => {
  it('sign-ins outside office hours, after a burst of failures, or on a new workstation after a restore are flagged', async () => {
    vault = await createTestVault();
    const { session: admin, admin: adminStaff } = await adminSession(vault);
    updateSettings(admin, { officeHours: { start: '00:00', end: '00:01', weekdays: [1] } }); // nearly always "off hours"
    admin.write((ctx) =>
      ctx.orm.insert(vaultMeta).values({ key: 'restored_at', value: new Date().toISOString() }).run(),
    );
    admin.db.prepare('DELETE FROM signin_workstations').run();
    admin.lock();
    for (const p of ['Wrong-Pass-1a', 'Wrong-Pass-2b', 'Wrong-Pass-3c'])
      await expectCode(signIn(vault, { ...adminStaff, password: p }), 'E_AUTH');
    const s = await signIn(vault, adminStaff);
    const kinds = listSecuritySignals(s).map((x) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['off_hours', 'failure_burst', 'new_workstation']));
    expect(
      s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'auth.signal')).all().length,
    ).toBeGreaterThanOrEqual(3);
    s.lock();
  });
});

describe('session', () => {
  it('after 15 idle minutes the vault is closed and its keys dropped', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSession(vault);
    session.lock();
    const service = new AppService({ vaultDir: vault.dir, keyStore: vault.keyStore, version: 't', kdf: ARGON2_FLOOR });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: nextSignInTime() });
    await service.unlock({
      username: admin.username,
      password: admin.password,
      totp: codeFor(admin.totpSecret!, new Date()),
    });
    expect(service.status().state).toBe('unlocked');
    const held = service.requireSession();
    vi.advanceTimersByTime(14 * 60_000);
    expect(service.status().state).toBe('unlocked');
    service.activity('users:list'); // the user did something: the clock starts again
    vi.advanceTimersByTime(14 * 60_000);
    expect(service.status().state).toBe('unlocked');
    service.activity('vault:status'); // a status poll is not activity
    vi.advanceTimersByTime(60_001);
    expect(service.status().state).toBe('locked');
    expect(held.isOpen).toBe(false);
    expect(() => held.dek).toThrow(/E_VAULT_LOCKED/);
  });
});
