/**
 * The manifest half of verifying a release: which key signed it, whether that key is trusted,
 * the signature, the app id, the expiry (a freeze: an old manifest served as if current, as TUF's
 * timestamp role prevents) and the version against the highest this workstation ever installed
 * (a rollback). Pure: bytes, keys, state and a clock in; a verdict out. The files are
 * verify-release.ts's half.
 */
import { createPublicKey, verify } from 'node:crypto';
import {
  compareVersions,
  endorsementBytes,
  formatKeyFingerprint,
  keyFingerprint,
  manifestSigningBytes,
  parseManifest,
  type Endorsement,
  type ReleaseManifest,
  type SignedPart,
} from './manifest';
import { refusal, refusalOf, type Refusal } from './refusals';

/** The application id every manifest must name (electron-builder.yml appId). */
export const APP_ID = 'com.ledgervault.app';

/**
 * What this workstation remembers between updates (docs/update-format.md): the highest version
 * it has installed, and the keys that releases it installed announced as their successors.
 */
export interface TrustState {
  /** The higher of the running version and every version ever installed here. */
  highestInstalled: string;
  /** Raw Ed25519 keys (base64) learned from installed releases' `nextKey`. */
  learnedKeys: readonly string[];
}

export interface ManifestCheckOptions {
  /** The publisher keys compiled into the app (raw Ed25519, base64). */
  pinnedKeys: readonly string[];
  trust: TrustState;
  now: Date;
  appId?: string;
}

export type KeyTrust = 'pinned' | 'learned' | 'endorsed';

export interface VerifiedManifest {
  manifest: ReleaseManifest;
  signed: SignedPart;
  /** The signing key's fingerprint and why it is trusted (endorsedBy: the endorsing key's). */
  key: { fingerprint: string; trust: KeyTrust; endorsedBy?: string };
  /** The successor key this release announces, already checked against the signing key. */
  nextKey?: { fingerprint: string; publicKey: string };
  /** The version it was compared with (rollback) and the moment it was checked (expiry). */
  highestInstalled: string;
  checkedAt: string;
}

export type ManifestVerdict = { accepted: true; verified: VerifiedManifest } | { accepted: false; refusal: Refusal };

function signatureValid(message: Uint8Array, signature: string, publicKey: string): boolean {
  try {
    // JWK, not the core's crypto/identity: this module also runs in the main process (src/main/update/).
    const x = Buffer.from(publicKey, 'base64').toString('base64url');
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return verify(null, message, key, Buffer.from(signature, 'base64'));
  } catch {
    return false; // a key that is not a curve point is a failed signature, not a crash
  }
}

function endorsementValid(e: Endorsement, appId: string, endorser: string): boolean {
  return (
    e.endorsedBy === keyFingerprint(Buffer.from(endorser, 'base64')) &&
    signatureValid(endorsementBytes(appId, e.publicKey), e.signature, endorser)
  );
}

/** Why the signing key is trusted, or null: pinned, learned from an installed release, or endorsed by one of those. */
function keyTrust(
  m: ReleaseManifest,
  trusted: { key: string; trust: KeyTrust }[],
  appId: string,
): VerifiedManifest['key'] | null {
  const fingerprint = keyFingerprint(Buffer.from(m.publicKey, 'base64'));
  const direct = trusted.find((t) => t.key === m.publicKey);
  if (direct) return { fingerprint, trust: direct.trust };
  const e = m.keyEndorsement;
  if (!e || e.publicKey !== m.publicKey) return null;
  const endorser = trusted.find((t) => endorsementValid(e, appId, t.key));
  return endorser ? { fingerprint, trust: 'endorsed', endorsedBy: e.endorsedBy } : null;
}

/**
 * The one function the manifest's bytes go through: parse, key, signature, app id, expiry,
 * rollback, in that order (nothing unsigned is believed before the signature is checked).
 */
export function verifyManifestBytes(bytes: Uint8Array, opts: ManifestCheckOptions): ManifestVerdict {
  const appId = opts.appId ?? APP_ID;
  let m: ReleaseManifest;
  try {
    m = parseManifest(bytes);
  } catch (err) {
    const r = refusalOf(err);
    if (r) return { accepted: false, refusal: r };
    throw err;
  }
  const trusted = [
    ...opts.pinnedKeys.map((key) => ({ key, trust: 'pinned' as const })),
    ...opts.trust.learnedKeys.map((key) => ({ key, trust: 'learned' as const })),
  ];
  const key = keyTrust(m, trusted, appId);
  // Grouped by four, as screens and the CLI show fingerprints.
  const fingerprint = formatKeyFingerprint(keyFingerprint(Buffer.from(m.publicKey, 'base64')));
  if (!key) return refused(refusal('update.unknownKey', { fingerprint }, `signed by untrusted key ${fingerprint}`));
  if (!signatureValid(manifestSigningBytes(m.signed), m.signature, m.publicKey))
    return refused(refusal('update.badSignature', { fingerprint }, `bad signature by key ${fingerprint}`));
  const s = m.signed;
  if (s.appId !== appId)
    return refused(refusal('update.otherApp', { appId: s.appId, expected: appId }, `manifest is for ${s.appId}`));
  let nextKey: VerifiedManifest['nextKey'];
  if (s.nextKey) {
    if (!endorsementValid(s.nextKey, appId, m.publicKey))
      return refused(
        refusal('update.badSignature', { fingerprint }, `nextKey is not endorsed by the signing key ${fingerprint}`),
      );
    nextKey = {
      fingerprint: keyFingerprint(Buffer.from(s.nextKey.publicKey, 'base64')),
      publicKey: s.nextKey.publicKey,
    };
  }
  if (opts.now.getTime() >= Date.parse(s.expiresAt))
    return refused(refusal('update.expired', { expiresAt: s.expiresAt }, `manifest expired at ${s.expiresAt}`));
  const installed = opts.trust.highestInstalled;
  if (compareVersions(s.version, installed) <= 0)
    return refused(
      refusal(
        'update.rollback',
        { version: s.version, installed },
        `version ${s.version} is not newer than ${installed} (installed here)`,
      ),
    );
  return {
    accepted: true,
    verified: {
      manifest: m,
      signed: s,
      key,
      ...(nextKey ? { nextKey } : {}),
      highestInstalled: installed,
      checkedAt: opts.now.toISOString(),
    },
  };
}

function refused(r: Refusal): ManifestVerdict {
  return { accepted: false, refusal: r };
}
