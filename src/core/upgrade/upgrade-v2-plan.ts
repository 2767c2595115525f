/**
 * The version-1 -> version-2 upgrade, first half: everything it will write, made in memory before
 * anything is written (the slow Argon2id work included), so the writing half is one short
 * transaction. Identities: the upgrading admin gets their own (self-signed: the vault's root);
 * every other active account a temporary one under a new temporary password, certified by that
 * admin (issue 11 item 5: the person replaces it at first sign-in); a disabled account a
 * certificate saying so. A random key per client, wrapped to whoever may read it.
 */
import { ARGON2_FLOOR, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { issueCertificate, issueSelfSignedCertificate, type UserCertificate } from '../crypto/certificates';
import {
  formatFingerprint,
  generateStaffIdentity,
  identityFingerprint,
  publicIdentity,
  wipeIdentity,
  type StaffIdentity,
} from '../crypto/identity';
import { sha256, wipe } from '../crypto/primitives';
import { generateRecoveryKey } from '../crypto/recovery-key';
import type { Role } from '../db/schema';
import { hashForHistory } from '../vault/password-history';
import { generateTemporaryPassword } from '../../shared/users/temp-password';
import { readAuditHead } from '../vault/audit-chain';
import { sealHandover, type UpgradeHandover } from './upgrade-v2-handover';
import type { SqliteDb } from '../vault/database';
import { sealKeys, userSlot, type KeysBody, type KeysFile, type RecoverySlot, type UserSlot } from '../vault/keys-file';
import { createRecoverySlot, createUserSlot } from '../vault/keyslots';
import { RECOVERY_ID } from '../vault/trust';
import { planAccess, type AccessPlan } from './upgrade-v2-access';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  mfaSecret: string | null;
  mfaPendingSecret: string | null;
}

export interface PlannedUser {
  row: UserRow;
  /** The admin's own identity; a temporary one for other active staff; a throwaway for the disabled. */
  identity: StaffIdentity;
  certificate: UserCertificate;
  slot: UserSlot | null;
  temporaryPassword: string | null;
  historyHash: string | null;
}

export interface UpgradePlan extends AccessPlan {
  vaultId: string;
  now: string;
  admin: PlannedUser;
  users: PlannedUser[];
  recovery: { identity: StaffIdentity; slot: RecoverySlot; certificate: UserCertificate };
  keysFile: KeysFile;
  keysText: string;
  handover: UpgradeHandover;
  sealedHandover: string;
}

function readUsers(db: SqliteDb): UserRow[] {
  return db
    .prepare(
      `SELECT id, username, display_name AS displayName, role, status, mfa_secret AS mfaSecret,
         mfa_pending_secret AS mfaPendingSecret FROM users ORDER BY created_at, id`,
    )
    .all() as UserRow[];
}

/**
 * Everything the upgrade writes, for `adminId` (signed in with `adminPassword`, which stays theirs).
 * Slots use the Argon2id costs of the admin's version-1 slot, as new slots always have.
 */
