/**
 * Where the upgrade meets sign-in (auth/unlock-vault.ts calls these): a version-1 keys file's
 * slot has given the DEK for a password; the person must still be an active admin with their
 * second factor before the vault changes. Nobody else can upgrade, and nobody signs in to a
 * version-1 vault without upgrading it: version-2 code reads sensitive fields only from their
 * sealed columns, so a version-1 vault would look empty to it.
 */
import { eq } from 'drizzle-orm';
import { integrityError, LedgerVaultError } from '../errors';
import { matchTotp } from '../crypto/totp';
import { sha256 } from '../crypto/primitives';
import * as schema from '../db/schema';
import { checkDatabaseIntegrity, openWithEitherCipher, type SqliteDb } from '../vault/database';
import { readAuditHead } from '../vault/audit-chain';
import { readKeysFile, type KeysFile, type UserSlot } from '../vault/keys-file';
import { isSlotInForce } from '../vault/keys-sync';
import type { VaultPaths } from '../vault/paths';
import type { VaultSession } from '../vault/session';
import type { UpgradeReport } from '../../shared/vault/contract';
import { openHandover, type UpgradeHandover } from './upgrade-v2-handover';
import { UPGRADE_META } from './upgrade-v2-rows';
import { settleUpgrade, upgradeNeedsAdmin, upgradeVersion1Vault, type UpgradeOptions } from './upgrade-v2';

/** Why the sign-in that asked for an upgrade failed: the caller counts these like any failure. */
export type UpgradeSignInFailure = 'replaced_password' | 'second_factor_missing' | 'wrong_second_factor';

export class UpgradeSignInRefused extends Error {
  constructor(readonly reason: UpgradeSignInFailure) {
    super(reason);
  }
}

/**
 * Checks, on the version-1 database, what the sign-in of `slot`'s owner needs before an upgrade
 * (slot in force, active admin, second factor), then upgrades. The second factor is checked but
 * not recorded: the version-2 sign-in that follows (same password, same code) records it, and
 * would refuse a code already marked as used. Throws UpgradeSignInRefused for a failure the
 * caller counts, E_FORBIDDEN for a non-admin (vault unchanged).
 */
export async function upgradeAtSignIn(
  input: {
    paths: VaultPaths;
    keys: KeysFile;
    slot: UserSlot;
    dek: Buffer;
    deviceSecret: Buffer;
    password: string;
    totp?: string;
    now: Date;
  } & Omit<UpgradeOptions, 'now'>,
): Promise<UpgradeHandover> {
  const { db } = openWithEitherCipher(input.paths.db, input.dek, ['sqlcipher']);
  try {
    if (!isSlotInForce(db, input.slot)) throw new UpgradeSignInRefused('replaced_password');
    // The version-1 columns: this runs before the version-2 migration, whatever the tree's schema says.
    const user = db
      .prepare<[string], { role: string; status: string; mfa_secret: string | null }>(
        'SELECT role, status, mfa_secret FROM users WHERE id = ?',
      )
      .get(input.slot.userId);
    if (!user || user.status !== 'active' || user.role !== 'admin') throw upgradeNeedsAdmin();
    if (user.mfa_secret) {
      if (!input.totp) throw new UpgradeSignInRefused('second_factor_missing');
      if (!secondFactorHolds(db, input.slot.userId, user.mfa_secret, input.totp, input.now))
        throw new UpgradeSignInRefused('wrong_second_factor');
    }
    // Only a sound vault is rewritten: one that is damaged, rolled back or not this keys file's
    // goes to `ledgervault doctor` first, as a normal unlock would send it.
    const problem = integrityProblem(db, input.keys);
    if (problem) throw integrityError(`${problem} The upgrade to version 2 waits: run \`ledgervault doctor\`.`);
  } finally {
    db.close();
  }
  return upgradeVersion1Vault({
    paths: input.paths,
    keys: input.keys,
    dek: input.dek,
    deviceSecret: input.deviceSecret,
    adminId: input.slot.userId,
    adminPassword: input.password,
    now: () => input.now,
    migrationsDir: input.migrationsDir,
    afterStep: input.afterStep,
  });
}

/** What openSession would refuse or raise an alarm for, checked before the upgrade writes anything. */
export function integrityProblem(db: SqliteDb, keys: KeysFile): string | null {
  const problems = checkDatabaseIntegrity(db);
  if (problems.length > 0) return `vault.db failed its integrity check: ${problems.slice(0, 3).join('; ')}.`;
  const meta = (key: string) =>
    db.prepare<[string], { value: string }>('SELECT value FROM vault_meta WHERE key = ?').get(key)?.value ?? null;
  if (meta('vault_id') !== keys.vaultId) return 'vault.db belongs to another vault.';
  if (keys.generation < Number(meta('keys_min_generation') ?? '0'))
    return 'The keys file is older than vault.db expects.';
  const head = readAuditHead(db);
  if (head.seq < keys.auditHead.seq) return 'The audit log ends before the event the keys file names.';
  if (keys.auditHead.seq > 0) {
    const at = db
      .prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?')
      .get(keys.auditHead.seq);
    if (at?.hash !== keys.auditHead.hash) return 'An audit event does not match the keys file.';
  }
  return null;
}

