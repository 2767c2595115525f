import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents, backupHistory } from '../../src/core/db/schema';
import { readPosture } from '../../src/core/posture/index';
import { revealRecord } from '../../src/core/records/index';
import { updateSettings } from '../../src/core/settings/settings';
import type { VaultSession } from '../../src/core/index';
import type { PostureFactId, PostureStatus } from '../../src/shared/posture/contract';
import { DAY_MS } from '../../src/shared/time';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Each posture fact changes colour when the vault's state changes (issue 17, Must show): the
 * state is set up the way the office would change it (settings, a backup, a verification, the
 * keychain, sign-in and disclosure events), and the colour read back through readPosture.
 */
let vault: TestVault;
let admin: VaultSession;
let accountant: Staff;
let manager: Staff;
let adminStaff: Staff;

const APP = '0.1.0';

async function status(id: PostureFactId, now = new Date(), session = admin): Promise<PostureStatus> {
  const view = await readPosture(session, { appVersion: APP, now });
  return view.facts.find((f) => f.id === id)!.status;
}

async function fact(id: PostureFactId, now = new Date()) {
  return (await readPosture(admin, { appVersion: APP, now })).facts.find((f) => f.id === id)!;
}

/** An event the office's own actions would write (a sign-in signal, a lockout, an update check). */
function audit(action: string, outcome: 'ok' | 'failed' | 'denied', details: Record<string, unknown>) {
  admin.write((ctx) => ctx.audit({ action, outcome, details }));
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  admin = await signIn(vault, adminStaff);
});

