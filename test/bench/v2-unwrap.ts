/**
 * A measured proposal for unlock (v2-bench.ts prints it beside the core's loadClientKeys): the
 * same client-key unwrap as src/core/crypto/client-keys.ts, byte for byte, but with the
 * recipient's private key imported once for all wraps instead of once per wrap, and each wrap's
 * ephemeral public key imported as a JWK instead of SPKI DER. Profiling the core's unwrap showed
 * OpenSSL's PKCS#8 and SPKI decoders taking most of the time (createPrivateKey alone ~80%).
 * Every key it returns is checked against the core's, so a faster wrong answer cannot pass.
 */
import { createPublicKey, diffieHellman, timingSafeEqual, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { boundParts } from '../../src/core/crypto/bound-parts';
import { unwrapClientKey, WRAP_VERSION } from '../../src/core/crypto/client-keys';
import { importPrivateKey, RAW_KEY_BYTES, type StaffIdentity } from '../../src/core/crypto/identity';
import { deriveClientSubkeys, wipeClientSubkeys } from '../../src/core/crypto/field-cipher';
import { hkdfSha256, open, XNONCE_BYTES } from '../../src/core/crypto/primitives';
import { clientKeyWraps } from '../../src/core/db/schema';
import type { Orm } from '../../src/core/vault/database';
import { eq } from 'drizzle-orm';

/** client-keys.ts's HKDF info, copied: the proposal must derive the very same wrapping key. */
const HKDF_INFO = 'LedgerVault v2 client-key wrap (x25519, xchacha20-poly1305)';

function publicJwk(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

function unwrapWith(
  privateKey: KeyObject,
  recipientPublic: Buffer,
  wrap: Buffer,
  binding: { vaultId: string; clientId: number; recipientUserId: string },
): Buffer | null {
  const ephemeral = wrap.subarray(1, 1 + RAW_KEY_BYTES);
  const nonce = wrap.subarray(1 + RAW_KEY_BYTES, 1 + RAW_KEY_BYTES + XNONCE_BYTES);
  const shared = diffieHellman({ privateKey, publicKey: publicJwk(ephemeral) });
  if (shared.every((b) => b === 0)) return null;
  const key = hkdfSha256(shared, Buffer.concat([ephemeral, recipientPublic]), HKDF_INFO);
  const ad = boundParts(
    'client-key wrap',
    Uint8Array.of(WRAP_VERSION),
    binding.vaultId,
    String(binding.clientId),
    binding.recipientUserId,
  );
  return open(key, { nonce, ciphertext: wrap.subarray(1 + RAW_KEY_BYTES + XNONCE_BYTES) }, ad);
}

/**
 * ms to unwrap every wrap addressed to `recipientId` the proposed way and derive each client's
 * subkeys (rows read inside the timing, as loadClientKeys does).
 */
export function proposedUnwrapMs(orm: Orm, vaultId: string, identity: StaffIdentity, recipientId: string): number {
  const t = performance.now();
  const rows = orm.select().from(clientKeyWraps).where(eq(clientKeyWraps.recipientId, recipientId)).all();
  const privateKey = importPrivateKey('x25519', identity.x25519.privateKey);
  const keys = rows.map((row) =>
    unwrapWith(privateKey, identity.x25519.publicKey, row.wrap, {
      vaultId,
      clientId: row.clientId,
      recipientUserId: recipientId,
    }),
  );
  // What loadClientKeys does next with each key (a ClientKeyRing derives the field and search keys).
  const subkeys = keys.map((k) => (k ? deriveClientSubkeys(k) : null));
  const ms = performance.now() - t;
  for (const s of subkeys) if (s) wipeClientSubkeys(s);
  rows.forEach((row, i) => {
    const core = unwrapClientKey(
      row.wrap,
      { x25519Private: identity.x25519.privateKey, x25519Public: identity.x25519.publicKey },
      { vaultId, clientId: row.clientId, recipientUserId: recipientId },
    );
    const mine = keys[i];
    if (!mine || !timingSafeEqual(mine, core))
      throw new Error(`proposed unwrap disagrees with the core for client ${row.clientId}`);
  });
  return ms;
}
