/**
 * Clients and payment accounts under their client's key (security model v2, issue 11 items 3
 * and 6): names, 统一社会信用代码, account numbers and holders reach the database only sealed;
 * a session without a client's key neither lists nor reads it; a sealed value moved to another
 * row does not open; and nothing in the audit log names a client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant, listClientGrants } from '../../src/core/access/grants';
import { auditClients, listAuditEvents } from '../../src/core/audit/audit-log';
import { addPaymentAccount, listPaymentAccounts, setAccountOpening } from '../../src/core/clients/accounts';
import { clientName, clientNames } from '../../src/core/access/client-names';
import { createClient, listClients, setClientArchived, updateClient } from '../../src/core/clients/clients';
import { usccCheckCharacter } from '../../src/core/clients/uscc';
import { homeSummary } from '../../src/core/home/index';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

/** A valid 统一社会信用代码 whose first 17 characters are `first17`. */
const uscc = (first17: string) => first17 + usccCheckCharacter(first17);

/** Markers placed in every sealed field: none may appear in any column, as text or as UTF-8 bytes. */
const M = {
  name: { ascii: 'QZNAMEMARKER', zh: '甲标记客户乙' },
  renamed: { ascii: 'QZRENAMEDMARK', zh: '丙改名标记丁' },
  uscc: uscc('91330100MA2QXW7K1'),
  uscc2: uscc('91330100MA2QYW8L2'),
  account: '6222029911337755',
  holder: { ascii: 'QZHOLDERMARK', zh: '戊持有人标记己' },
};
const MARKERS = [
  M.name.ascii,
  M.name.zh,
  M.renamed.ascii,
  M.renamed.zh,
  M.uscc,
  M.uscc2,
  M.account,
  // A part long enough to be the number, short of its masked last 4.
  M.account.slice(0, 12),
  M.holder.ascii,
  M.holder.zh,
];

let vault: TestVault;
let manager: Staff;
let accountant: Staff;
let marked = 0;
let plain = 0;
let other = 0;

async function as<T>(staff: Staff, fn: (s: VaultSession) => T): Promise<T> {
  const s = await signIn(vault, staff);
  try {
    return fn(s);
  } finally {
    s.lock();
  }
}

function errorOf(fn: () => unknown): { code?: string; messageKey?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; messageKey?: string };
  }
  throw new Error('expected an error, but it succeeded');
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  manager = await addStaff(admin, vault, 'manager', 'mgr');
  accountant = await addStaff(admin, vault, 'accountant', 'acc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  await as(manager, (s) => {
    marked = createClient(s, { name: `${M.name.zh} ${M.name.ascii}`, uscc: M.uscc }).id;
    plain = createClient(s, { name: '杭州明达' }).id;
    other = createClient(s, { name: '宁波宏远' }).id;
    updateClient(s, { clientId: marked, name: `${M.renamed.zh} ${M.renamed.ascii}`, uscc: M.uscc2 });
    const acct = addPaymentAccount(s, {
      clientId: marked,
      kind: 'bank',
      institution: '招商银行',
      accountNumber: M.account,
      holder: `${M.holder.zh} ${M.holder.ascii}`,
      openingBalance: '100.00',
      openingBalanceDate: '2024-01-01',
    });
    setAccountOpening(s, { id: acct.id, openingBalance: '200.00', openingBalanceDate: '2024-02-01' });
    addPaymentAccount(s, { clientId: plain, kind: 'alipay', accountNumber: 'pay@example.com', holder: '明达' });
    setClientArchived(s, { clientId: other, archived: true });
    setClientArchived(s, { clientId: other, archived: false });
    setClientGrant(s, { username: 'acc', clientId: marked, canWrite: true });
    setClientGrant(s, { username: 'acc', clientId: plain, canWrite: false });
    listClients(s);
    listPaymentAccounts(s, marked);
  });
});
afterAll(async () => vault.cleanup());

describe('client and account fields at rest', () => {
  it('no marker is in any column of clients, payment_accounts or audit_events, as text or UTF-8 bytes', async () => {
    await as(manager, (s) => {
      const found: string[] = [];
      for (const table of ['clients', 'payment_accounts', 'audit_events']) {
        const rows = s.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          for (const [column, value] of Object.entries(row)) {
            const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
            for (const marker of MARKERS) {
              if (bytes.includes(Buffer.from(marker, 'utf8'))) found.push(`${table}.${column}: ${marker}`);
            }
          }
        }
      }
      expect(found).toEqual([]);
    });
  });

  it('the same fields read back whole through the app, the account number masked to its last 4', async () => {
    await as(manager, (s) => {
      const c = listClients(s).find((x) => x.id === marked)!;
      expect(c).toEqual({ id: marked, name: `${M.renamed.zh} ${M.renamed.ascii}`, uscc: M.uscc2, status: 'active' });
      const [a] = listPaymentAccounts(s, marked);
      expect(a).toMatchObject({
        accountNumber: `****${M.account.slice(-4)}`,
        holder: `${M.holder.zh} ${M.holder.ascii}`,
        institution: '招商银行',
        openingBalanceMinor: 20_000,
        openingBalanceDate: '2024-02-01',
      });
      expect(clientName(s, plain)).toBe('杭州明达');
      expect(clientNames(s, [plain, other, 999_999])).toEqual(
        new Map([
          [plain, '杭州明达'],
          [other, '宁波宏远'],
        ]),
      );
    });
  });

  it('no client event in the audit log carries a name, a code or an account detail: only ids', async () => {
    await as(manager, (s) => {
      const events = listAuditEvents(s, { clientId: marked });
      const actions = events.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['client.create', 'client.update', 'account.create']));
      const update = events.find((e) => e.action === 'client.update')!;
      expect(update.details).toEqual({ fields: ['name', 'uscc'] });
      const targets = events.filter((e) => e.targetType === 'client' || e.targetType === 'account');
      expect(targets.every((e) => /^\d+$/.test(e.targetId!))).toBe(true);
      // Every event's details, not only these (the byte scan above covers the stored form).
      expect(JSON.stringify(listAuditEvents(s).map((e) => e.details))).not.toMatch(/QZ|标记/);
    });
  });
});

