/**
 * In-place upgrade of a version-1 vault to version 2 (issue 11 item 5), at the first admin unlock.
 *
 * Crash safety: the database is the commit point, as everywhere else (keys-sync.ts).
 *   1. migrated   vault.db has the version-2 tables and columns, all empty: still version 1.
 *   2. staged     the version-2 keys file is written beside vault.keys (vault.keys.upgrade).
 *   3. committed  ONE transaction moves every sensitive value under client keys, stores
 *                 identities, certificates, wraps and statements, and records the staged file's
 *                 hash: before it nothing changed, after it the vault is version 2.
 *   4. scrubbed   secure_delete was on during the commit; VACUUM and a TRUNCATE checkpoint leave
 *                 no version-1 value in vault.db, its WAL or its free pages.
 *   5. installed  the staged file replaces vault.keys (a rename).
 *   6. rekeyed    vault.db moves to the version-2 page cipher when that differs (database.ts),
 *                 and the keys file catches up with the database (audit head, page cipher).
 * Cut anywhere, the next unlock settles it (settleUpgrade): a staged file the database does not
 * name is deleted (the vault is still version 1 and upgrades again), one it names is installed,
 * and steps 4-6 run again until done. Never half: a reader sees version 1 or version 2.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { integrityError, LedgerVaultError } from '../errors';
import { wipe } from '../crypto/primitives';
import { deriveAuditKey } from '../vault/audit-chain';
import {
  applyMigrations,
  openWithEitherCipher,
  rekeyDatabase,
  type PageCipher,
  type SqliteDb,
} from '../vault/database';
import { fsyncDirectory, writeFileAtomic } from '../fs/atomic-write';
import { withFileLock } from '../fs/file-lock';
import {
  hasValidDeviceMac,
  hasValidVaultMac,
  modifyKeysFile,
  readKeysFile,
  sealKeys,
  writeKeysFile,
  type KeysFile,
} from '../vault/keys-file';
import { canonicalJson } from '../crypto/canonical-json';
import { readKeysIntent, reconcileKeys } from '../vault/keys-sync';
import type { VaultPaths } from '../vault/paths';
import { pageCipherOf, V2_PAGE_CIPHER } from '../vault/vault-format';
import type { UpgradeHandover } from './upgrade-v2-handover';
import { keysTextHash, planUpgrade, wipePlan } from './upgrade-v2-plan';
import { UPGRADE_META, writeUpgrade } from './upgrade-v2-rows';

export type { UpgradeHandover };
export type UpgradeStep = 'migrated' | 'staged' | 'writing' | 'committed' | 'scrubbed' | 'installed' | 'rekeyed';

export interface UpgradeOptions {
  migrationsDir?: string;
  now?: () => Date;
  /** Tests: runs after each step ('writing': inside the transaction, before its commit); a throw there is a crash. */
  afterStep?: (step: UpgradeStep) => void;
}

/** The version-2 keys file while it waits for the commit that puts it in force. */
export function stagedKeysPath(paths: VaultPaths): string {
  return path.join(paths.dir, 'vault.keys.upgrade');
}

function meta(db: SqliteDb, key: string): string | null {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM vault_meta WHERE key = ?').get(key);
  return row?.value ?? null;
}

