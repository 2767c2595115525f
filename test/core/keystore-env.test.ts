import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OsKeyStore } from '../../src/core/keystore/keystore';

/**
 * The production keystore must not take orders from the environment: a variable meant for tests
 * (once LEDGERVAULT_KEYCHAIN_SERVICE) would let anyone who can set the environment of the app or
 * the CLI point it at another keychain entry, so a vault "loses" its device secret or is keyed
 * under a name the user never sees. Tests pick their service through the constructor instead.
 * keytar is replaced by a recorder here, so this runs without D-Bus.
 */
const calls: { op: string; service: string; account: string }[] = [];
const stored = new Map<string, string>();

vi.mock('keytar', () => ({
  default: {
    async getPassword(service: string, account: string) {
      calls.push({ op: 'get', service, account });
      return stored.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service: string, account: string, password: string) {
      calls.push({ op: 'set', service, account });
      stored.set(`${service}/${account}`, password);
    },
    async deletePassword(service: string, account: string) {
      calls.push({ op: 'delete', service, account });
      return stored.delete(`${service}/${account}`);
    },
  },
}));

const ENV_NAMES = ['LEDGERVAULT_KEYCHAIN_SERVICE', 'LEDGERVAULT_TEST_KEYCHAIN_SERVICE', 'LEDGERVAULT_SERVICE'];

afterEach(() => {
  calls.length = 0;
  stored.clear();
  vi.unstubAllEnvs();
});

describe('OsKeyStore and the environment', () => {
  it('keeps the device secret under the LedgerVault service whatever test variables say', async () => {
    for (const name of ENV_NAMES) vi.stubEnv(name, 'AttackerChosenService');
    const secret = randomBytes(32);
    const store = new OsKeyStore();
    await store.set('v1', secret);
    expect((await store.get('v1'))?.equals(secret)).toBe(true);
    expect(await store.delete('v1')).toBe(true);

    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(new Set(calls.map((c) => c.service))).toEqual(new Set(['LedgerVault']));
    // Deleting a vault's entry takes its notes (audit anchor, sign-in mirror, update state) with it, same service.
    expect(new Set(calls.map((c) => c.account))).toEqual(
      new Set(['vault:v1:device-secret', 'vault:v1:audit-anchor', 'vault:v1:signin-mirror', 'vault:v1:update-state']),
    );
  });

  it('a secret stored without the variable is still found with it set', async () => {
    const secret = randomBytes(32);
    await new OsKeyStore().set('v2', secret);
    vi.stubEnv('LEDGERVAULT_KEYCHAIN_SERVICE', 'LedgerVaultTest');
    expect((await new OsKeyStore().get('v2'))?.equals(secret)).toBe(true);
  });

  it('tests choose their own service explicitly, through the constructor', async () => {
    await new OsKeyStore('LedgerVaultTest').set('v3', randomBytes(32));
    expect(new Set(calls.map((c) => c.service))).toEqual(new Set(['LedgerVaultTest']));
    expect(await new OsKeyStore().get('v3')).toBeNull();
  });
});
