import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { checkDocument } from '../../src/core/documents/index';
import {
  exportAcknowledgementFile,
  getPeople,
  recordAcknowledgement,
  recordTraining,
} from '../../src/core/people/index';
import { readPosture } from '../../src/core/posture/index';
import type { VaultSession } from '../../src/core/index';
import { acknowledgementDue, addMonths, dueState, trainingDue } from '../../src/shared/people/rules';
import { describeFact } from '../../src/shared/posture/wording';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * People and training (issue 17, Build 4): acknowledgements and training sessions recorded by
 * admins and managers (audited), read by auditors; the posture fact 'people' turns green when
 * every active staff member is trained and has signed, amber 30 days before the year runs out,
 * red after it.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let auditor: Staff;
const STAFF = ['admin', 'manager1', 'chen', 'wang'];
const PDF = Buffer.from('%PDF-1.7\n%scan of a signed agreement\n%%EOF\n');

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

async function people(now = new Date()) {
  return (await readPosture(admin, { appVersion: '0.1.0', now })).facts.find((f) => f.id === 'people')!;
}

const events = (action: string, outcome: 'ok' | 'denied' = 'ok') =>
  admin.orm
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
    .all();

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  const manager = await addStaff(admin, vault, 'manager', 'manager1');
  const accountant = await addStaff(admin, vault, 'accountant', 'chen');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  for (const s of [manager, accountant, auditor]) await activate(vault, s);
  admin = await signIn(vault, adminStaff);
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('due rules', () => {
  it('training is due 12 months after the last pass: amber from 30 days before, red after, red if never', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(trainingDue(null, '2026-01-01')).toMatchObject({ status: 'red', detail: 'never', dueOn: null });
    expect(trainingDue('2025-03-01', '2026-01-29')).toMatchObject({ status: 'green', dueOn: '2026-03-01' });
    expect(trainingDue('2025-03-01', '2026-01-30').status).toBe('amber');
    expect(trainingDue('2025-03-01', '2026-03-01').status).toBe('amber');
    expect(trainingDue('2025-03-01', '2026-03-02')).toMatchObject({ status: 'red', detail: 'overdue' });
    expect(acknowledgementDue('2025-12-01', '2026-06-01').status).toBe('green');
    expect(dueState('2025-01-15', 6, '2025-07-16').status).toBe('red');
  });
});

describe('people register', () => {
  it('starts red: nobody trained or signed; the posture links to /people', async () => {
    const f = await people();
    expect(f).toMatchObject({ status: 'red', detail: 'missing', fixRoute: '/people' });
    expect(f.params).toMatchObject({ staff: 4, red: 4, amber: 0 });
    expect(describeFact(f, 'zh-CN').detail).toContain('4 名员工');
  });

  it('acknowledgements with a scanned file and a training session turn it green; the file comes back', async () => {
    const today = shanghaiDate(new Date());
    const doc = checkDocument({ name: '陈会计保密协议.pdf', bytes: PDF });
    const handles = new Map([['a'.repeat(32), doc]]);
    const files = { take: (h: string) => handles.get(h)! };
    for (const u of STAFF) {
      recordAcknowledgement(
        admin,
        {
          username: u,
          kind: 'confidentiality',
          signedOn: today,
          fileHandle: u === 'chen' ? 'a'.repeat(32) : undefined,
        },
        files,
      );
      recordAcknowledgement(admin, { username: u, kind: 'conduct', signedOn: today });
    }
    expect((await people()).status).toBe('red');
    const view = recordTraining(admin, {
      heldOn: today,
      topic: '客户信息保密与个人信息保护法',
      trainer: '李老师',
      results: STAFF.map((username) => ({ username, result: 'passed', score: 90 })),
    });
    expect(view.sessions[0]!.results).toHaveLength(4);
    expect(view.staff.every((s) => s.status === 'green')).toBe(true);
    expect(await people()).toMatchObject({ status: 'green', detail: 'ok' });
    const chen = view.staff.find((s) => s.username === 'chen')!;
    expect(chen.confidentiality.latest!.file).toMatchObject({ name: '陈会计保密协议.pdf', mime: 'application/pdf' });
    const saved: Buffer[] = [];
    const out = await exportAcknowledgementFile(
      admin,
      { acknowledgementId: chen.confidentiality.latest!.id },
      async (n, b) => {
        saved.push(b);
        return { path: `/tmp/${n}` };
      },
    );
    expect(out).toMatchObject({ path: '/tmp/陈会计保密协议.pdf' });
    expect(saved[0]!.equals(PDF)).toBe(true);
    expect(events('people.acknowledge')).toHaveLength(8);
    expect(events('people.training')).toHaveLength(1);
    expect(events('document.store')).toHaveLength(1);
    expect(events('document.export')).toHaveLength(1);
  });

  it('turns amber 30 days before the year is up, red after it; a failed session does not renew it', async () => {
    const now = Date.now();
    expect((await people(new Date(now + 340 * DAY_MS))).status).toBe('amber');
    expect((await people(new Date(now + 367 * DAY_MS))).status).toBe('red');
    recordTraining(admin, {
      heldOn: shanghaiDate(now),
      topic: '补考',
      trainer: '李老师',
      results: [{ username: 'chen', result: 'failed', score: 40 }],
    });
    const f = await people(new Date(now + 340 * DAY_MS));
    expect(f).toMatchObject({ status: 'amber' });
    expect(f.params).toMatchObject({ amber: 4, red: 0 });
  });

  it('refuses unknown staff, a day in the future, a person listed twice, none listed (E_INPUT)', async () => {
    const today = shanghaiDate(new Date());
    const tomorrow = shanghaiDate(Date.now() + DAY_MS);
    expect(() => recordAcknowledgement(admin, { username: 'nobody', kind: 'conduct', signedOn: today })).toThrow(
      /no active staff member "nobody"/,
    );
    expect(() => recordAcknowledgement(admin, { username: 'chen', kind: 'conduct', signedOn: tomorrow })).toThrow(
      /cannot be after today/,
    );
    const training = { heldOn: today, topic: 't', trainer: 'x' };
    expect(() =>
      recordTraining(admin, {
        ...training,
        results: [
          { username: 'chen', result: 'passed' },
          { username: 'chen', result: 'failed' },
        ],
      }),
    ).toThrow(/listed twice/);
    expect(() => recordTraining(admin, { ...training, results: [] })).toThrow(/at least one attendee/);
    expect(() =>
      recordAcknowledgement(admin, { username: 'chen', kind: 'conduct', signedOn: today, fileHandle: 'b'.repeat(32) }),
    ).toThrow(/choose the file again/);
  });

  it('an auditor reads the register but may not record (E_FORBIDDEN, audited)', async () => {
    const today = shanghaiDate(new Date());
    await as(auditor, async (s) => {
      const view = getPeople(s);
      expect(view.canManage).toBe(false);
      expect(view.staff).toHaveLength(4);
      await expectCode(
        Promise.resolve().then(() => recordAcknowledgement(s, { username: 'wang', kind: 'conduct', signedOn: today })),
        'E_FORBIDDEN',
      );
      await expectCode(
        Promise.resolve().then(() =>
          recordTraining(s, {
            heldOn: today,
            topic: 't',
            trainer: 'x',
            results: [{ username: 'wang', result: 'passed' }],
          }),
        ),
        'E_FORBIDDEN',
      );
    });
    expect(events('people.manage', 'denied')).toHaveLength(2);
    expect(events('people.list').length).toBeGreaterThan(0);
  });
});
