import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { ARGON2_FLOOR, recoverVault, unlockVault } from '../../src/core/index';
import {
  ADMIN,
  ADMIN_PASSWORD,
  LockedKeyStore,
  createTestVault,
  expectCode,
  type TestVault,
} from '../helpers/test-vault';
import { writeRecords } from '../helpers/records';

const sha = (file: string) =>
  existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

describe('vault: create, unlock, lock', () => {
  it('unlocks with the right password and locking drops the database', async () => {
    vault = await createTestVault();
    const session = await vault.unlock();
    expect(session.user).toMatchObject({ username: ADMIN, role: 'admin' });
    writeRecords(session, '客户甲', [{ counterparty: '张三', memo: 'rent', amountMinor: 123456 }]);
    session.lock();
    expect(() => session.orm).toThrow(/E_VAULT_LOCKED/);
    const again = await vault.unlock();
    expect(again.orm.select({ n: count() }).from(paymentRecords).get()?.n).toBe(1);
    again.lock();
  });

  it('a wrong password is E_AUTH and changes nothing but the failure counter', async () => {
    vault = await createTestVault();
    const keysPath = path.join(vault.dir, 'vault.keys');
    const dbBefore = sha(path.join(vault.dir, 'vault.db'));
    const walBefore = sha(path.join(vault.dir, 'vault.db-wal'));
    const keysBefore = JSON.parse(readFileSync(keysPath, 'utf8'));

    await expectCode(vault.unlock(ADMIN, 'Wrong-Password-99'), 'E_AUTH');

    const keysAfter = JSON.parse(readFileSync(keysPath, 'utf8'));
    expect(sha(path.join(vault.dir, 'vault.db'))).toBe(dbBefore);
    expect(sha(path.join(vault.dir, 'vault.db-wal'))).toBe(walBefore);
    expect(keysAfter.counters[ADMIN].failures).toBe(1);
    const strip = (k: Record<string, unknown>) => ({
      ...k,
      counters: null,
      mac: { ...(k.mac as object), device: null },
    });
    expect(strip(keysAfter)).toEqual(strip(keysBefore));
  });

  it('an edited keys file is E_INTEGRITY', async () => {
    vault = await createTestVault();
    const keysPath = path.join(vault.dir, 'vault.keys');
    const keys = JSON.parse(readFileSync(keysPath, 'utf8'));
    keys.lockout.maxFailures = 100; // an insider trying to allow more guesses
    writeFileSync(keysPath, JSON.stringify(keys));
    await expectCode(vault.unlock(), 'E_INTEGRITY');
  });

  it('a keys file whose counters were reset by hand is E_INTEGRITY', async () => {
    vault = await createTestVault();
    await expectCode(vault.unlock(ADMIN, 'Wrong-Password-99'), 'E_AUTH');
    const keysPath = path.join(vault.dir, 'vault.keys');
    const keys = JSON.parse(readFileSync(keysPath, 'utf8'));
    keys.counters = {};
    writeFileSync(keysPath, JSON.stringify(keys));
    await expectCode(vault.unlock(), 'E_INTEGRITY');
  });

  it('a garbled keys file is E_INTEGRITY, a missing one is E_NOT_FOUND', async () => {
    vault = await createTestVault();
    const keysPath = path.join(vault.dir, 'vault.keys');
    writeFileSync(keysPath, readFileSync(keysPath, 'utf8').slice(0, 200));
    await expectCode(vault.unlock(), 'E_INTEGRITY');
    await expectCode(
      unlockVault({
        dir: path.join(vault.dir, 'nowhere'),
        username: ADMIN,
        password: ADMIN_PASSWORD,
        keyStore: vault.keyStore,
      }),
      'E_NOT_FOUND',
    );
  });
});