describe('a session without a client key', () => {
  it('does not list that client, cannot read or change it, and is told it holds no key', async () => {
    await as(manager, (s) => {
      s.keyRing.remove(marked);
      expect(listClients(s, { includeArchived: true }).map((c) => c.id)).toEqual([plain, other]);
      expect(clientNames(s).has(marked)).toBe(false);
      expect(auditClients(s).map((c) => c.id)).not.toContain(marked);
      for (const attempt of [
        () => clientName(s, marked),
        () => listPaymentAccounts(s, marked),
        () => addPaymentAccount(s, { clientId: marked, kind: 'bank', accountNumber: '6222000011112222' }),
        () => updateClient(s, { clientId: marked, name: '新名字' }),
        () => setClientArchived(s, { clientId: marked, archived: true }),
      ]) {
        expect(errorOf(attempt)).toMatchObject({ code: 'E_FORBIDDEN', messageKey: 'client.noKey' });
      }
      // Grants still list it, by number only.
      const grant = listClientGrants(s).find((g) => g.clientId === marked)!;
      expect(grant).toMatchObject({ username: 'acc', clientName: null });
      const denied = listAuditEvents(s, { outcome: 'denied', clientId: marked });
      expect(denied.map((e) => e.details.reason)).toContain('no_key');
    });
    // Nothing changed: the next session with the key sees the client as it was.
    await as(manager, (s) => expect(listClients(s).find((c) => c.id === marked)!.status).toBe('active'));
  });

  it('an accountant who holds a granted client’s key sees it; without the key it leaves her lists', async () => {
    await as(accountant, (s) => {
      // In pinyin order: 丙… (bing) before 杭州明达 (hang).
      expect(listClients(s).map((c) => c.id)).toEqual([marked, plain]);
      s.keyRing.remove(plain);
      expect(listClients(s).map((c) => c.id)).toEqual([marked]);
      expect(homeSummary(s).clients!.map((c) => c.id)).toEqual([marked]);
    });
  });
});

describe('a sealed value moved to another row', () => {
  it('a client name copied onto another client is E_INTEGRITY, not the other name', async () => {
    await as(manager, (s) => {
      const sealedName = (id: number) =>
        (s.db.prepare('SELECT name_enc FROM clients WHERE id = ?').get(id) as { name_enc: Buffer }).name_enc;
      const original = sealedName(other);
      s.db.prepare('UPDATE clients SET name_enc = ? WHERE id = ?').run(sealedName(plain), other);
      expect(errorOf(() => clientName(s, other))).toMatchObject({ code: 'E_INTEGRITY' });
      expect(errorOf(() => listClients(s))).toMatchObject({ code: 'E_INTEGRITY' });
      // Put back, so the later tests read a whole vault.
      s.db.prepare('UPDATE clients SET name_enc = ? WHERE id = ?').run(original, other);
      expect(clientName(s, other)).toBe('宁波宏远');
    });
  });

  it('an account number copied from one account onto another is E_INTEGRITY', async () => {
    await as(manager, (s) => {
      const ids = s.db.prepare('SELECT id FROM payment_accounts ORDER BY id').all() as { id: number }[];
      const [first, second] = ids.map((r) => r.id) as [number, number];
      s.db
        .prepare(
          'UPDATE payment_accounts SET account_number_enc = (SELECT account_number_enc FROM payment_accounts WHERE id = ?) WHERE id = ?',
        )
        .run(first, second);
      expect(errorOf(() => listPaymentAccounts(s, plain))).toMatchObject({ code: 'E_INTEGRITY' });
    });
  });
});

describe('client names outside the clients screen', () => {
  it('the audit log and the home screen name a client to a holder of its key, and give only its number otherwise', async () => {
    await as(manager, (s) => {
      s.write((ctx) => ctx.audit({ action: 'records.export', clientId: marked, details: { rows: 0, format: 'csv' } }));
      const name = `${M.renamed.zh} ${M.renamed.ascii}`;
      expect(listAuditEvents(s, { clientId: marked }).every((e) => e.clientName === name)).toBe(true);
      expect(homeSummary(s).disclosures!.find((d) => d.clientId === marked)!.clientName).toBe(name);
      s.keyRing.remove(marked);
      const events = listAuditEvents(s, { clientId: marked });
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.clientName === null)).toBe(true);
      const home = homeSummary(s);
      expect(home.disclosures!.find((d) => d.clientId === marked)!.clientName).toBeNull();
      expect(home.idle!.clients.map((c) => c.id)).not.toContain(marked);
      expect(JSON.stringify([events, home])).not.toContain(M.renamed.zh);
    });
  });
});
