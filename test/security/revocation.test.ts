/**
 * Issue 11, "Must show": revocation. An accountant granted client A keeps (as an attacker would)
 * a copy of A's raw client key, unwrapped from her own wrap with the identity in her keyslot.
 * After the grant is revoked, that copy opens none of A's fields: not those the rotation
 * re-sealed, not those written since; A's new search tokens and duplicate hashes do not match
 * hers; her next unlock holds no key for A; the admin still reads everything; a new grant gives
 * her the new key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { addPaymentAccount } from '../../src/core/clients/accounts';
import { createClient, insertClient, listClients } from '../../src/core/clients/clients';
import { usccCheckCharacter } from '../../src/core/clients/uscc';
import { unwrapClientKey } from '../../src/core/crypto/client-keys';
import { decryptField, deriveClientSubkeys, type ClientSubkeys } from '../../src/core/crypto/field-cipher';
import { eq } from 'drizzle-orm';
import { paymentRecords } from '../../src/core/db/schema';
import { addRecord } from '../../src/core/records/add-record';
import { updateRecord } from '../../src/core/records/record-changes';
import { openRecordText, searchedText } from '../../src/core/records/sealed-record';
import {
  recordTokens,
  referenceDuplicateHash,
  tokenText,
  transactionDuplicateHash,
} from '../../src/core/search/search-tokens';
import { storedSearchTerms } from '../helpers/search-terms';
import type { VaultSession } from '../../src/core/index';
import { openText, type SealedTable } from '../../src/core/vault/sealed-fields';
import { SEALED_TABLES } from '../../src/core/vault/sealed-columns';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { insiderKeys, withDb, type InsiderKeys, type RawDb } from './helpers';

const first17 = '91110108MA01C2D3E';
const USCC_A = `${first17}${usccCheckCharacter(first17)}`;
const A_NAME = '甲贸易有限公司';

let vault: TestVault;
let admin: Staff;
let mgr: Staff;
let acc: Staff;
let clientA = 0;
let clientB = 0;
let keys: InsiderKeys;
/** What she saved while granted: A's raw client key and the subkeys it yields. */
let savedKey: Buffer;
let saved: ClientSubkeys;
let recordBefore = 0;
let recordAfter = 0;

async function as<T>(who: Staff, run: (s: VaultSession) => T | Promise<T>): Promise<T> {
  const s = await signIn(vault, who);
  try {
    return await run(s);
  } finally {
    s.lock();
  }
}

