/**
 * Security model v2, staff identities and client keys through a staff member's life: who holds
 * which private key, which certificate says what, and which client keys each session receives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createClient } from '../../src/core/clients/clients';
import { revokeClientGrant, setClientGrant } from '../../src/core/access/grants';
import { disableUser, resetPassword } from '../../src/core/users/users';
import { updateUser } from '../../src/core/users/staff';
import { recoverVault } from '../../src/core/vault/recover-vault';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { openVaultDatabase } from '../../src/core/vault/database';
import { unwrapUserSlot } from '../../src/core/vault/keyslots';
import { pageCipherOf } from '../../src/core/vault/vault-format';
import { ARGON2_FLOOR, type VaultSession } from '../../src/core/index';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';

let vault: TestVault;
let admin: Staff;
let session: VaultSession;

beforeEach(async () => {
  vault = await createTestVault();
  ({ session, admin } = await adminSession(vault));
});

afterEach(async () => {
  if (session.isOpen) session.lock();
  await vault.cleanup();
});

/** Runs `edit` on vault.db with the DEK, as an insider with a staff password and the keychain would. */
async function editDatabase(staff: Staff, edit: (db: Database.Database) => void): Promise<void> {
  const keys = readKeysFile(vaultPaths(vault.dir));
  const slot = keys.slots.find((s) => s.kind === 'user' && s.username === staff.username && !s.pending);
  if (slot?.kind !== 'user') throw new Error('no slot');
  const device = await vault.keyStore.get(keys.vaultId);
  const contents = await unwrapUserSlot(slot, staff.password, device!, keys.vaultId);
  const db = openVaultDatabase(vaultPaths(vault.dir).db, contents!.dek, { create: false, cipher: pageCipherOf(keys) });
  try {
    edit(db);
  } finally {
    db.close();
  }
}

function certificates(db: Database.Database, username: string) {
  return db
    .prepare<[], { certificate: string }>('SELECT certificate FROM user_certificates ORDER BY id')
    .all()
    .map((r) => JSON.parse(r.certificate) as { body: Record<string, string>; signature: string })
    .filter((c) => c.body.username === username);
}

