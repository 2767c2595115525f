import { mkdirSync, existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { calibrateArgon2, isAtLeastFloor, type Argon2Params } from '../crypto/argon2id';
import { randomKey, wipe } from '../crypto/primitives';
import { generateRecoveryKey } from '../crypto/recovery-key';
import { appendAuditEvent, deriveAuditKey, readAuditHead } from './audit-chain';
import { users, vaultMeta } from '../db/schema';
import { LedgerVaultError, inputError } from '../errors';
import { vaultDiskError } from '../fs/disk-errors';
import type { KeyStore } from '../keystore/keystore';
import { assertPasswordAcceptable, assertUsername } from './password-policy';
import { applyMigrations, openVaultDatabase } from './database';
import { DEFAULT_LOCKOUT, sealKeys, writeKeysFile } from './keys-file';
import { createRecoverySlot, createUserSlot } from './keyslots';
import {
  certificateFingerprint,
  certificateHash,
  issueCertificate,
  issueSelfSignedCertificate,
} from '../crypto/certificates';
import { formatFingerprint, generateStaffIdentity, publicIdentity, wipeIdentity } from '../crypto/identity';
import { insertCertificate, RECOVERY_ID } from './trust';
import { V2_PAGE_CIPHER } from './vault-format';
import { vaultPaths } from './paths';

export interface CreateVaultInput {
  dir: string;
  adminUsername: string;
  adminPassword: string;
  adminDisplayName?: string;
  keyStore: KeyStore;
  /** Argon2id costs; 'calibrate' (default) measures this machine. Never below the floor. */
  kdf?: Argon2Params | 'calibrate';
  migrationsDir?: string;
}

export interface CreatedVault {
  vaultId: string;
  /** Shown once, never stored: the only way in when the keychain or every password is lost. */
  recoveryKey: string;
  /** The first admin's certificate fingerprint, printed on the recovery kit (hex groups). */
  rootFingerprint: string;
  kdf: Argon2Params;
}

/**
 * Creates a vault: random DEK and device secret, the first admin's keyslot and a recovery slot.
 * The keys file is written last and is the commit point; any failure before it removes what was
 * made, so a half-created vault never exists.
 */
export async function createVault(input: CreateVaultInput): Promise<CreatedVault> {
  assertUsername(input.adminUsername);
  assertPasswordAcceptable(input.adminPassword, input.adminUsername);
  const kdf = input.kdf === undefined || input.kdf === 'calibrate' ? await calibrateArgon2() : input.kdf;
  if (!isAtLeastFloor(kdf)) throw inputError('kdf.belowFloor');

  const paths = vaultPaths(input.dir);
  if (existsSync(paths.keys) || existsSync(paths.db)) {
    throw new LedgerVaultError('E_EXISTS', `${paths.dir} already holds a vault.`);
  }
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });

  const vaultId = randomUUID();
  const adminId = randomUUID();
  const dek = randomKey();
  const deviceSecret = randomKey();
  const recovery = generateRecoveryKey();
  const now = new Date().toISOString();
  // Version 2: the first admin's identity certifies itself (the root every certificate chains
  // to) and the recovery identity, which holds every client key for the printed recovery key.
  const adminIdentity = generateStaffIdentity();
  const recoveryIdentity = generateStaffIdentity();
  const rootCert = issueSelfSignedCertificate(
    {
      vaultId,
      userId: adminId,
      username: input.adminUsername,
      role: 'admin',
      status: 'active',
      keys: publicIdentity(adminIdentity),
      issuedAt: now,
    },
    adminIdentity.ed25519.privateKey,
  );
  const rootFingerprint = certificateFingerprint(rootCert.body);
  const recoveryCert = issueCertificate(
    {
      vaultId,
      userId: RECOVERY_ID,
      username: RECOVERY_ID,
      role: 'admin',
      status: 'active',
      keys: publicIdentity(recoveryIdentity),
      issuedAt: now,
    },
    { userId: adminId, keys: publicIdentity(adminIdentity), ed25519Private: adminIdentity.ed25519.privateKey },
  );
  const root = Buffer.from(rootFingerprint, 'hex');

  await input.keyStore.set(vaultId, deviceSecret);
  try {
    const adminSlot = await createUserSlot({
      vaultId,
      userId: adminId,
      username: input.adminUsername,
      password: input.adminPassword,
      deviceSecret,
      contents: { dek, identity: adminIdentity, rootFingerprint: root },
      kdf,
    });
    const db = openVaultDatabase(paths.db, dek, { create: true, cipher: V2_PAGE_CIPHER });
    const auditKey = deriveAuditKey(dek, vaultId);
    try {
      const orm = applyMigrations(db, input.migrationsDir);
      db.transaction(() => {
        orm
          .insert(vaultMeta)
          .values([
            { key: 'vault_id', value: vaultId },
            { key: 'created_at', value: now },
            { key: 'keys_min_generation', value: '1' },
          ])
          .run();
        orm
          .insert(users)
          .values({
            id: adminId,
            username: input.adminUsername,
            displayName: input.adminDisplayName ?? input.adminUsername,
            role: 'admin',
            createdAt: now,
            updatedAt: now,
          })
          .run();
        insertCertificate(orm, rootCert);
        insertCertificate(orm, recoveryCert);
        const actor = { actorId: adminId, actorName: input.adminUsername };
        appendAuditEvent(db, auditKey, {
          ...actor,
          action: 'vault.create',
          targetType: 'vault',
          targetId: vaultId,
          details: { kdf },
        });
        appendAuditEvent(db, auditKey, {
          ...actor,
          action: 'user.create',
          targetType: 'user',
          targetId: adminId,
          details: { username: input.adminUsername, role: 'admin', certificate: certificateHash(rootCert) },
        });
      })();
      const keys = sealKeys(
        {
          format: 'ledgervault-keys',
          version: 2,
          vaultId,
          createdAt: now,
          generation: 1,
          slots: [
            adminSlot,
            createRecoverySlot(vaultId, recovery.secret, { dek, identity: recoveryIdentity, rootFingerprint: root }),
          ],
          auditHead: readAuditHead(db),
          lockout: { ...DEFAULT_LOCKOUT },
          counters: {},
          rootFingerprint,
          recoveryIdentity: {
            x25519: recoveryIdentity.x25519.publicKey.toString('base64'),
            ed25519: recoveryIdentity.ed25519.publicKey.toString('base64'),
          },
          pageCipher: V2_PAGE_CIPHER,
        },
        dek,
        deviceSecret,
      );
      writeKeysFile(paths, keys);
    } finally {
      wipe(auditKey);
      db.close();
    }
  } catch (err) {
    for (const f of [paths.keys, paths.db, `${paths.db}-wal`, `${paths.db}-shm`, `${paths.db}-journal`])
      rmSync(f, { force: true });
    await input.keyStore.delete(vaultId).catch(() => false);
    throw vaultDiskError(err, paths.dir);
  } finally {
    wipe(dek, deviceSecret, recovery.secret);
    wipeIdentity(adminIdentity);
    wipeIdentity(recoveryIdentity);
  }
  return { vaultId, recoveryKey: recovery.text, rootFingerprint: formatFingerprint(root), kdf };
}
