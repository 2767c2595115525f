import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { exportAgreementFile, getAgreements, recordAgreement } from '../../src/core/agreements/index';
import { createClient } from '../../src/core/clients/clients';
import { clientAgreements, complianceFiles } from '../../src/core/db/registers-schema';
import { auditEvents } from '../../src/core/db/schema';
import { checkDocument } from '../../src/core/documents/index';
import { readPosture } from '../../src/core/posture/index';
import type { VaultSession } from '../../src/core/index';
import { agreementState } from '../../src/shared/agreements/rules';
import { DAY_MS, shanghaiDate } from '../../src/shared/time';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/**
 * Client agreements (issue 17, Build 5): each client's data-protection agreement, its scope and
 * file sealed under the client's key; the posture fact 'agreements' is red while an active client
 * has none (or one past renewal), amber within 30 days of renewal, and recording one clears it.
 */
let vault: TestVault;
let admin: VaultSession;
let adminStaff: Staff;
let auditor: Staff;
let mingda = 0;
let hongyuan = 0;
const PDF = Buffer.from('%PDF-1.5\n%signed data-protection agreement\n%%EOF\n');
const SCOPE = '代理记账：银行流水、支付宝与微信支付账单的录入与对账';

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

async function fact(now = new Date()) {
  return (await readPosture(admin, { appVersion: '0.1.0', now })).facts.find((f) => f.id === 'agreements')!;
}

const inDays = (days: number) => shanghaiDate(Date.now() + days * DAY_MS);
const noFiles = { take: () => checkDocument({ name: '明达数据保护协议.pdf', bytes: PDF }) };

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.session;
  adminStaff = first.admin;
  const manager = await addStaff(admin, vault, 'manager', 'manager1');
  auditor = await addStaff(admin, vault, 'auditor', 'wang');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, auditor);
  const m = await signIn(vault, manager);
  mingda = createClient(m, { name: '杭州明达' }).id;
  hongyuan = createClient(m, { name: '宁波宏远' }).id;
  m.lock();
  admin = await signIn(vault, adminStaff);
  setClientGrant(admin, { username: 'wang', clientId: mingda, canWrite: false });
});

afterAll(async () => {
  admin.lock();
  await vault.cleanup();
});

