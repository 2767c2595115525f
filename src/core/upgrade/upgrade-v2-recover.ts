/**
 * Recovery with the recovery key of a version-1 vault (core/index's `recoverVault`): the admin who
 * forgot their password gets a new one, and the vault is upgraded to version 2 in the same step,
 * exactly as the first admin sign-in upgrades it (upgrade-v2.ts: same steps, same crash safety),
 * with the recovery recorded in the upgrade's own transaction. Like recovery of a version-2
 * vault, the admin's two-step verification is cleared (they enrol again) and their failure
 * counter reset. The upgrade report (new recovery kit, temporary passwords) is returned once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomKey, wipe } from '../crypto/primitives';
import { authError, inputError, integrityError } from '../errors';
import { appendAuditEvent } from '../vault/audit-chain';
import { openWithEitherCipher, type SqliteDb } from '../vault/database';
import { hasValidDeviceMac, hasValidVaultMac, readKeysFile, userSlot, type KeysFile } from '../vault/keys-file';
import { counterIntentValue, KEYS_META } from '../vault/keys-sync';
import { unwrapUserSlot, wipeSlotContents } from '../vault/keyslots';
import { openRecoverySlot } from '../vault/recovery-slot';
import { openSession } from '../vault/open-session';
import { assertPasswordAcceptable } from '../vault/password-policy';
import { vaultPaths, type VaultPaths } from '../vault/paths';
import { recoverVault as recoverVersion2Vault, type RecoverInput, type RecoveryResult } from '../vault/recover-vault';
import { settleUpgrade, stagedKeysPath, upgradeVersion1Vault, type UpgradeOptions } from './upgrade-v2';
import { integrityProblem, takeUpgradeReport } from './upgrade-v2-signin';

/** Recovery of any vault: a version-1 one is upgraded to version 2 as part of it. */
export async function recoverVault(input: RecoverInput & Omit<UpgradeOptions, 'now'>): Promise<RecoveryResult> {
  if (readKeysFile(vaultPaths(input.dir)).version === 2) return recoverVersion2Vault(input);
  return recoverVersion1Vault(input);
}

async function recoverVersion1Vault(input: RecoverInput & Omit<UpgradeOptions, 'now'>): Promise<RecoveryResult> {
  assertPasswordAcceptable(input.newPassword, input.adminUsername);
  const paths = vaultPaths(input.dir);
  const keys = readKeysFile(paths);
  const contents = openRecoverySlot(keys, input.recoveryKey);
  let deviceSecret: Buffer | null = null;
  try {
    const dek = contents.dek;
    if (!hasValidVaultMac(keys, dek))
      throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
    const adminSlot = userSlot(keys, input.adminUsername);
    if (!adminSlot) throw inputError('user.notFound', { username: input.adminUsername });
    const existing = await input.keyStore.get(keys.vaultId).catch(() => null);
    // An earlier recovery cut short may have stored a new secret, which its staged keys file uses.
    const keep = existing !== null && (hasValidDeviceMac(keys, existing) || stagedUses(paths, existing));
    if (!keep) wipe(existing);
    deviceSecret = keep && existing ? existing : randomKey();
    const opts = { migrationsDir: input.migrationsDir, afterStep: input.afterStep };
    // An upgrade a crash cut short is settled first: it stays version 1, or it was committed.
    if ((await settleUpgrade(paths, dek, deviceSecret, opts)) === 'version2') {
      // That commit was an earlier recovery's: its new password opens the admin's slot now.
      return await openRecovered(paths, input, deviceSecret, !keep);
    }
    checkVersion1(paths, dek, keys, adminSlot.userId, input.adminUsername);
    if (!keep) await input.keyStore.set(keys.vaultId, deviceSecret);
    const replaced = !keep;
    await upgradeVersion1Vault({
      paths,
      keys,
      dek,
      deviceSecret,
      adminId: adminSlot.userId,
      adminPassword: input.newPassword,
      ...opts,
      alsoWrite: (db, chainKey) => recordRecovery(db, chainKey, keys, adminSlot, replaced),
    });
    return await openRecovered(paths, input, deviceSecret, replaced);
  } finally {
    wipeSlotContents(contents);
    wipe(deviceSecret);
  }
}

