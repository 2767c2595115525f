/**
 * The upgrade's access plan (part of planUpgrade): a random key per client wrapped to whoever
 * version 1 let read that client (every active admin and manager, each active grantee, and the
 * recovery identity), every grant and extra permission as a statement signed by the upgrading
 * admin, and the key that seals old audit details naming no client (admins and recovery only).
 */
import { generateClientKey, wrapClientKey } from '../crypto/client-keys';
import { signGrant } from '../crypto/grant-statements';
import { signPermission } from '../crypto/permission-statements';
import { randomKey } from '../crypto/primitives';
import type { Role } from '../db/schema';
import type { SqliteDb } from '../vault/database';
import { RECOVERY_ID } from '../vault/trust';
import { AUDIT_KEY_BINDING } from '../audit/legacy-details';

/** Who may receive keys: a users row and the X25519 public key of the identity the upgrade made. */
interface Person {
  row: { id: string; role: Role; status: 'active' | 'disabled' };
  identity: { x25519: { publicKey: Buffer } };
}

export interface Wrap {
  clientId: number;
  recipientId: string;
  wrap: Buffer;
}

export interface AccessPlan {
  clientKeys: Map<number, Buffer>;
  wraps: Wrap[];
  /** `${userId}|${clientId}` -> the signed grant as JSON. */
  grantStatements: Map<string, string>;
  /** `${userId}|${permission}` -> the signed permission as JSON. */
  permissionStatements: Map<string, string>;
  auditKey: Buffer;
  auditKeyWraps: { recipientId: string; wrap: Buffer }[];
}

export function planAccess(
  db: SqliteDb,
  vaultId: string,
  users: readonly Person[],
  recovery: { x25519: { publicKey: Buffer } },
  signer: { userId: string; ed25519Private: Uint8Array },
): AccessPlan {
  // Client keys: to every active admin and manager, the recovery identity, and each active grantee.
  const readers = users.filter(
    (u) => u.row.status === 'active' && (u.row.role === 'admin' || u.row.role === 'manager'),
  );
  const grants = db
    .prepare(
      'SELECT user_id AS userId, client_id AS clientId, can_write AS canWrite, granted_at AS grantedAt FROM client_grants',
    )
    .all() as { userId: string; clientId: number; canWrite: number; grantedAt: string }[];
  const clientIds = (db.prepare('SELECT id FROM clients ORDER BY id').all() as { id: number }[]).map((c) => c.id);
  const clientKeys = new Map<number, Buffer>();
  const wraps: Wrap[] = [];
  const byId = new Map(users.map((u) => [u.row.id, u]));
  for (const clientId of clientIds) {
    const ck = generateClientKey();
    clientKeys.set(clientId, ck);
    const recipients = [
      ...readers,
      ...grants
        .filter((g) => g.clientId === clientId)
        .map((g) => byId.get(g.userId))
        .filter((u): u is Person => !!u && u.row.status === 'active' && !readers.includes(u)),
    ];
    for (const r of recipients) {
      const binding = { vaultId, clientId, recipientUserId: r.row.id };
      wraps.push({ clientId, recipientId: r.row.id, wrap: wrapClientKey(ck, r.identity.x25519.publicKey, binding) });
    }
    const binding = { vaultId, clientId, recipientUserId: RECOVERY_ID };
    wraps.push({
      clientId,
      recipientId: RECOVERY_ID,
      wrap: wrapClientKey(ck, recovery.x25519.publicKey, binding),
    });
  }

  const grantStatements = new Map<string, string>();
  for (const g of grants) {
    const signed = signGrant(
      {
        vaultId,
        clientId: String(g.clientId),
        granteeUserId: g.userId,
        canWrite: g.canWrite === 1,
        issuedAt: g.grantedAt,
        issuerUserId: signer.userId,
      },
      signer.ed25519Private,
    );
    grantStatements.set(`${g.userId}|${g.clientId}`, JSON.stringify(signed));
  }
  const permissionStatements = new Map<string, string>();
  const permissions = db
    .prepare('SELECT user_id AS userId, permission, granted_at AS grantedAt FROM user_permissions')
    .all() as { userId: string; permission: string; grantedAt: string }[];
  for (const p of permissions) {
    const signed = signPermission(
      { vaultId, userId: p.userId, permission: p.permission, issuedAt: p.grantedAt, issuerUserId: signer.userId },
      signer.ed25519Private,
    );
    permissionStatements.set(`${p.userId}|${p.permission}`, JSON.stringify(signed));
  }

  const auditKey = randomKey();
  const auditKeyWraps = [...readers.filter((u) => u.row.role === 'admin'), null].map((r) => {
    const recipientId = r ? r.row.id : RECOVERY_ID;
    const pub = r ? r.identity.x25519.publicKey : recovery.x25519.publicKey;
    return {
      recipientId,
      wrap: wrapClientKey(auditKey, pub, { vaultId, clientId: AUDIT_KEY_BINDING, recipientUserId: recipientId }),
    };
  });

  return { clientKeys, wraps, grantStatements, permissionStatements, auditKey, auditKeyWraps };
}