/** One session at a time holds the vault: the admin steps out while `staff` works. */
async function as<T>(staff: Staff, work: (session: VaultSession) => T | Promise<T>): Promise<T> {
  admin.lock();
  const session = await signIn(vault, staff);
  try {
    return await work(session);
  } finally {
    session.lock();
    await session.anchorsWritten();
    admin = await signIn(vault, adminStaff);
  }
}

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('posture facts and their thresholds', () => {
  it('lists every fact; the registers of later builds are grey "not set up yet", linking nowhere', async () => {
    const view = await readPosture(admin, { appVersion: APP });
    expect(view.facts.map((f) => f.id)).toEqual([
      'mfa',
      'password',
      'idle',
      'reviewAge',
      'reviewRound',
      'backup',
      'audit',
      'keychain',
      'signins',
      'disclosures',
      'update',
      'people',
      'agreements',
      'partners',
      'incidents',
      'findings',
    ]);
    // Every register of issue 17 is set up (people and agreements: test/core/people.test.ts, agreements.test.ts).
    expect(view.facts.filter((f) => f.detail === 'notSetUp').map((f) => f.id)).toEqual([]);
    expect(Object.values(view.counts).reduce((a, b) => a + b, 0)).toBe(16);
  });

  it('MFA: green while admins and managers must and do; amber when managers need not; red when a required role lacks it', async () => {
    expect(await status('mfa')).toBe('green');
    updateSettings(admin, { mfaRequiredRoles: ['admin'] });
    expect(await status('mfa')).toBe('amber');
    // The accountant never enrolled (her role did not require it): requiring it makes the fact red.
    updateSettings(admin, { mfaRequiredRoles: ['admin', 'manager', 'accountant'] });
    const f = await fact('mfa');
    expect(f).toMatchObject({ status: 'red', detail: 'missing', fixRoute: '/users' });
    expect(f.params).toMatchObject({ accountant: '0/1', missing: 1 });
    updateSettings(admin, { mfaRequiredRoles: ['admin', 'manager'] });
    expect(await status('mfa')).toBe('green');
  });

  it('password and lockout policy: green at the defaults, amber below PCI DSS, red with no history or a short lockout', async () => {
    expect(await status('password')).toBe('green');
    updateSettings(admin, { passwordHistory: 2 });
    expect(await status('password')).toBe('amber');
    updateSettings(admin, { passwordHistory: 0 });
    expect(await status('password')).toBe('red');
    updateSettings(admin, { passwordHistory: 4, lockoutMinutes: 20 });
    expect(await status('password')).toBe('amber');
    updateSettings(admin, { lockoutMinutes: 10 });
    expect(await status('password')).toBe('red');
    updateSettings(admin, { lockoutMinutes: 30 });
    expect(await status('password')).toBe('green');
  });

  it('idle lock: 15 minutes green, 20 amber, 45 red', async () => {
    expect(await status('idle')).toBe('green');
    updateSettings(admin, { idleMinutes: 20 });
    expect(await status('idle')).toBe('amber');
    updateSettings(admin, { idleMinutes: 45 });
    expect(await status('idle')).toBe('red');
    updateSettings(admin, { idleMinutes: 15 });
    expect(await status('idle')).toBe('green');
  });

  it('backup: red with none; a verified backup is green, then amber after 7 days and red after 30', async () => {
    expect(await fact('backup')).toMatchObject({ status: 'red', detail: 'none', fixRoute: '/backup' });
    const made = new Date();
    admin.write((ctx) =>
      ctx.orm
        .insert(backupHistory)
        .values({
          backupId: 'b-1',
          createdAt: made.toISOString(),
          createdBy: admin.user.id,
          createdByName: 'admin',
          kind: 'manual',
          folder: '/media/usb',
          fileName: 'b-1.lvbak',
          bytes: 1,
          chunks: 1,
          auditSeq: 1,
          verifiedAt: made.toISOString(),
          verifiedBy: admin.user.id,
        })
        .run(),
    );
    expect(await status('backup')).toBe('green');
    expect(await status('backup', new Date(made.getTime() + 8 * DAY_MS))).toBe('amber');
    expect(await status('backup', new Date(made.getTime() + 31 * DAY_MS))).toBe('red');
  });

  it('audit chain: amber never verified, green after a full verification, amber a month on, red after a failed one', async () => {
    expect(await fact('audit')).toMatchObject({ status: 'amber', detail: 'neverVerified', fixAction: 'audit.verify' });
    expect(verifyAudit(admin).ok).toBe(true);
    const f = await fact('audit');
    expect(f.status).toBe('green');
    expect(f.params.sealId).toEqual(expect.any(Number));
    expect(await status('audit', new Date(Date.now() + 31 * DAY_MS))).toBe('amber');
    audit('audit.verify', 'failed', { firstBadSeq: 3, kind: 'edited' });
    expect(await fact('audit')).toMatchObject({ status: 'red', detail: 'failed' });
    expect(verifyAudit(admin).ok).toBe(true);
    expect(await status('audit')).toBe('green');
  });

  it('keychain: green with the newest seal mirrored, amber when the anchor is gone, red when it was edited', async () => {
    expect(await status('keychain')).toBe('green');
    const store = vault.keyStore as MemoryKeyStore;
    const key = `${vault.vaultId}:audit-anchor`;
    const saved = store.notes.get(key)!;
    store.notes.delete(key);
    expect(await fact('keychain')).toMatchObject({ status: 'amber', detail: 'missing' });
    store.notes.set(key, '{"format":"edited"}');
    expect(await fact('keychain')).toMatchObject({ status: 'red', detail: 'unreadable' });
    store.notes.set(key, saved);
    const mirror = admin.seals.anchorStore;
    admin.seals.anchorStore = null;
    expect(await status('keychain')).toBe('unknown');
    admin.seals.anchorStore = mirror;
  });

  it('abnormal sign-ins: amber with a signal in 30 days, red with three lockouts, green when none is that recent', async () => {
    audit('auth.signal', 'ok', { kind: 'off_hours', username: 'chen' });
    const f = await fact('signins');
    expect(f.status).toBe('amber');
    expect(f.params.alerts).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i += 1) audit('auth.lockout', 'ok', { username: 'chen', afterFailures: 10 });
    expect(await fact('signins')).toMatchObject({ status: 'red', params: { lockouts: 3 } });
    // Thirty-one days later none of them counts.
    expect(await status('signins', new Date(Date.now() + 31 * DAY_MS))).toBe('green');
  });

  it('reveals and exports: counted; a refused reveal turns the fact amber', async () => {
    const before = await fact('disclosures');
    expect(before.status).toBe('green');
    await as(manager, (m) => createClient(m, { name: '杭州明达' }));
    // An accountant holds no records.reveal: the refusal is audited as denied.
    await as(accountant, (c) => expect(() => revealRecord(c, 1, '核对银行对账单')).toThrow(/E_FORBIDDEN/));
    const denied = admin.orm
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'records.reveal'), eq(auditEvents.outcome, 'denied')))
      .all();
    expect(denied.length).toBeGreaterThan(0);
    expect(await fact('disclosures')).toMatchObject({ status: 'amber', detail: 'denied' });
  });

  it('installed version: unknown until a release was verified, amber when a newer one was, green when it is installed', async () => {
    expect(await fact('update')).toMatchObject({ status: 'unknown', detail: 'noneSeen', fixRoute: '/update' });
    audit('update.check', 'ok', { source: 'folder', version: '0.2.0' });
    audit('update.check', 'failed', { source: 'folder', version: '9.0.0' });
    expect(await fact('update')).toMatchObject({ status: 'amber', params: { installed: APP, newest: '0.2.0' } });
    const view = await readPosture(admin, { appVersion: '0.2.0' });
    expect(view.facts.find((f) => f.id === 'update')!.status).toBe('green');
  });

  it('grants never reviewed are red; no open round is green', async () => {
    expect(await fact('reviewAge')).toMatchObject({ status: 'red', detail: 'never', fixRoute: '/review' });
    expect(await status('reviewRound')).toBe('green');
  });

  it('under an integrity alarm (reads only) the facts are still read, the chain red, nothing written', async () => {
    const events = () => admin.orm.select().from(auditEvents).all().length;
    const before = events();
    admin.integrityAlarm = 'the database is behind the keys file';
    try {
      const view = await readPosture(admin, { appVersion: APP });
      expect(view.facts.find((f) => f.id === 'audit')).toMatchObject({ status: 'red', detail: 'alarm' });
    } finally {
      admin.integrityAlarm = null;
    }
    expect(events()).toBe(before);
  });

  it('looking again and again writes one posture.view event, its repeats counted (as lists are)', async () => {
    const views = () => admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'posture.view')).all().length;
    updateSettings(admin, { idleMinutes: 14 });
    const before = views();
    for (let i = 0; i < 3; i += 1) await readPosture(admin, { appVersion: APP });
    expect(views()).toBe(before + 1);
    updateSettings(admin, { idleMinutes: 15 });
    const repeated = admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'audit.repeated')).all();
    expect(JSON.parse(repeated.at(-1)!.details)).toMatchObject({ repeatedAction: 'posture.view', count: 3 });
  });

  it('an accountant is refused (E_FORBIDDEN, audited); an admin’s and a manager’s reads are audited', async () => {
    await as(accountant, (c) =>
      expect(readPosture(c, { appVersion: APP })).rejects.toMatchObject({ code: 'E_FORBIDDEN' }),
    );
    await as(manager, async (m) => expect((await readPosture(m, { appVersion: APP })).facts).toHaveLength(16));
    const events = admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'posture.view')).all();
    expect(events.filter((e) => e.outcome === 'denied')).toHaveLength(1);
    expect(events.filter((e) => e.outcome === 'ok').length).toBeGreaterThan(1);
  });
});
