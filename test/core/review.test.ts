import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { listClientGrants, revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { auditEvents } from '../../src/core/db/schema';
import { readPosture } from '../../src/core/posture/index';
import { decideReview, getReviews, startReview } from '../../src/core/review/index';
import type { VaultSession } from '../../src/core/index';
import type { PostureFactId } from '../../src/shared/posture/contract';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Access reviews (issue 17, Build 2): a round asks for every grant to be confirmed or revoked;
 * a revoke is the grants' own (the key rotated); every decision audited; the posture turns green
 * when the round closes and red while one is overdue.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let manager: Staff;
let accountant: Staff;
let auditor: Staff;
let mingda = 0;
let hongyuan = 0;

const inDays = (days: number) => shanghaiDate(Date.now() + days * DAY_MS);

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

async function status(id: PostureFactId, now = new Date()) {
  return (await readPosture(admin, { appVersion: '0.1.0', now })).facts.find((f) => f.id === id)!.status;
}

function events(action: string, outcome: 'ok' | 'denied' | 'failed' = 'ok') {
  return admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  manager = await addStaff(admin, vault, 'manager', 'manager1');
  accountant = await addStaff(admin, vault, 'accountant', 'chen');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await activate(vault, auditor);
  const m = await signIn(vault, manager);
  mingda = createClient(m, { name: '杭州明达' }).id;
  hongyuan = createClient(m, { name: '宁波宏远' }).id;
  setClientGrant(m, { username: 'chen', clientId: mingda, canWrite: true });
  setClientGrant(m, { username: 'chen', clientId: hongyuan, canWrite: false });
  m.lock();
  admin = await signIn(vault, adminStaff);
  setClientGrant(admin, { username: 'wang', clientId: mingda, canWrite: false });
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('access review rounds', () => {
  it('an accountant can neither start nor decide a round: E_FORBIDDEN, audited', async () => {
    await as(accountant, async (c) => {
      expect(() => startReview(c, { dueDate: inDays(14) })).toThrow(/E_FORBIDDEN/);
      expect(() => getReviews(c)).toThrow(/E_FORBIDDEN/);
      expect(() => decideReview(c, { itemId: 1, decision: 'confirm' })).toThrow(/E_FORBIDDEN/);
    });
    expect(events('review.start', 'denied')).toHaveLength(1);
    expect(events('review.list', 'denied')).toHaveLength(1);
    expect(events('review.decide', 'denied')).toHaveLength(1);
  });

  it('refuses a due date before today; a round holds every grant, the accountant’s assigned to the named manager', () => {
    expect(() => startReview(admin, { dueDate: inDays(-1) })).toThrow(/E_INPUT/);
    const view = startReview(admin, { dueDate: inDays(14), reviewer: 'manager1' });
    expect(view.open).toMatchObject({ total: 3, decided: 0, overdue: false, startedBy: 'admin' });
    expect(view.items.map((i) => [i.username, i.clientName, i.assignee])).toEqual([
      ['chen', '杭州明达', 'manager1'],
      ['chen', '宁波宏远', 'manager1'],
      ['wang', '杭州明达', null],
    ]);
    expect(events('review.start')).toHaveLength(1);
    expect(() => startReview(admin, { dueDate: inDays(20) })).toThrow(/E_CONFLICT/);
  });

  it('the manager confirms her items and is refused the auditor’s (audited); the admin revokes it, rotating the key', async () => {
    const auditorItem = getReviews(admin).items.find((i) => i.username === 'wang')!;
    const generation = admin.keyRing.generation(mingda);
    await as(manager, (m) => {
      const mine = getReviews(m).items.filter((i) => i.mine);
      expect(mine.map((i) => i.username)).toEqual(['chen', 'chen']);
      decideReview(m, { itemId: mine[0]!.id, decision: 'confirm' });
      expect(() => decideReview(m, { itemId: auditorItem.id, decision: 'revoke' })).toThrow(/E_FORBIDDEN/);
      expect(() => decideReview(m, { itemId: mine[0]!.id, decision: 'revoke' })).toThrow(/E_CONFLICT/);
    });
    expect(events('review.decide', 'denied')).toHaveLength(2);
    const view = decideReview(admin, { itemId: auditorItem.id, decision: 'revoke' });
    expect(view.items.find((i) => i.id === auditorItem.id)).toMatchObject({ decision: 'revoked', decidedBy: 'admin' });
    expect(listClientGrants(admin).some((g) => g.username === 'wang')).toBe(false);
    expect(events('grant.revoke').at(-1)).toMatchObject({ clientId: mingda });
    // Revoking took the client's key from the auditor and rotated it, as the grants screen's revoke does.
    expect(admin.keyRing.generation(mingda)).toBe(generation + 1);
    await as(auditor, (a) => expect(a.keyRing.has(mingda)).toBe(false));
    expect(view.open).toMatchObject({ decided: 2, revoked: 1 });
  });

  it('the round closes with its last decision; the posture says grants were reviewed and nothing is overdue', async () => {
    expect(await status('reviewAge')).toBe('red');
    const last = getReviews(admin).items.find((i) => i.decision === null)!;
    const view = decideReview(admin, { itemId: last.id, decision: 'confirm' });
    expect(view.open).toBeNull();
    expect(view.rounds[0]).toMatchObject({ total: 3, decided: 3, revoked: 1 });
    expect(view.rounds[0]!.closedAt).not.toBeNull();
    expect(events('review.close')).toHaveLength(1);
    expect(events('review.decide')).toHaveLength(3);
    expect(await status('reviewAge')).toBe('green');
    expect(await status('reviewRound')).toBe('green');
    // Five and a half months on it is amber, after six red.
    expect(await status('reviewAge', new Date(Date.now() + 160 * DAY_MS))).toBe('amber');
    expect(await status('reviewAge', new Date(Date.now() + 190 * DAY_MS))).toBe('red');
  });

  it('an open round past its due date is red; revoking its grants on the grants screen clears it', async () => {
    startReview(admin, { dueDate: inDays(3) });
    expect(await status('reviewRound')).toBe('amber');
    expect(await status('reviewRound', new Date(Date.now() + 5 * DAY_MS))).toBe('red');
    expect(getReviews(admin, new Date(Date.now() + 5 * DAY_MS)).open?.overdue).toBe(true);
    revokeClientGrant(admin, { username: 'chen', clientId: mingda });
    revokeClientGrant(admin, { username: 'chen', clientId: hongyuan });
    expect(await status('reviewRound', new Date(Date.now() + 5 * DAY_MS))).toBe('green');
    const view = getReviews(admin);
    expect(view.open).toBeNull();
    expect(view.rounds[0]).toMatchObject({ total: 2, decided: 2, revoked: 0 });
    expect(events('review.gone')).toHaveLength(2);
  });
});