function fullRecord(clientId: number, accountId: number, tag: string) {
  return {
    clientId,
    accountId,
    occurredAt: '2026-11-05 09:30',
    direction: 'out' as const,
    amount: '2048.00',
    counterparty: `乙方供应商${tag}`,
    counterpartyAccount: `62170000${tag}`,
    reference: `REF-${tag}`,
    merchantOrderRef: `MO-${tag}`,
    memo: `采购备注${tag}`,
  };
}

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  mgr = await addStaff(first.session, vault, 'manager', 'mgr');
  acc = await addStaff(first.session, vault, 'accountant', 'acc');
  first.session.lock();
  await activate(vault, mgr);
  await as(mgr, (m) => {
    clientA = m.write((ctx) => {
      const id = insertClient(m, ctx, { name: A_NAME, uscc: USCC_A, contact: '王会计 13800000000', notes: '月结客户' });
      ctx.audit({ action: 'client.create', targetType: 'client', targetId: String(id), clientId: id });
      return id;
    });
    clientB = createClient(m, { name: '丙科技有限公司' }).id;
    const account = addPaymentAccount(m, {
      clientId: clientA,
      kind: 'bank',
      accountNumber: '6222020200112233',
      holder: A_NAME,
    });
    const rec = addRecord(m, fullRecord(clientA, account.id, '0001'));
    updateRecord(m, rec.id, rec.version, { memo: '采购备注已改', counterparty: '乙方供应商改名' });
    recordBefore = rec.id;
  });
  await as(admin, (a) => setClientGrant(a, { username: 'acc', clientId: clientA, canWrite: true }));
  await activate(vault, acc);

  // The attacker's copy: her wrap of A, opened with the identity her own keyslot holds.
  keys = await insiderKeys(vault.dir, vault.keyStore, 'acc', acc.password);
  savedKey = withDb(vault.dir, keys, (db) => {
    const row = db
      .prepare<[number, string], { wrap: Buffer }>(
        'SELECT wrap FROM client_key_wraps WHERE client_id = ? AND recipient_id = ?',
      )
      .get(clientA, keys.userId)!;
    return unwrapClientKey(
      row.wrap,
      { x25519Private: keys.identity.x25519.privateKey, x25519Public: keys.identity.x25519.publicKey },
      { vaultId: keys.vaultId, clientId: clientA, recipientUserId: keys.userId },
    );
  });
  saved = deriveClientSubkeys(savedKey);
  // While granted, the copy works: it is a real key of A, not a dud that would make the rest trivial.
  expect(sealedFieldsOf(clientA, (at, blob) => decryptField(saved.fieldKey, at, blob)).opened).toBeGreaterThan(0);

  await as(admin, (a) => revokeClientGrant(a, { username: 'acc', clientId: clientA }));
  await as(mgr, (m) => {
    const account = addPaymentAccount(m, {
      clientId: clientA,
      kind: 'alipay',
      accountNumber: 'a-after@example.cn',
      holder: '甲贸易',
    });
    recordAfter = addRecord(m, fullRecord(clientA, account.id, '0002')).id;
    const before = m.db
      .prepare<[number], { version: number }>('SELECT version FROM payment_records WHERE id = ?')
      .get(recordBefore)!;
    updateRecord(m, recordBefore, before.version, { memo: '撤销后再改' });
  });
  // A dozen Argon2id sign-ins on two cores shared with other runs: room beyond the default hook timeout.
}, 240_000);

afterAll(async () => {
  await vault?.cleanup();
});

type Loc = { vaultId: string; clientId: number; table: SealedTable; rowId: number; field: string };

/**
 * Every sealed value of a client, from a copy of vault.db: each `<field>_enc` column of the
 * tables sealed under client keys (found by name, so a new sealed column is covered too), with
 * the location bound into its associated data.
 */
function sealedFieldsOf(clientId: number, open: (at: Loc, blob: Buffer) => unknown) {
  return withDb(vault.dir, keys, (db: RawDb) => {
    let opened = 0;
    const refused: string[] = [];
    const tables = new Set<string>();
    for (const spec of SEALED_TABLES) {
      const cols = db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${spec.table}')`)
        .all()
        .map((c) => c.name)
        .filter((c) => c.endsWith('_enc'));
      expect(cols.map((c) => c.slice(0, -4)).sort(), `${spec.table}: sealed columns`).toEqual([...spec.fields].sort());
      const rows = db
        .prepare<[number], Record<string, unknown> & { id: number }>(
          `SELECT ${spec.idSql ?? 'id'} AS id, ${cols.join(', ')} FROM ${spec.table} WHERE ${spec.clientIdSql} = ?`,
        )
        .all(clientId);
      for (const row of rows) {
        for (const col of cols) {
          const blob = row[col] as Buffer | null;
          if (blob === null) continue;
          tables.add(spec.table);
          const at = { vaultId: keys.vaultId, clientId, table: spec.table, rowId: row.id, field: col.slice(0, -4) };
          try {
            open(at, blob);
            opened += 1;
          } catch {
            refused.push(`${spec.table}.${col} #${row.id}`);
          }
        }
      }
    }
    return { opened, refused, tables: [...tables].sort() };
  });
}

