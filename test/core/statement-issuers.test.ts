/**
 * Grants and permissions are signed statements, checked at every unlock against the certificate
 * in force of whoever signed them (security model v2). A person's keys change three ways: an
 * admin resets their password (a temporary identity), they set their own at the next sign-in,
 * and an admin recovers the vault with the recovery key (a new identity). None of these may turn
 * the statements that person signed into "not signed by its issuer" (E_INTEGRITY at everyone's
 * unlock): they are signed again, in the same transaction, by a key that is in force.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/clients/clients';
import { setClientGrant, listClientGrants } from '../../src/core/access/grants';
import { authorize } from '../../src/core/access/authorize';
import { grantPermission, resetPassword } from '../../src/core/users/users';
import { recoverVault } from '../../src/core/vault/recover-vault';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { ARGON2_FLOOR, type VaultSession } from '../../src/core/index';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { createTestVault, type TestVault } from '../helpers/test-vault';

let vault: TestVault;
let admin: Staff;
let session: VaultSession;
let mgr: Staff;
let acc: Staff;
let clientId = 0;

beforeEach(async () => {
  vault = await createTestVault();
  ({ session, admin } = await adminSession(vault));
  mgr = await addStaff(session, vault, 'manager', 'mgr');
  acc = await addStaff(session, vault, 'accountant', 'acc');
  // The admin signs a permission for the accountant; the manager signs her grant.
  grantPermission(session, 'acc', 'records.reveal', true);
  session.lock();
  await activate(vault, mgr);
  await activate(vault, acc);
  const m = await signIn(vault, mgr);
  clientId = createClient(m, { name: '签发人测试客户' }).id;
  setClientGrant(m, { username: 'acc', clientId, canWrite: true });
  m.lock();
  session = await signIn(vault, admin);
});

afterEach(async () => {
  if (session.isOpen) session.lock();
  await vault.cleanup();
});

/** The accountant signs in and still has her grant, her client's key and her extra permission. */
async function accountantStillWorks(): Promise<void> {
  const s = await signIn(vault, acc);
  try {
    expect(s.keyRing.has(clientId)).toBe(true);
    expect(() => authorize(s, 'records.reveal', clientId)).not.toThrow();
    expect(() => authorize(s, 'records.update', clientId)).not.toThrow();
  } finally {
    s.lock();
  }
}

describe('statements outlive a change of their issuer keys', () => {
  it('an admin resets the password of the manager who signed a grant: everyone still signs in', async () => {
    await resetPassword(session, 'mgr', 'Temporary-Pass-4821');
    expect(listClientGrants(session).find((g) => g.username === 'acc' && g.clientId === clientId)).toBeDefined();
    session.lock();
    await accountantStillWorks();
    // The manager sets her own password (her own keys replace the temporary ones): still fine.
    mgr.password = 'Temporary-Pass-4821';
    await activate(vault, mgr);
    await accountantStillWorks();
    const m = await signIn(vault, mgr);
    expect(m.keyRing.has(clientId)).toBe(true);
    m.lock();
    session = await signIn(vault, admin);
  });

  it('the admin who signed a permission recovers the vault with the recovery key: everyone still signs in', async () => {
    session.lock();
    const result = await recoverVault({
      dir: vault.dir,
      adminUsername: admin.username,
      recoveryKey: vault.recoveryKey,
      newPassword: 'Recovered-Pass-2025',
      keyStore: vault.keyStore,
      kdf: ARGON2_FLOOR,
    });
    result.session.lock();
    admin.password = 'Recovered-Pass-2025';
    admin.totpSecret = null;
    session = await signIn(vault, admin);
    expect(session.restriction).toBe('mfa-enrol');
    session.lock();
    await accountantStillWorks();
    const m = await signIn(vault, mgr);
    expect(m.keyRing.has(clientId)).toBe(true);
    m.lock();
    ({ session } = await adminSession(vault, admin));
    expect(verifyAudit(session)).toMatchObject({ ok: true });
  });
});
