/**
 * What the upgrade must show once to the admin who ran it: the new recovery key (the recovery
 * identity needs a secret the old kit cannot give) and the temporary passwords of the other
 * staff. Sealed to that admin's own identity and kept in vault_meta from the upgrade's commit
 * until the front end takes it (takeUpgradeHandover), so a crash cannot lose the only copy.
 */
import { unwrapClientKey, wrapClientKey } from '../crypto/client-keys';
import { decryptField, encryptField } from '../crypto/field-cipher';
import { randomKey, wipe } from '../crypto/primitives';
import type { Role } from '../db/schema';

export interface TemporaryPassword {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** What the admin is shown once: printed, handed out, never stored in the clear. */
export interface UpgradeHandover {
  recoveryKey: string;
  rootFingerprint: string;
  temporaryPasswords: TemporaryPassword[];
}

const HANDOVER_BINDING = 'upgrade-handover';

function handoverAt(vaultId: string) {
  return { vaultId, clientId: HANDOVER_BINDING, table: 'vault_meta', rowId: 'upgrade_v2_handover', field: 'value' };
}

/**
 * The handover, sealed to the upgrading admin's own identity and kept until it has been shown:
 * a crash between the commit and the screen must not lose the only copy of the recovery key.
 */
export function sealHandover(
  vaultId: string,
  admin: { userId: string; x25519Public: Uint8Array },
  handover: UpgradeHandover,
): string {
  const key = randomKey();
  try {
    const wrap = wrapClientKey(key, admin.x25519Public, {
      vaultId,
      clientId: HANDOVER_BINDING,
      recipientUserId: admin.userId,
    });
    const blob = encryptField(key, handoverAt(vaultId), JSON.stringify(handover));
    return JSON.stringify({ wrap: wrap.toString('base64'), blob: blob.toString('base64') });
  } finally {
    wipe(key);
  }
}

/** Opens a handover kept by an upgrade with the admin's identity (their keyslot gives it). */
export function openHandover(
  vaultId: string,
  sealed: string,
  admin: { userId: string; x25519Private: Uint8Array; x25519Public: Uint8Array },
): UpgradeHandover {
  const parsed = JSON.parse(sealed) as { wrap: string; blob: string };
  const key = unwrapClientKey(Buffer.from(parsed.wrap, 'base64'), admin, {
    vaultId,
    clientId: HANDOVER_BINDING,
    recipientUserId: admin.userId,
  });
  try {
    return JSON.parse(decryptField(key, handoverAt(vaultId), Buffer.from(parsed.blob, 'base64'))) as UpgradeHandover;
  } finally {
    wipe(key);
  }
}