/**
 * The version-1 second factor, read from the version-1 columns with plain SQL (this runs before
 * the version-2 migration): a TOTP code of a step after the last one used, or an unused recovery
 * code (stored as SHA-256 of its letters and digits, as auth/mfa.ts keeps them). Not recorded:
 * the version-2 sign-in that follows records it.
 */
function secondFactorHolds(db: SqliteDb, userId: string, secret: string, given: string, now: Date): boolean {
  const code = given.trim();
  const step = matchTotp(secret, code, now);
  if (step !== null) {
    const last = db
      .prepare<[string], { s: number | null }>('SELECT mfa_last_step AS s FROM users WHERE id = ?')
      .get(userId);
    return (last?.s ?? -1) < step;
  }
  const hash = sha256(Buffer.from(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))).toString('hex');
  return !!db
    .prepare('SELECT 1 FROM mfa_recovery_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
    .get(userId, hash);
}

/**
 * What the upgrade must show the admin who ran it, once: the new recovery key (to print) and the
 * other staff's temporary passwords. Kept sealed to that admin's identity from the upgrade's
 * commit until taken here, so neither a crash nor a window closed too early loses the only copy;
 * the front end calls this after every unlock and shows what it returns. Null when there is none
 * or it is not this user's.
 */
export function takeUpgradeHandover(session: VaultSession): UpgradeHandover | null {
  const row = session.orm.select().from(schema.vaultMeta).where(eq(schema.vaultMeta.key, UPGRADE_META.handover)).get();
  if (!row) return null;
  let handover: UpgradeHandover;
  try {
    handover = openHandover(session.vaultId, row.value, {
      userId: session.user.id,
      x25519Private: session.identity.x25519.privateKey,
      x25519Public: session.identity.x25519.publicKey,
    });
  } catch (err) {
    if (err instanceof LedgerVaultError && err.code === 'E_INTEGRITY') return null;
    throw err;
  }
  session.write((ctx) => {
    ctx.orm.delete(schema.vaultMeta).where(eq(schema.vaultMeta.key, UPGRADE_META.handover)).run();
    ctx.audit({
      action: 'vault.upgrade.handover',
      details: { temporaryPasswords: handover.temporaryPasswords.length },
    });
  });
  return handover;
}

/**
 * For unlockVault, once a slot has opened for the password and the keys file's vault MAC holds:
 * settles an upgrade a crash cut short, and upgrades a version-1 vault for an admin. `restart`
 * says the keys file changed and the sign-in must start again with it (the admin's password
 * opens their new slot; the second factor was not yet recorded). A refused upgrade sign-in
 * throws UpgradeSignInRefused (the caller counts it) or E_FORBIDDEN (not an admin).
 */
export async function upgradeBeforeSignIn(input: {
  paths: VaultPaths;
  keys: KeysFile;
  slot: UserSlot;
  dek: Buffer;
  deviceSecret: Buffer;
  password: string;
  totp?: string;
  now: Date;
  migrationsDir?: string;
  /** 'inspect' (doctor, audit verify of a damaged vault) never upgrades: it looks at what is there. */
  mode?: 'normal' | 'inspect';
}): Promise<{ restart: boolean }> {
  if (input.mode === 'inspect' && input.keys.version === 1) return { restart: false };
  const settled = await settleUpgrade(input.paths, input.dek, input.deviceSecret, {
    migrationsDir: input.migrationsDir,
  });
  if (settled === 'version1') await upgradeAtSignIn(input);
  // Settling may have changed the keys file (installed, or a new page cipher named): start again with it.
  return { restart: readKeysFile(input.paths).generation !== input.keys.generation };
}

/** takeUpgradeHandover in the shape the front ends show (shared/vault/contract.ts). */
export function takeUpgradeReport(session: VaultSession): UpgradeReport | null {
  const handover = takeUpgradeHandover(session);
  if (!handover) return null;
  return {
    recoveryKey: handover.recoveryKey,
    rootFingerprint: handover.rootFingerprint,
    temporaryPasswords: handover.temporaryPasswords.map((t) => ({
      username: t.username,
      displayName: t.displayName,
      password: t.password,
    })),
  };
}
