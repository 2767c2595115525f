import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, ADMIN_PASSWORD, createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { unlockVault } from '../../src/core/index';

/**
 * The core's unit tests run without D-Bus: keytar is replaced here by one that fails the way it
 * does on a machine with no Secret Service, so any test vault that still went through the OS
 * keychain would fail to be created.
 */
vi.mock('keytar', () => {
  const noBus = async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  };
  return { default: { getPassword: noBus, setPassword: noBus, deletePassword: noBus } };
});

let vault: TestVault | undefined;
afterEach(async () => {
  await vault?.cleanup();
  vault = undefined;
});

describe('test vaults without a keychain', () => {
  it('createTestVault keys the vault in memory by default: it opens with no Secret Service', async () => {
    vault = await createTestVault();
    expect(vault.keyStore).toBeInstanceOf(MemoryKeyStore);
    const session = await vault.unlock();
    expect(session.user.username).toBe(ADMIN);
    session.lock();
  });

  it('a switched-on lock answers null like a locked keyring: E_KEYCHAIN, and no secret is replaced', async () => {
    const keyStore = new MemoryKeyStore();
    vault = await createTestVault({ keyStore });
    const writesAfterCreate = keyStore.setCalls;
    keyStore.locked = true;
    expect(await keyStore.get(vault.vaultId)).toBeNull();
    const err = await expectCode(vault.unlock(), 'E_KEYCHAIN');
    expect(err.message).toMatch(/recovery key/);
    expect(keyStore.setCalls).toBe(writesAfterCreate);

    keyStore.locked = false; // the user unlocks the keyring and tries again
    const session = await unlockVault({ dir: vault.dir, username: ADMIN, password: ADMIN_PASSWORD, keyStore });
    session.lock();
  });

  it('a locked store refuses writes, and keeps its own copy of what it was given', async () => {
    const store = new MemoryKeyStore({ locked: true });
    await expectCode(store.set('v', randomBytes(32)), 'E_KEYCHAIN');
    store.locked = false;
    expect(await store.get('v')).toBeNull();

    const secret = randomBytes(32);
    const copy = Buffer.from(secret);
    await store.set('v', secret);
    secret.fill(0); // a caller wiping its buffer must not wipe the stored secret
    expect((await store.get('v'))?.equals(copy)).toBe(true);
    expect(await store.delete('v')).toBe(true);
    expect(await store.delete('v')).toBe(false);
  });
});