describe('vault: keychain', () => {
  it('a null from a locked keychain is E_KEYCHAIN with the recovery hint, and no new secret is made', async () => {
    vault = await createTestVault();
    const locked = new LockedKeyStore();
    const err = await expectCode(
      unlockVault({ dir: vault.dir, username: ADMIN, password: ADMIN_PASSWORD, keyStore: locked }),
      'E_KEYCHAIN',
    );
    expect(err.message).toMatch(/recovery key/);
    expect(locked.setCalls).toBe(0);
  });

  it('after the keychain entry is deleted, recover opens the vault with every record intact', async () => {
    vault = await createTestVault();
    const session = await vault.unlock();
    writeRecords(session, '客户乙', [
      { counterparty: '李四', memo: 'a', amountMinor: 10 },
      { counterparty: '王五', memo: 'b', amountMinor: 20 },
    ]);
    session.lock();

    expect(await vault.keyStore.delete(vault.vaultId)).toBe(true);
    await expectCode(vault.unlock(), 'E_KEYCHAIN');

    const newPassword = 'Brand-New-Password-7';
    const result = await recoverVault({
      dir: vault.dir,
      adminUsername: ADMIN,
      recoveryKey: vault.recoveryKey.toLowerCase(), // typed sloppily: case does not matter
      newPassword,
      keyStore: vault.keyStore,
      kdf: ARGON2_FLOOR,
    });
    expect(result.deviceSecretReplaced).toBe(true);
    result.session.lock();

    await expectCode(vault.unlock(ADMIN, ADMIN_PASSWORD), 'E_AUTH');
    const reopened = await vault.unlock(ADMIN, newPassword);
    const rows = reopened.orm.select().from(paymentRecords).all();
    expect(rows.map((r) => [r.counterparty, r.amountMinor])).toEqual([
      ['李四', 10],
      ['王五', 20],
    ]);
    expect(reopened.orm.select().from(auditEvents).where(eq(auditEvents.action, 'vault.recover')).all()).toHaveLength(
      1,
    );
    reopened.lock();
  });

  it('a wrong recovery key is E_AUTH and a mistyped one is E_INPUT', async () => {
    vault = await createTestVault();
    const other = await createTestVault();
    try {
      const input = {
        dir: vault.dir,
        adminUsername: ADMIN,
        newPassword: 'Brand-New-Password-7',
        keyStore: vault.keyStore,
        kdf: ARGON2_FLOOR,
      };
      await expectCode(recoverVault({ ...input, recoveryKey: other.recoveryKey }), 'E_AUTH');
      const typo = vault.recoveryKey.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A'));
      await expectCode(recoverVault({ ...input, recoveryKey: typo }), 'E_INPUT');
    } finally {
      await other.cleanup();
    }
  });
});

describe('vault: lockout', () => {
  it('after 10 failures the right password is E_LOCKED until the lock expires; counters survive a restart', async () => {
    vault = await createTestVault();
    for (let i = 1; i <= 9; i += 1) await expectCode(vault.unlock(ADMIN, `Wrong-Password-${i}0`), 'E_AUTH');
    await expectCode(vault.unlock(ADMIN, 'Wrong-Password-100'), 'E_LOCKED');
    // A "restart": nothing is kept in memory, every attempt re-reads the keys file.
    await expectCode(vault.unlock(), 'E_LOCKED');
    const in31Minutes = () => new Date(Date.now() + 31 * 60_000);
    const session = await unlockVault({
      dir: vault.dir,
      username: ADMIN,
      password: ADMIN_PASSWORD,
      keyStore: vault.keyStore,
      now: in31Minutes,
    });
    const events = session.orm.select().from(auditEvents).all();
    expect(events.filter((e) => e.action === 'auth.signin' && e.outcome === 'failed')).toHaveLength(10);
    expect(events.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'auth.signin' && e.outcome === 'denied')).toHaveLength(1);
    session.lock();
    const keys = JSON.parse(readFileSync(path.join(vault.dir, 'vault.keys'), 'utf8'));
    expect(keys.counters[ADMIN]).toBeUndefined();
    expect(
      existsSync(path.join(vault.dir, 'vault.pending'))
        ? readFileSync(path.join(vault.dir, 'vault.pending'), 'utf8')
        : '',
    ).toBe('');
  });
});

describe('vault: one writer', () => {
  it('a second open of the same vault is E_BUSY until the first locks', async () => {
    vault = await createTestVault();
    const first = await vault.unlock();
    await expectCode(vault.unlock(), 'E_BUSY');
    first.lock();
    const second = await vault.unlock();
    second.lock();
  });

  it('creating a vault where one exists is E_EXISTS and leaves it untouched', async () => {
    vault = await createTestVault();
    const before = sha(path.join(vault.dir, 'vault.keys'));
    const { createVault } = await import('../../src/core/index');
    await expectCode(
      createVault({
        dir: vault.dir,
        adminUsername: 'other',
        adminPassword: 'Second-Vault-Pass-1',
        keyStore: vault.keyStore,
        kdf: ARGON2_FLOOR,
      }),
      'E_EXISTS',
    );
    expect(sha(path.join(vault.dir, 'vault.keys'))).toBe(before);
  });
});