describe('after revoke, her saved copy of the old client key', () => {
  it('decrypts no field of client A: neither those re-sealed by the rotation nor those written since', () => {
    const withOld = sealedFieldsOf(clientA, (at, blob) => decryptField(saved.fieldKey, at, blob));
    expect(withOld.opened).toBe(0);
    expect(withOld.tables).toEqual(['clients', 'payment_accounts', 'payment_records', 'record_history']);
    // Both records are there: the one re-sealed by the rotation and the one written after it.
    const ids = withDb(vault.dir, keys, (db) =>
      db
        .prepare<[number], { id: number }>('SELECT id FROM payment_records WHERE client_id = ? ORDER BY id')
        .all(clientA),
    );
    expect(ids.map((r) => r.id)).toEqual([recordBefore, recordAfter]);
    // clients 4 + two accounts 2 each + two records 5 each + history (old and new of 3 changes).
    expect(withOld.refused.length).toBeGreaterThanOrEqual(4 + 4 + 10 + 6);
  });

  it(`matches none of A's search tokens or duplicate hashes made since`, async () => {
    await as(mgr, (m) => {
      const rows = m.orm.select().from(paymentRecords).where(eq(paymentRecords.clientId, clientA)).all();
      const terms = storedSearchTerms(m.db);
      const stored = new Set(rows.flatMap((row) => [...(terms.get(row.id) ?? [])]));
      expect(stored.size).toBeGreaterThan(10);
      const current = m.keyRing.subkeys(clientA).searchKey;
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const text = openRecordText(m, row);
        // With the key A has now, every token is there (the index is live) ...
        for (const t of recordTokens(current, ...searchedText(text))) expect(stored.has(tokenText(t))).toBe(true);
        // ... with her saved key, none is.
        for (const t of recordTokens(saved.searchKey, ...searchedText(text)))
          expect(stored.has(tokenText(t))).toBe(false);
        const oldRef = referenceDuplicateHash(saved.searchKey, {
          accountId: row.accountId,
          reference: text.reference!,
        });
        const oldTxn = transactionDuplicateHash(saved.searchKey, {
          occurredAtMs: row.occurredAt,
          amountMinor: row.amountMinor,
          counterparty: text.counterparty!,
        });
        expect(row.dupRef).not.toBeNull();
        expect(row.dupTxn).not.toBeNull();
        expect(row.dupRef!.equals(oldRef)).toBe(false);
        expect(row.dupTxn!.equals(oldTxn)).toBe(false);
      }
    });
  });
});

describe('who holds A after revoke', () => {
  it('her next unlock has no key for A, no wrap of it, and A is not in her list', async () => {
    await as(acc, (s) => {
      expect(s.keyRing.has(clientA)).toBe(false);
      expect(listClients(s).map((c) => c.id)).not.toContain(clientA);
    });
    const wraps = withDb(vault.dir, keys, (db) =>
      db.prepare('SELECT client_id FROM client_key_wraps WHERE recipient_id = ?').all(keys.userId),
    );
    expect(wraps).toEqual([]);
  });

  it('an admin still reads every field of A, and client B was never rotated', async () => {
    await as(admin, (a) => {
      expect(a.keyRing.has(clientA)).toBe(true);
      const all = sealedFieldsOf(clientA, (at, blob) => openText(a, at, blob));
      expect(all.refused).toEqual([]);
      expect(all.opened).toBeGreaterThanOrEqual(24);
      expect(a.keyRing.generation(clientA)).toBe(2);
      expect(a.keyRing.generation(clientB)).toBe(1);
    });
  });

  it('a new grant gives her the new key (not her old copy), which opens A again', async () => {
    await as(admin, (a) => setClientGrant(a, { username: 'acc', clientId: clientA, canWrite: false }));
    await as(acc, (s) => {
      expect(s.keyRing.has(clientA)).toBe(true);
      expect(s.keyRing.clientKey(clientA).equals(savedKey)).toBe(false);
      const row = s.db
        .prepare<[number], { name_enc: Buffer }>('SELECT name_enc FROM clients WHERE id = ?')
        .get(clientA)!;
      expect(openText(s, { clientId: clientA, table: 'clients', rowId: clientA, field: 'name' }, row.name_enc)).toBe(
        A_NAME,
      );
    });
  });
});
