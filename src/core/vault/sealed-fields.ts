/**
 * The one way sensitive text enters and leaves the database (security model v2): sealed under
 * the client's field key with the vault, client, table, row id and field as associated data.
 * null stays null (an empty optional field); '' is sealed like any other text.
 */
import { decryptField, decryptFieldBytes, encryptField } from '../crypto/field-cipher';
import type { ClientKeyRing } from './client-key-ring';

/** Tables whose fields are sealed; the name is bound into every ciphertext. */
export type SealedTable =
  | 'clients'
  | 'payment_accounts'
  | 'payment_records'
  | 'record_history'
  | 'import_batches'
  | 'users'
  | 'incident_clients'
  | 'compliance_files'
  | 'client_agreements';

export interface SealedAt {
  clientId: number;
  table: SealedTable;
  rowId: number | bigint;
  field: string;
}

/** What sealing needs from a session (a VaultSession satisfies it). */
export interface SealingKeys {
  readonly vaultId: string;
  readonly keyRing: ClientKeyRing;
}

export function sealText(keys: SealingKeys, at: SealedAt, text: string | null | undefined): Buffer | null {
  if (text === null || text === undefined) return null;
  return encryptField(keys.keyRing.subkeys(at.clientId).fieldKey, location(keys, at), text);
}

/** E_FORBIDDEN without the client's key; E_INTEGRITY for a changed or moved value. */
export function openText(keys: SealingKeys, at: SealedAt, blob: Uint8Array | null | undefined): string | null {
  if (blob === null || blob === undefined) return null;
  return decryptField(keys.keyRing.subkeys(at.clientId).fieldKey, location(keys, at), blob);
}

/** A file's bytes (compliance_files.content) sealed like a field: same key, same associated data. */
export function sealBytes(keys: SealingKeys, at: SealedAt, bytes: Uint8Array): Buffer {
  return encryptField(keys.keyRing.subkeys(at.clientId).fieldKey, location(keys, at), bytes);
}

/** E_FORBIDDEN without the client's key; E_INTEGRITY for changed or moved bytes. */
export function openBytes(keys: SealingKeys, at: SealedAt, blob: Uint8Array): Buffer {
  return decryptFieldBytes(keys.keyRing.subkeys(at.clientId).fieldKey, location(keys, at), blob);
}

function location(keys: SealingKeys, at: SealedAt) {
  return { vaultId: keys.vaultId, clientId: at.clientId, table: at.table, rowId: at.rowId, field: at.field };
}
