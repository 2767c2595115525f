/**
 * A statement file holding two accounts (issue 14): each import reads one account, named by the
 * user; the preview lists every account the file holds, the other account's rows are rejected
 * with a reason that says how to import them, and importing the file once per account into two
 * payment accounts imports every entry exactly once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient } from '../../src/core/clients/clients';
import { commitImport, previewImport } from '../../src/core/import/import-file';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

const small = readFileSync(path.join(__dirname, '../fixtures/import/intl/camt053-small.xml'), 'utf8');
/** The fixture with its second statement moved to another account. */
const twoAccounts = new TextEncoder().encode(
  small.replace(/(<c:Stmt>\s*<c:Id>S2[\s\S]*?<c:IBAN>)DE89370400440532013000/, '$1GB33BUKB20201555555555'),
);
const NOW = Date.parse('2024-06-01T04:00:00Z');

let vault: TestVault;
let accountant: Staff;
let clientId = 0;
let accountA = 0;
let accountB = 0;

async function as<T>(fn: (s: VaultSession) => Promise<T>): Promise<T> {
  const s = await signIn(vault, accountant);
  try {
    return await fn(s);
  } finally {
    s.lock();
  }
}

beforeAll(async () => {
  vault = await createTestVault();
  const { session: admin } = await adminSession(vault);
  const manager = await addStaff(admin, vault, 'manager', 'samgr');
  accountant = await addStaff(admin, vault, 'accountant', 'saacc');
  admin.lock();
  await activate(vault, manager);
  await activate(vault, accountant);
  const m = await signIn(vault, manager);
  clientId = createClient(m, { name: '两户公司' }).id;
  setClientGrant(m, { username: 'saacc', clientId, canWrite: true });
  accountA = addPaymentAccount(m, { clientId, kind: 'bank', institution: 'Commerzbank', currency: 'EUR' }).id;
  accountB = addPaymentAccount(m, { clientId, kind: 'bank', institution: 'Barclays', currency: 'GBP' }).id;
  m.lock();
});
afterAll(() => vault?.cleanup());

describe('a statement file with two accounts', () => {
  it('reads the first account by default, lists both, and says how to import the other', async () => {
    const p = await as((s) =>
      previewImport(s, { clientId, accountId: accountA, bytes: twoAccounts, fileName: 'two.xml' }, { now: NOW }),
    );
    expect(p.declared).toMatchObject({
      account: 'DE89370400440532013000',
      accounts: ['DE89370400440532013000', 'GB33BUKB20201555555555'],
    });
    expect(p.counts).toMatchObject({ imported: 2, rejected: 2 });
    const rejected = p.rows.filter((r) => r.status === 'rejected');
    expect(rejected[0]!.problems![0]).toMatchObject({
      key: 'importRow.otherAccount',
      params: { account: 'GB33BUKB20201555555555', reading: 'DE89370400440532013000' },
    });
  });

  it('imports each account into its own payment account, every entry once', async () => {
    const a = await as((s) =>
      commitImport(s, { clientId, accountId: accountA, bytes: twoAccounts, fileName: 'two.xml' }, { now: NOW }),
    );
    const b = await as((s) =>
      commitImport(
        s,
        {
          clientId,
          accountId: accountB,
          bytes: twoAccounts,
          fileName: 'two.xml',
          statementAccount: 'GB33 BUKB 2020 1555 5555 55',
        },
        { now: NOW },
      ),
    );
    expect([a.counts.imported, b.counts.imported]).toEqual([2, 2]);
    expect(b.declared.account).toBe('GB33BUKB20201555555555');
    // Once more for the second account: nothing new.
    const again = await as((s) =>
      previewImport(
        s,
        {
          clientId,
          accountId: accountB,
          bytes: twoAccounts,
          fileName: 'two.xml',
          statementAccount: 'GB33BUKB20201555555555',
        },
        { now: NOW },
      ),
    );
    expect(again.counts).toMatchObject({ imported: 0, duplicates: 2 });
  });
});
