/**
 * Audit details that version 1 wrote with client text in them (client.create and client.update
 * carried the name and 统一社会信用代码, exports their file path, searches the text typed). The
 * version-2 upgrade seals each such `details` value in place, under the key of the event's
 * client (or, for an event naming no client, a key only admins and the recovery identity hold),
 * and keeps the event's chain hash: the hash still covers the original text, so whoever can open
 * the envelope checks the link exactly as before, and the chain goes on past it for whoever cannot.
 */
import { unwrapClientKey } from '../crypto/client-keys';
import { decryptField, deriveClientSubkeys, encryptField } from '../crypto/field-cipher';
import { canonicalJson } from '../crypto/canonical-json';
import type { StaffIdentity } from '../crypto/identity';
import { wipe } from '../crypto/primitives';
import type { VaultSession } from '../vault/session';
import type { SealedDetailsOpener } from './audit-verify';

/** The client id bound into the wraps of the key that seals old events naming no client. */
export const AUDIT_KEY_BINDING = 'audit-legacy';

const MARK = 'ledgervault-sealed-details';

export interface SealedDetailsEnvelope {
  $sealed: typeof MARK;
  /** 'client': under the event's client's field key; 'audit': under the legacy audit key. */
  key: 'client' | 'audit';
  blob: string;
}

function at(vaultId: string, seq: number, key: 'client' | 'audit', clientId: number | null) {
  return {
    vaultId,
    clientId: key === 'client' ? String(clientId) : AUDIT_KEY_BINDING,
    table: 'audit_events',
    rowId: seq,
    field: 'details',
  };
}

export function sealDetails(
  vaultId: string,
  event: { seq: number; clientId: number | null; details: string },
  key: 'client' | 'audit',
  fieldKey: Uint8Array,
): string {
  const blob = encryptField(fieldKey, at(vaultId, event.seq, key, event.clientId), event.details);
  const envelope: SealedDetailsEnvelope = { $sealed: MARK, key, blob: blob.toString('base64') };
  return canonicalJson(envelope);
}

/** Cheap test for the hot loop of audit verify: only envelopes start this way. */
export function isSealedDetails(details: unknown): details is string {
  return typeof details === 'string' && details.startsWith(`{"$sealed":"${MARK}"`);
}

/**
 * Opens sealed details to the text the chain hash covers, given the keys this reader holds:
 * `clientFieldKey(id)` (null when the reader has no key for that client) and the legacy audit key.
 * Null when the reader cannot open it. A changed envelope throws E_INTEGRITY (decryptField).
 */
export function openDetails(
  vaultId: string,
  event: { seq: number; clientId: number | null; details: string },
  keys: { clientFieldKey(clientId: number): Uint8Array | null; auditKey: Uint8Array | null },
): string | null {
  const envelope = JSON.parse(event.details) as SealedDetailsEnvelope;
  const key =
    envelope.key === 'client' ? (event.clientId === null ? null : keys.clientFieldKey(event.clientId)) : keys.auditKey;
  if (!key) return null;
  return decryptField(key, at(vaultId, event.seq, envelope.key, event.clientId), Buffer.from(envelope.blob, 'base64'));
}

/**
 * The opener for a signed-in session: its client keys, and the legacy audit key if the upgrade
 * wrapped one to this user (admins). Passed to verifyAuditChain and used to show old details.
 */
export function sessionDetailsOpener(session: VaultSession): SealedDetailsOpener {
  let auditKey: Buffer | null | undefined;
  const legacyKey = (): Buffer | null => {
    if (auditKey !== undefined) return auditKey;
    auditKey = null;
    const row = session.db
      .prepare<[string], { value: string }>('SELECT value FROM vault_meta WHERE key = ?')
      .get(`audit_legacy_key:${session.user.id}`);
    let identity: StaffIdentity | null = null;
    try {
      identity = session.identity;
    } catch {
      // A version-1 session has no identity, and no legacy audit key either.
    }
    if (row && identity) {
      const key = unwrapClientKey(
        Buffer.from(row.value, 'base64'),
        { x25519Private: identity.x25519.privateKey, x25519Public: identity.x25519.publicKey },
        { vaultId: session.vaultId, clientId: AUDIT_KEY_BINDING, recipientUserId: session.user.id },
      );
      auditKey = deriveClientSubkeys(key).fieldKey;
      wipe(key);
    }
    return auditKey;
  };
  return (event) =>
    openDetails(session.vaultId, event, {
      clientFieldKey: (id) => (session.keyRing.has(id) ? session.keyRing.subkeys(id).fieldKey : null),
      get auditKey() {
        return legacyKey();
      },
    });
}

/** What the log shows: the original details where this reader can open them, else the envelope. */
export function readableDetails(
  openSealed: SealedDetailsOpener,
  event: { seq: number; clientId: number | null; details: string },
): string {
  if (!isSealedDetails(event.details)) return event.details;
  try {
    return openSealed(event) ?? event.details;
  } catch {
    // An envelope that does not open was edited; audit verify names it, the view shows it as stored.
    return event.details;
  }
}