function setMeta(db: SqliteDb, key: string, value: string): void {
  db.prepare(
    'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** vault.db in whichever page cipher it is, the keys file's first (a rekey may have been cut short). */
function openEither(paths: VaultPaths, dek: Buffer, keys: KeysFile): { db: SqliteDb; cipher: PageCipher } {
  const first = keys.pageCipher ?? 'sqlcipher';
  const other: PageCipher = first === 'sqlcipher' ? 'aegis-256' : 'sqlcipher';
  const opened = openWithEitherCipher(paths.db, dek, [first, other]);
  // Deleted and rewritten cells are zeroed, not left in pages: the upgrade empties plaintext columns.
  opened.db.pragma('secure_delete=ON');
  return opened;
}

/**
 * Upgrades a version-1 vault for an admin who has just proven their password (and second
 * factor) on it. `adminPassword` stays theirs: it opens their new keyslot. Returns what must be
 * shown once: the new recovery key and the other staff's temporary passwords.
 */
export async function upgradeVersion1Vault(
  input: {
    paths: VaultPaths;
    keys: KeysFile;
    dek: Buffer;
    deviceSecret: Buffer;
    adminId: string;
    adminPassword: string;
    /** Recovery (upgrade-v2-recover.ts): what it records, in the upgrade's own transaction. */
    alsoWrite?: (db: SqliteDb, chainKey: Buffer) => void;
  } & UpgradeOptions,
): Promise<UpgradeHandover> {
  const { paths, keys, dek, deviceSecret } = input;
  if (keys.version !== 1) throw new Error('upgradeVersion1Vault needs a version-1 keys file');
  const step = input.afterStep ?? (() => undefined);
  const { db, cipher } = openEither(paths, dek, keys);
  try {
    applyMigrations(db, input.migrationsDir);
    step('migrated');
    if (meta(db, UPGRADE_META.format) === '2')
      throw integrityError('vault.db is already version 2 but vault.keys is version 1: its keys file was replaced.');
    const admin = db
      .prepare<[string], { role: string; status: string }>('SELECT role, status FROM users WHERE id = ?')
      .get(input.adminId);
    if (admin?.role !== 'admin' || admin.status !== 'active') throw upgradeNeedsAdmin();
    const plan = await planUpgrade({
      db,
      keys,
      dek,
      deviceSecret,
      adminId: input.adminId,
      adminPassword: input.adminPassword,
      now: (input.now ?? (() => new Date()))(),
    });
    const chainKey = deriveAuditKey(dek, keys.vaultId);
    try {
      writeFileAtomic(stagedKeysPath(paths), plan.keysText);
      step('staged');
      db.transaction(() => {
        writeUpgrade(db, plan, chainKey, keysTextHash(plan.keysText));
        input.alsoWrite?.(db, chainKey);
        step('writing');
      }).immediate();
      step('committed');
    } finally {
      wipe(chainKey);
      wipePlan(plan);
    }
    await finishUpgrade(paths, db, cipher, dek, deviceSecret, step);
    // Also kept, sealed to the admin, until the front end has shown it (takeUpgradeHandover).
    return plan.handover;
  } finally {
    db.close();
  }
}

export function upgradeNeedsAdmin(): LedgerVaultError {
  return new LedgerVaultError(
    'E_FORBIDDEN',
    'This vault was made by an older LedgerVault: an admin must sign in first to upgrade it.',
    { messageKey: 'vault.upgradeNeedsAdmin' },
  );
}

/**
 * At every unlock once the DEK is known, before the session opens: finishes an upgrade a crash
 * cut short. A staged keys file the database committed is installed (one it did not is deleted:
 * the vault stays version 1 and upgrades again), and the steps after the commit run again. Opens
 * vault.db only when the folder shows something unfinished: a staged file, or a version-2 keys
 * file whose page cipher is not yet the version-2 one.
 */
export async function settleUpgrade(
  paths: VaultPaths,
  dek: Buffer,
  deviceSecret: Buffer,
  opts: Pick<UpgradeOptions, 'migrationsDir' | 'afterStep'> = {},
): Promise<'version1' | 'version2'> {
  const staged = stagedKeysPath(paths);
  const keys = readKeysFile(paths);
  if (!existsSync(staged) && (keys.version === 1 || pageCipherOf(keys) === V2_PAGE_CIPHER))
    return keys.version === 1 ? 'version1' : 'version2';
  const { db, cipher } = openEither(paths, dek, keys);
  try {
    if (keys.version === 1 && meta(db, UPGRADE_META.format) !== '2') {
      // Staged, never committed: the vault is version 1 and upgrades again from the start.
      rmSync(staged, { force: true });
      fsyncDirectory(paths.dir);
      return 'version1';
    }
    await finishUpgrade(paths, db, cipher, dek, deviceSecret, opts.afterStep ?? (() => undefined));
    return 'version2';
  } finally {
    db.close();
  }
}

/**
 * The steps after the commit; each checks whether it is still needed, so running them again is
 * harmless. The scrub comes before the keys file is installed, so that a version-2 keys file in
 * place means no version-1 value is left (settleUpgrade needs no database to know that).
 */
async function finishUpgrade(
  paths: VaultPaths,
  db: SqliteDb,
  cipher: PageCipher,
  dek: Buffer,
  deviceSecret: Buffer,
  step: (s: UpgradeStep) => void,
): Promise<void> {
  if (meta(db, UPGRADE_META.state) === 'committed') {
    // No version-1 value may outlive the upgrade in a free page, a freed cell or the WAL.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    setMeta(db, UPGRADE_META.state, 'scrubbed');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  step('scrubbed');
  await installStagedKeys(paths, db, dek, deviceSecret);
  step('installed');
  let current = cipher;
  if (current !== V2_PAGE_CIPHER) {
    rekeyDatabase(db, { from: current, to: V2_PAGE_CIPHER, dek });
    current = V2_PAGE_CIPHER;
  }
  await syncKeys(paths, db, dek, deviceSecret, current);
  step('rekeyed');
}

/** Step 4, under the keys lock: the staged file the database named becomes vault.keys. */
async function installStagedKeys(paths: VaultPaths, db: SqliteDb, dek: Buffer, deviceSecret: Buffer) {
  const staged = stagedKeysPath(paths);
  await withFileLock(paths.keysLock, () => {
    if (!existsSync(staged)) return;
    const text = readFileSync(staged);
    if (keysTextHash(text) !== meta(db, UPGRADE_META.keys)) {
      // Not the file this commit went with (a leftover of an attempt that never committed).
      rmSync(staged, { force: true });
    } else {
      const file = JSON.parse(text.toString('utf8')) as KeysFile;
      if (!hasValidVaultMac(file, dek) || !hasValidDeviceMac(file, deviceSecret))
        throw integrityError('The staged keys file of the upgrade was changed outside LedgerVault.');
      // Failed sign-ins counted in vault.keys since it was staged (another process) are kept.
      const current = readKeysFile(paths);
      if (canonicalJson(current.counters) === canonicalJson(file.counters)) {
        renameSync(staged, paths.keys);
      } else {
        const { mac: _mac, ...body } = file;
        writeKeysFile(paths, sealKeys({ ...body, counters: current.counters }, dek, deviceSecret));
        rmSync(staged, { force: true });
      }
    }
    fsyncDirectory(paths.dir);
  });
  if (readKeysFile(paths).version !== 2)
    throw integrityError('vault.db is version 2 but its keys file is version 1: the upgraded keys file was lost.');
}

/** The keys file follows the database (audit head, slots in force) and names the page cipher. */
async function syncKeys(paths: VaultPaths, db: SqliteDb, dek: Buffer, deviceSecret: Buffer, cipher: PageCipher) {
  const intent = readKeysIntent(db);
  await withFileLock(paths.keysLock, () =>
    modifyKeysFile(
      paths,
      (file) => {
        if (!hasValidVaultMac(file, dek) || !hasValidDeviceMac(file, deviceSecret))
          throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
      },
      (file) => {
        const next = reconcileKeys(file, intent);
        if (!next.body && file.pageCipher === cipher) return null;
        const { mac: _mac, ...body } = file;
        return sealKeys(
          { ...(next.body ?? body), pageCipher: cipher, generation: file.generation + 1 },
          dek,
          deviceSecret,
        );
      },
    ),
  );
}
