/** `ledgervault page-key`'s core: the recovery key gives the page cipher and DEK that open a copy of vault.db. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPageKey } from '../../src/core/vault/page-key';
import { openVaultDatabase } from '../../src/core/vault/database';
import { vaultPaths } from '../../src/core/vault/paths';
import { generateRecoveryKey } from '../../src/core/crypto/recovery-key';
import { createTestVault, type TestVault } from '../helpers/test-vault';

let vault: TestVault;
beforeEach(async () => {
  vault = await createTestVault();
});
afterEach(async () => {
  await vault.cleanup();
});

describe('page key from the recovery key', () => {
  it('names the page cipher of a new vault (AEGIS-256) and a DEK that opens it', () => {
    const key = readPageKey({ dir: vault.dir, recoveryKey: vault.recoveryKey });
    expect(key.vaultId).toBe(vault.vaultId);
    expect(key.pageCipher).toBe('aegis-256');
    expect(key.dekHex).toMatch(/^[0-9a-f]{64}$/);
    const db = openVaultDatabase(vaultPaths(vault.dir).db, Buffer.from(key.dekHex, 'hex'), {
      create: false,
      cipher: key.pageCipher,
    });
    try {
      expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses another vault’s recovery key with E_AUTH', () => {
    expect(() => readPageKey({ dir: vault.dir, recoveryKey: generateRecoveryKey().text })).toThrow(/E_AUTH/);
  });
});
