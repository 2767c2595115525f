import { describe, expect, it } from 'vitest';
import { generateClientKey, unwrapClientKey, wrapClientKey, WRAP_BYTES } from '../../src/core/crypto/client-keys';
import { generateStaffIdentity } from '../../src/core/crypto/identity';
import { LedgerVaultError } from '../../src/core/errors';

function expectIntegrity(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(LedgerVaultError);
  expect((caught as LedgerVaultError).code).toBe('E_INTEGRITY');
}

const binding = { vaultId: 'vault-1', clientId: 17, recipientUserId: 'u-li' };

function setup() {
  const li = generateStaffIdentity();
  const recipient = { x25519Private: li.x25519.privateKey, x25519Public: li.x25519.publicKey };
  const clientKey = generateClientKey();
  return { li, recipient, clientKey, wrap: wrapClientKey(clientKey, li.x25519.publicKey, binding) };
}

describe('client key wraps (X25519 + HKDF-SHA256 + XChaCha20-Poly1305)', () => {
  it('the recipient unwraps the client key; two wraps of one key share no bytes but the version', () => {
    const { recipient, clientKey, wrap, li } = setup();
    expect(wrap).toHaveLength(WRAP_BYTES);
    expect(unwrapClientKey(wrap, recipient, binding)).toEqual(clientKey);
    const again = wrapClientKey(clientKey, li.x25519.publicKey, binding);
    expect(again.subarray(1)).not.toEqual(wrap.subarray(1));
    expect(wrap.indexOf(clientKey.subarray(0, 8))).toBe(-1);
  });

  it('another person cannot unwrap it, even under their own name', () => {
    const { wrap } = setup();
    const wang = generateStaffIdentity();
    const asWang = { x25519Private: wang.x25519.privateKey, x25519Public: wang.x25519.publicKey };
    expectIntegrity(() => unwrapClientKey(wrap, asWang, binding));
    expectIntegrity(() => unwrapClientKey(wrap, asWang, { ...binding, recipientUserId: 'u-wang' }));
  });

  it('a wrap copied to another client, vault or recipient row is refused', () => {
    const { wrap, recipient } = setup();
    expectIntegrity(() => unwrapClientKey(wrap, recipient, { ...binding, clientId: 18 }));
    expectIntegrity(() => unwrapClientKey(wrap, recipient, { ...binding, clientId: '1', vaultId: 'vault-17' }));
    expectIntegrity(() => unwrapClientKey(wrap, recipient, { ...binding, vaultId: 'vault-2' }));
    expectIntegrity(() => unwrapClientKey(wrap, recipient, { ...binding, recipientUserId: 'u-wang' }));
  });

  it('any flipped byte, a truncated wrap or a low-order ephemeral key is refused', () => {
    const { wrap, recipient } = setup();
    for (let i = 0; i < wrap.length; i += 1) {
      const bad = Buffer.from(wrap);
      bad[i] = bad[i]! ^ 0x01;
      expectIntegrity(() => unwrapClientKey(bad, recipient, binding));
    }
    expectIntegrity(() => unwrapClientKey(wrap.subarray(0, wrap.length - 1), recipient, binding));
    const lowOrder = Buffer.from(wrap);
    lowOrder.fill(0, 1, 33); // the all-zero point: every private key gives an all-zero secret
    expectIntegrity(() => unwrapClientKey(lowOrder, recipient, binding));
  });

  it('refuses to wrap a key of the wrong size', () => {
    const li = generateStaffIdentity();
    expect(() => wrapClientKey(Buffer.alloc(16), li.x25519.publicKey, binding)).toThrow(/32 bytes/);
  });
});