/** Whether the staged version-2 keys file of an upgrade cut short is sealed with `deviceSecret`. */
function stagedUses(paths: VaultPaths, deviceSecret: Buffer): boolean {
  const staged = stagedKeysPath(paths);
  if (!existsSync(staged)) return false;
  try {
    return hasValidDeviceMac(JSON.parse(readFileSync(staged, 'utf8')) as KeysFile, deviceSecret);
  } catch {
    return false;
  }
}

/** What the upgrade needs of the version-1 vault before it changes anything: an active admin, a sound vault. */
function checkVersion1(paths: VaultPaths, dek: Buffer, keys: KeysFile, adminId: string, username: string): void {
  const { db } = openWithEitherCipher(paths.db, dek, ['sqlcipher']);
  try {
    const user = db
      .prepare<[string], { role: string; status: string }>('SELECT role, status FROM users WHERE id = ?')
      .get(adminId);
    if (!user || user.status !== 'active' || user.role !== 'admin') throw inputError('user.notAdmin', { username });
    const problem = integrityProblem(db, keys);
    if (problem) throw integrityError(`${problem} The recovery waits: run \`ledgervault doctor\`.`);
  } finally {
    db.close();
  }
}

/**
 * In the upgrade's transaction: the admin's two-step secret goes (recovery gives them a new
 * identity, as in version 2: they enrol again), their failure counter is reset, and the
 * recovery is audited. The other staff get temporary passwords from the upgrade itself.
 */
function recordRecovery(
  db: SqliteDb,
  chainKey: Buffer,
  keys: KeysFile,
  admin: { userId: string; username: string },
  deviceSecretReplaced: boolean,
): void {
  db.prepare(
    `UPDATE users SET mfa_secret_enc = NULL, mfa_pending_secret_enc = NULL, mfa_last_step = NULL,
       mfa_secret = NULL, mfa_pending_secret = NULL WHERE id = ?`,
  ).run(admin.userId);
  const counter = keys.counters[admin.username];
  if (counter) {
    db.prepare(
      'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(KEYS_META.counterReset(admin.username), counterIntentValue(counter));
  }
  appendAuditEvent(db, chainKey, {
    actorId: admin.userId,
    actorName: admin.username,
    action: 'vault.recover',
    targetType: 'user',
    targetId: admin.userId,
    details: { deviceSecretReplaced, usersNeedingReset: [], upgradedFrom: 1 },
  });
}

/** The upgraded vault, opened for the admin with their new password, and its report taken once. */
async function openRecovered(
  paths: VaultPaths,
  input: RecoverInput,
  deviceSecret: Buffer,
  deviceSecretReplaced: boolean,
): Promise<RecoveryResult> {
  const keys = readKeysFile(paths);
  const slot = userSlot(keys, input.adminUsername);
  const contents = slot ? await unwrapUserSlot(slot, input.newPassword, deviceSecret, keys.vaultId) : null;
  if (!slot || !contents) {
    throw authError(
      'An upgrade to version 2 that was cut short has now been finished; this password does not open it: sign in with the one set then.',
    );
  }
  // openSession takes over the slot's keys and this copy of the device secret.
  const session = openSession(paths, keys, contents, Buffer.from(deviceSecret), slot.userId, {
    migrationsDir: input.migrationsDir,
  });
  try {
    const upgrade = takeUpgradeReport(session);
    return { session, deviceSecretReplaced, usersNeedingReset: [], ...(upgrade ? { upgrade } : {}) };
  } catch (err) {
    session.lock();
    throw err;
  }
}