describe('client agreements', () => {
  it('rules: none or past renewal is red, renewal within 30 days amber, no renewal date stays green', () => {
    expect(agreementState(null, '2026-01-01')).toEqual({ status: 'red', detail: 'none' });
    expect(agreementState({ renewalDate: '2026-03-01' }, '2026-01-29').status).toBe('green');
    expect(agreementState({ renewalDate: '2026-03-01' }, '2026-01-30').status).toBe('amber');
    expect(agreementState({ renewalDate: '2026-03-01' }, '2026-03-02')).toEqual({ status: 'red', detail: 'expired' });
    expect(agreementState({ renewalDate: null }, '2099-01-01').status).toBe('green');
  });

  it('is red with active clients lacking one; recording both clears it; the scope and file are sealed', async () => {
    expect(await fact()).toMatchObject({ status: 'red', detail: 'missing', fixRoute: '/agreements' });
    expect((await fact()).params).toMatchObject({ clients: 2, red: 2 });
    recordAgreement(
      admin,
      { clientId: mingda, signedOn: inDays(0), scope: SCOPE, renewalDate: inDays(365), fileHandle: 'c'.repeat(32) },
      noFiles,
    );
    expect((await fact()).params).toMatchObject({ red: 1 });
    const view = recordAgreement(
      admin,
      { clientId: hongyuan, signedOn: inDays(-1), scope: '工资与社保申报', renewalDate: inDays(365) },
      noFiles,
    );
    expect(await fact()).toMatchObject({ status: 'green', detail: 'ok' });
    const m = view.clients.find((c) => c.clientId === mingda)!;
    expect(m).toMatchObject({ clientName: '杭州明达', status: 'green' });
    expect(m.current).toMatchObject({ scope: SCOPE, renewalDate: inDays(365) });
    expect(m.current!.file).toMatchObject({ name: '明达数据保护协议.pdf' });
    const row = admin.orm.select().from(clientAgreements).where(eq(clientAgreements.id, m.current!.id)).get()!;
    expect(row.scopeEnc!.toString('utf8')).not.toContain('银行流水');
    const file = admin.orm.select().from(complianceFiles).where(eq(complianceFiles.id, m.current!.file!.id)).get()!;
    expect(file.clientId).toBe(mingda);
    expect(file.content.includes(Buffer.from('%PDF'))).toBe(false);
    const recorded = admin.orm.select().from(auditEvents).where(eq(auditEvents.action, 'agreement.record')).all();
    expect(recorded).toHaveLength(2);
    expect(recorded.map((e) => e.details).join()).not.toContain('银行流水');
  });

  it('turns amber within 30 days of renewal and red after it; a renewal recorded clears the red', async () => {
    expect((await fact(new Date(Date.now() + 340 * DAY_MS))).status).toBe('amber');
    const late = new Date(Date.now() + 370 * DAY_MS);
    expect(await fact(late)).toMatchObject({ status: 'red' });
    expect((await fact(late)).params).toMatchObject({ red: 2 });
    recordAgreement(admin, { clientId: mingda, signedOn: inDays(0), scope: SCOPE, renewalDate: inDays(800) }, noFiles);
    recordAgreement(admin, { clientId: hongyuan, signedOn: inDays(0), scope: SCOPE, renewalDate: null }, noFiles);
    expect(await fact(late)).toMatchObject({ status: 'green' });
    expect(getAgreements(admin).clients.find((c) => c.clientId === mingda)!.history).toHaveLength(2);
  });

  it("the scope and the file still open after the client's key is rotated", async () => {
    revokeClientGrant(admin, { username: 'wang', clientId: mingda });
    const m = getAgreements(admin).clients.find((c) => c.clientId === mingda)!;
    expect(m.history.at(-1)!.scope).toBe(SCOPE);
    const saved: Buffer[] = [];
    await exportAgreementFile(admin, { agreementId: m.history.at(-1)!.id }, async (n, b) => {
      saved.push(b);
      return { path: `/tmp/${n}` };
    });
    expect(saved[0]!.equals(PDF)).toBe(true);
    setClientGrant(admin, { username: 'wang', clientId: mingda, canWrite: false });
  });

  it('refuses a renewal before signing, a day in the future, an unknown client (E_INPUT)', () => {
    expect(() =>
      recordAgreement(admin, { clientId: mingda, signedOn: inDays(0), scope: 'x', renewalDate: inDays(-1) }, noFiles),
    ).toThrow(/renewal date cannot be before/);
    expect(() => recordAgreement(admin, { clientId: mingda, signedOn: inDays(2), scope: 'x' }, noFiles)).toThrow(
      /signing date cannot be after today/,
    );
    expect(() => recordAgreement(admin, { clientId: 9999, signedOn: inDays(0), scope: 'x' }, noFiles)).toThrow(
      /Client 9999 was not found/,
    );
  });

  it('an auditor reads (a client without its key by number, no scope) and may not record (E_FORBIDDEN, audited)', async () => {
    await as(auditor, async (s) => {
      const view = getAgreements(s);
      expect(view.canManage).toBe(false);
      expect(view.clients.find((c) => c.clientId === mingda)!.current!.scope).toBe(SCOPE);
      const h = view.clients.find((c) => c.clientId === hongyuan)!;
      expect(h).toMatchObject({ clientName: null, status: 'green' });
      expect(h.current!.scope).toBeNull();
      await expectCode(
        Promise.resolve().then(() =>
          recordAgreement(s, { clientId: mingda, signedOn: inDays(0), scope: 'x' }, noFiles),
        ),
        'E_FORBIDDEN',
      );
    });
    const denied = admin.orm
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'agreement.manage'), eq(auditEvents.outcome, 'denied')))
      .all();
    expect(denied).toHaveLength(1);
  });
});
