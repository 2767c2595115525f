import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { OsKeyStore } from '../../src/core/index';
import {
  ADMIN,
  ADMIN_PASSWORD,
  TEST_SERVICE,
  createTestVault,
  expectCode,
  type TestVault,
} from '../helpers/test-vault';

/**
 * The real OS keychain (gnome-keyring over D-Bus: run inside scripts/with-keyring.sh). The other
 * core tests key their vaults in memory; this one shows that OsKeyStore itself stores, returns and
 * removes a device secret, and turns a damaged entry into E_KEYCHAIN.
 */
const store = new OsKeyStore(TEST_SERVICE);
const made: string[] = [];
let vault: TestVault | undefined;

afterEach(async () => {
  for (const id of made.splice(0)) await store.delete(id).catch(() => false);
  await vault?.cleanup();
  vault = undefined;
});

describe('OsKeyStore on the system keychain', () => {
  it('stores, returns and removes a device secret; a missing entry is null', async () => {
    const id = randomUUID();
    made.push(id);
    expect(await store.get(id)).toBeNull();
    const secret = randomBytes(32);
    await store.set(id, secret);
    expect((await store.get(id))?.equals(secret)).toBe(true);
    expect(await store.delete(id)).toBe(true);
    expect(await store.get(id)).toBeNull();
    expect(await store.delete(id)).toBe(false);
  });

  it('an entry that is not a 32-byte secret is E_KEYCHAIN, never a short key', async () => {
    const id = randomUUID();
    made.push(id);
    await keytar.setPassword(TEST_SERVICE, `vault:${id}:device-secret`, randomBytes(16).toString('base64'));
    await expectCode(store.get(id), 'E_KEYCHAIN');
  });

  it('a vault keyed through it opens; with its entry gone it is E_KEYCHAIN', async () => {
    vault = await createTestVault({ keyStore: store });
    const session = await vault.unlock(ADMIN, ADMIN_PASSWORD);
    session.lock();
    expect(await store.delete(vault.vaultId)).toBe(true);
    await expectCode(vault.unlock(), 'E_KEYCHAIN');
  });
});