export async function planUpgrade(args: {
  db: SqliteDb;
  keys: KeysFile;
  dek: Buffer;
  deviceSecret: Buffer;
  adminId: string;
  adminPassword: string;
  now: Date;
}): Promise<UpgradePlan> {
  const { db, keys, dek, deviceSecret } = args;
  const vaultId = keys.vaultId;
  const now = args.now.toISOString();
  const rows = readUsers(db);
  const adminRow = rows.find((u) => u.id === args.adminId);
  if (!adminRow) throw new Error('the upgrading admin has no users row');
  const own = userSlot(keys, adminRow.username);
  const kdfOf = own ? { m: own.kdf.m, t: own.kdf.t, p: own.kdf.p } : ARGON2_FLOOR;
  const kdf: Argon2Params = isAtLeastFloor(kdfOf) ? kdfOf : ARGON2_FLOOR;

  const adminIdentity = generateStaffIdentity();
  const adminKeys = publicIdentity(adminIdentity);
  const root = identityFingerprint(adminKeys);
  const issuer = { userId: adminRow.id, keys: adminKeys, ed25519Private: adminIdentity.ed25519.privateKey };
  const fields = (u: UserRow, status: 'active' | 'temporary' | 'disabled', identity: StaffIdentity) => ({
    vaultId,
    userId: u.id,
    username: u.username,
    role: u.role,
    status,
    keys: publicIdentity(identity),
    issuedAt: now,
  });

  const users: PlannedUser[] = [];
  for (const row of rows) {
    const isAdmin = row.id === adminRow.id;
    const identity = isAdmin ? adminIdentity : generateStaffIdentity();
    const active = row.status === 'active';
    const certificate = isAdmin
      ? issueSelfSignedCertificate(fields(row, 'active', identity), identity.ed25519.privateKey)
      : issueCertificate(fields(row, active ? 'temporary' : 'disabled', identity), issuer);
    const password = isAdmin ? args.adminPassword : active ? generateTemporaryPassword(row.username) : null;
    const slot =
      password === null
        ? null
        : await createUserSlot({
            vaultId,
            userId: row.id,
            username: row.username,
            password,
            deviceSecret,
            contents: { dek, identity, rootFingerprint: root },
            kdf,
          });
    users.push({
      row,
      identity,
      certificate,
      slot,
      temporaryPassword: isAdmin ? null : password,
      historyHash: !isAdmin && password ? await hashForHistory(password) : null,
    });
  }
  const admin = users.find((u) => u.row.id === adminRow.id)!;
  // The throwaway identities of disabled accounts: their certificates need keys, nobody their private halves.
  for (const u of users) if (u.row.status !== 'active') wipeIdentity(u.identity);

  const recoveryKey = generateRecoveryKey();
  const recoveryIdentity = generateStaffIdentity();
  const recoverySlot = createRecoverySlot(vaultId, recoveryKey.secret, {
    dek,
    identity: recoveryIdentity,
    rootFingerprint: root,
  });
  wipe(recoveryKey.secret);
  // The recovery identity is certified by the root like an admin (trust.ts), after it.
  const recoveryCertificate = issueCertificate(
    {
      vaultId,
      userId: RECOVERY_ID,
      username: RECOVERY_ID,
      role: 'admin',
      status: 'active',
      keys: publicIdentity(recoveryIdentity),
      issuedAt: now,
    },
    issuer,
  );

  const access = planAccess(db, vaultId, users, recoveryIdentity, {
    userId: adminRow.id,
    ed25519Private: adminIdentity.ed25519.privateKey,
  });

  const body = {
    format: 'ledgervault-keys',
    version: 2,
    vaultId,
    createdAt: keys.createdAt,
    generation: keys.generation + 1,
    slots: [...users.flatMap((u) => (u.slot ? [u.slot] : [])), recoverySlot],
    auditHead: readAuditHead(db),
    lockout: keys.lockout,
    counters: keys.counters,
    rootFingerprint: root.toString('hex'),
    recoveryIdentity: {
      x25519: recoveryIdentity.x25519.publicKey.toString('base64'),
      ed25519: recoveryIdentity.ed25519.publicKey.toString('base64'),
    },
    pageCipher: 'sqlcipher',
  } satisfies KeysBody;
  const keysFile = sealKeys(body, dek, deviceSecret);
  const keysText = `${JSON.stringify(keysFile, null, 2)}\n`;

  const handover: UpgradeHandover = {
    recoveryKey: recoveryKey.text,
    rootFingerprint: formatFingerprint(root),
    temporaryPasswords: users.flatMap((u) =>
      u.temporaryPassword
        ? [
            {
              userId: u.row.id,
              username: u.row.username,
              displayName: u.row.displayName,
              role: u.row.role,
              password: u.temporaryPassword,
            },
          ]
        : [],
    ),
  };
  return {
    vaultId,
    now,
    admin,
    users,
    recovery: { identity: recoveryIdentity, slot: recoverySlot, certificate: recoveryCertificate },
    ...access,
    keysFile,
    keysText,
    handover,
    sealedHandover: sealHandover(
      vaultId,
      { userId: admin.row.id, x25519Public: admin.identity.x25519.publicKey },
      handover,
    ),
  };
}

/** Names the staged keys file in the database: the commit records which file it goes with. */
export function keysTextHash(text: string | Buffer): string {
  return sha256(Buffer.from(text)).toString('hex');
}

export function wipePlan(plan: UpgradePlan): void {
  for (const u of plan.users) wipeIdentity(u.identity);
  wipeIdentity(plan.recovery.identity);
  for (const k of plan.clientKeys.values()) wipe(k);
  wipe(plan.auditKey);
}
