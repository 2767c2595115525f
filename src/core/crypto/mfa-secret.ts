/**
 * The TOTP secret under the user's own identity (security model v2): sealed with a key derived
 * from the user's X25519 private key, which only their keyslot holds, so neither a colleague with
 * the DEK nor an admin can read it, or put in a secret of their own choosing (that would need the
 * same key). An admin can still remove it (reset two-step verification): that is audited.
 */
import { decryptField, encryptField } from './field-cipher';
import type { StaffIdentity } from './identity';
import { hkdfSha256, wipe } from './primitives';

type Field = 'mfa_secret' | 'mfa_pending_secret';

/** Whose secret: the vault, the user and the identity that seals it (a VaultSession's, or a new one). */
export interface MfaOwner {
  vaultId: string;
  userId: string;
  identity: StaffIdentity;
}

function withKey<T>(owner: MfaOwner, fn: (key: Buffer) => T): T {
  const key = hkdfSha256(owner.identity.x25519.privateKey, owner.vaultId, 'LedgerVault v2 mfa secret');
  try {
    return fn(key);
  } finally {
    wipe(key);
  }
}

function at(owner: MfaOwner, field: Field) {
  return { vaultId: owner.vaultId, clientId: 0, table: 'users', rowId: owner.userId, field };
}

export function sealMfaSecret(owner: MfaOwner, field: Field, text: string): Buffer {
  return withKey(owner, (key) => encryptField(key, at(owner, field), text));
}

/** E_INTEGRITY when the value was changed or put there by someone else. */
export function openMfaSecret(owner: MfaOwner, field: Field, blob: Uint8Array): string {
  return withKey(owner, (key) => decryptField(key, at(owner, field), blob));
}

/** The signed-in user as the owner of their secret. */
export function sessionOwner(session: { vaultId: string; user: { id: string }; identity: StaffIdentity }): MfaOwner {
  return { vaultId: session.vaultId, userId: session.user.id, identity: session.identity };
}