describe('staff identities', () => {
  it('a new vault is version 2: a self-signed root admin, a recovery identity, the root pinned in the keys file', async () => {
    const keys = readKeysFile(vaultPaths(vault.dir));
    expect(keys.version).toBe(2);
    expect(keys.rootFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(session.certificate.body).toMatchObject({ role: 'admin', status: 'active', username: admin.username });
    expect(session.certificate.body.issuerUserId).toBe(session.user.id);
    expect(session.trust!.of('recovery')?.body.issuerUserId).toBe(session.user.id);
  });

  it('an admin never holds a new colleague’s long-term key: the first sign-in replaces the temporary identity', async () => {
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    const temporary = session.trust!.require(findId(session, 'acc')).body;
    expect(temporary.status).toBe('temporary');
    session.lock();
    await activate(vault, acc);
    session = await signIn(vault, admin);
    const own = session.trust!.require(findId(session, 'acc')).body;
    expect(own.status).toBe('active');
    // Certified by the temporary identity, whose keys it replaces.
    expect(own.issuerUserId).toBe(own.userId);
    expect(own.issuerFingerprint).not.toBe(own.x25519);
    expect(own.x25519).not.toBe(temporary.x25519);
    session.lock();
    await editDatabase(acc, (db) => {
      const chain = certificates(db, 'acc');
      expect(chain.map((c) => c.body.status)).toEqual(['temporary', 'active']);
    });
    session = await signIn(vault, admin);
  });

  it('the role comes from the certificate: an edited users row is E_INTEGRITY at the next unlock, naming the user', async () => {
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    session.lock();
    await activate(vault, acc);
    await editDatabase(acc, (db) => db.prepare("UPDATE users SET role = 'admin' WHERE username = 'acc'").run());
    const err = await expectCode(signIn(vault, acc), 'E_INTEGRITY');
    expect((err as { messageKey?: string }).messageKey).toBe('integrity.usersRow');
    expect((err as { params?: Record<string, unknown> }).params).toEqual({ user: 'acc' });
    await expectCode(signIn(vault, admin), 'E_INTEGRITY');
    session = await signIn(vault, admin).catch(() => session);
  });

  it('a grant gives the client key; revoking takes it away and rotates it; a manager holds every client', async () => {
    const { mgr, ids } = await clientsByManager(['甲公司', '乙公司']);
    const [a, b] = [ids[0]!, ids[1]!];
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    setClientGrant(session, { username: 'acc', clientId: a, canWrite: true });
    const generation = session.keyRing.generation(a);
    session.lock();
    await activate(vault, acc);
    let s = await signIn(vault, acc);
    expect([s.keyRing.has(a), s.keyRing.has(b)]).toEqual([true, false]);
    s.lock();
    s = await signIn(vault, mgr);
    expect(s.keyRing.clientIds().sort()).toEqual([a, b].sort());
    revokeClientGrant(s, { username: 'acc', clientId: a });
    s.lock();
    // The manager may revoke an accountant's grant; the key changed for everyone who kept it.
    s = await signIn(vault, acc);
    expect(s.keyRing.has(a)).toBe(false);
    s.lock();
    session = await signIn(vault, admin);
    expect(session.keyRing.generation(a)).toBe(generation + 1);
  });

  it('disabling and demoting take every client key away and rotate them; promoting gives them all', async () => {
    const { mgr, ids } = await clientsByManager(['甲公司']);
    const a = ids[0]!;
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    session.lock();
    await activate(vault, acc);
    session = await signIn(vault, admin);
    updateUser(session, { username: 'acc', role: 'manager' });
    updateUser(session, { username: 'mgr', role: 'accountant' });
    expect(session.keyRing.generation(a)).toBe(2);
    disableUser(session, 'acc');
    expect(session.keyRing.generation(a)).toBe(3);
    session.lock();
    const s = await signIn(vault, mgr);
    expect(s.user.role).toBe('accountant');
    expect(s.keyRing.size).toBe(0);
    s.lock();
    await expectCode(signIn(vault, acc), 'E_AUTH');
    session = await signIn(vault, admin);
    // Back with a temporary identity, the role's keys again, under the rotated key.
    await resetPassword(session, 'acc', 'Temporary-Pass-2024');
    session.lock();
    const back = await signIn(vault, { username: 'acc', password: 'Temporary-Pass-2024', totpSecret: null });
    expect(back.keyRing.generation(a)).toBe(3);
    back.lock();
    session = await signIn(vault, admin);
  });

  it('a grant a manager gave still holds after the manager is disabled (the admin signs it again)', async () => {
    const { mgr, ids } = await clientsByManager(['甲公司']);
    const a = ids[0]!;
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    session.lock();
    await activate(vault, acc);
    const m = await signIn(vault, mgr);
    setClientGrant(m, { username: 'acc', clientId: a, canWrite: true });
    m.lock();
    session = await signIn(vault, admin);
    disableUser(session, 'mgr');
    session.lock();
    const s = await signIn(vault, acc);
    expect(s.keyRing.has(a)).toBe(true);
    s.lock();
    session = await signIn(vault, admin);
  });

  it('a hand-made grant row, with or without a copied statement, is E_INTEGRITY naming the grant', async () => {
    const { ids } = await clientsByManager(['甲公司', '乙公司']);
    const [a, b] = [ids[0]!, ids[1]!];
    const acc = await addStaff(session, vault, 'accountant', 'acc');
    setClientGrant(session, { username: 'acc', clientId: a, canWrite: false });
    session.lock();
    await activate(vault, acc);
    await editDatabase(acc, (db) => {
      const row = db.prepare<[], Record<string, unknown>>('SELECT * FROM client_grants').get()!;
      db.prepare(
        'INSERT INTO client_grants (user_id, client_id, can_write, granted_by, granted_at, statement) VALUES (?, ?, 1, ?, ?, ?)',
      ).run(row.user_id, b, row.granted_by, row.granted_at, row.statement);
    });
    const err = await expectCode(signIn(vault, acc), 'E_INTEGRITY');
    expect((err as { messageKey?: string }).messageKey).toBe('integrity.grant');
    expect((err as { params?: Record<string, unknown> }).params).toEqual({ client: b, user: 'acc' });
    session = await signIn(vault, admin).catch(() => session);
  });

  it('the two-step secret is sealed under its owner’s identity: no column holds it', async () => {
    const keys = readKeysFile(vaultPaths(vault.dir));
    expect(admin.totpSecret).not.toBeNull();
    session.lock();
    await editDatabase(admin, (db) => {
      const row = db.prepare<[], Record<string, unknown>>("SELECT * FROM users WHERE username = 'admin'").get()!;
      expect(row.mfa_secret).toBeNull();
      expect(Buffer.isBuffer(row.mfa_secret_enc)).toBe(true);
      expect((row.mfa_secret_enc as Buffer).includes(Buffer.from(admin.totpSecret!))).toBe(false);
    });
    expect(readFileSync(vaultPaths(vault.dir).keys, 'utf8')).not.toContain(admin.totpSecret!);
    expect(keys.version).toBe(2);
    session = await signIn(vault, admin);
  });

  it('recovery gives the admin a new identity certified by the recovery identity, with every client key', async () => {
    const { ids } = await clientsByManager(['甲公司']);
    const a = ids[0]!;
    session.lock();
    const result = await recoverVault({
      dir: vault.dir,
      adminUsername: admin.username,
      recoveryKey: vault.recoveryKey,
      newPassword: 'Recovered-Pass-2025',
      keyStore: vault.keyStore,
      kdf: ARGON2_FLOOR,
    });
    session = result.session;
    expect(session.certificate.body.issuerUserId).toBe('recovery');
    expect(session.keyRing.has(a)).toBe(true);
    session.lock();
    // The old two-step secret was sealed under the lost identity: the admin enrols again.
    admin.password = 'Recovered-Pass-2025';
    admin.totpSecret = null;
    session = await signIn(vault, admin);
    expect(session.restriction).toBe('mfa-enrol');
    expect(session.keyRing.has(a)).toBe(true);
    expect(session.certificate.body.issuerUserId).toBe('recovery');
  });
});

/** Clients are made by a manager (admins manage staff, managers manage clients). */
async function clientsByManager(names: string[]): Promise<{ mgr: Staff; ids: number[] }> {
  const mgr = await addStaff(session, vault, 'manager', 'mgr');
  session.lock();
  await activate(vault, mgr);
  const m = await signIn(vault, mgr);
  const ids = names.map((name) => createClient(m, { name }).id);
  m.lock();
  session = await signIn(vault, admin);
  return { mgr, ids };
}

function findId(s: VaultSession, username: string): string {
  const row = s.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE username = ?').get(username);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}
