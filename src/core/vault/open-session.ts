import { eq } from 'drizzle-orm';
import { deriveAuditKey, readAuditHead } from './audit-chain';
import { users, vaultMeta } from '../db/schema';
import { authError, integrityError, LedgerVaultError } from '../errors';
import { applyMigrations, checkDatabaseIntegrity, openVaultDatabase, type Orm, type SqliteDb } from './database';
import { wipe } from '../crypto/primitives';
import type { KeysFile } from './keys-file';
import { wipeSlotContents, type SlotContents } from './keyslots';
import { checkGrantStatements, checkUsersAgainstCertificates, loadTrust, RECOVERY_ID, type Trust } from './trust';
import { pageCipherOf } from './vault-format';
import { constantTimeEqual } from '../crypto/primitives';
import { restrictFileModes, type VaultPaths } from './paths';
import { VaultSession } from './session';
import { loadClientKeys } from './client-key-store';

export interface OpenOptions {
  migrationsDir?: string;
  /**
   * 'inspect' opens a vault whose database no longer matches its keys file (rolled back or
   * truncated) so that doctor and audit verify can report it; normal use refuses it.
   */
  mode?: 'normal' | 'inspect';
}

/** Internal: who the identity in the slot belongs to (the recovery identity during recovery). */
interface IdentityOwner {
  identityOf?: typeof RECOVERY_ID;
}

/**
 * From an unwrapped DEK to a signed-in session: opens and migrates the database, checks it
 * against the keys file (same vault, keys file not rolled back, audit head not behind). Takes
 * over `dek` and `deviceSecret`: the session wipes them at lock, and they are wiped here if it
 * cannot open. A keys file *behind* the database (a crash or a failed update after a commit) is
 * accepted: the first write of the session brings it up to date.
 */
export function openSession(
  paths: VaultPaths,
  keys: KeysFile,
  contents: SlotContents,
  deviceSecret: Buffer,
  userId: string,
  opts: OpenOptions & IdentityOwner = {},
): VaultSession {
  const dek = contents.dek;
  let sqlite: SqliteDb;
  try {
    restrictFileModes(paths);
    sqlite = openVaultDatabase(paths.db, dek, { create: false, cipher: pageCipherOf(keys) });
  } catch (err) {
    wipeSlotContents(contents);
    wipe(deviceSecret);
    throw err;
  }
  try {
    const problems = checkDatabaseIntegrity(sqlite);
    if (problems.length > 0)
      throw integrityError(`vault.db failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
    const orm = applyMigrations(sqlite, opts.migrationsDir);
    const meta = new Map(
      orm
        .select()
        .from(vaultMeta)
        .all()
        .map((r) => [r.key, r.value]),
    );
    if (meta.get('vault_id') !== keys.vaultId) throw integrityError('vault.db belongs to another vault.');
    const minGeneration = Number(meta.get('keys_min_generation') ?? '0');
    let alarm: string | null = null;
    if (keys.generation < minGeneration) {
      alarm = 'The keys file (vault.keys) is older than the database expects: it was replaced by an older copy.';
    }
    const head = readAuditHead(sqlite);
    if (head.seq < keys.auditHead.seq) {
      alarm = `The audit log ends at event ${head.seq} but the keys file says ${keys.auditHead.seq}: vault.db was replaced by an older copy or events were removed.`;
    } else if (keys.auditHead.seq > 0) {
      const at = sqlite
        .prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?')
        .get(keys.auditHead.seq);
      if (at?.hash !== keys.auditHead.hash) {
        alarm = `Audit event ${keys.auditHead.seq} does not match the keys file: vault.db was replaced or edited.`;
      }
    }
    if (alarm && opts.mode !== 'inspect') throw integrityError(`${alarm} Run \`ledgervault doctor\` to see more.`);
    const user = orm.select().from(users).where(eq(users.id, userId)).get();
    if (!user || user.status !== 'active') throw authError('This account is disabled or no longer exists.');
    let trust: Trust | null = null;
    let trustProblem: string | null = null;
    if (keys.version === 2) {
      try {
        trust = checkTrust(orm, keys.vaultId, contents, opts.identityOf ?? userId);
      } catch (err) {
        if (opts.mode !== 'inspect') throw err;
        trustProblem = err instanceof LedgerVaultError ? err.detail : String(err);
        alarm ??= trustProblem;
      }
    }
    // Role and status come from the certificate: the users row is only a copy (checked above).
    const role = trust?.require(userId).body.role ?? user.role;
    if (trust && trust.require(userId).body.status === 'disabled')
      throw authError('This account is disabled or no longer exists.');
    const session = new VaultSession(
      paths,
      keys.vaultId,
      { id: user.id, username: user.username, displayName: user.displayName, role },
      { dek, deviceSecret, auditKey: deriveAuditKey(dek, keys.vaultId), identity: contents.identity },
      sqlite,
      orm,
      alarm,
    );
    session.trust = trust;
    session.trustProblem = trustProblem;
    session.signerId = opts.identityOf ?? userId;
    session.rootFingerprint = contents.rootFingerprint?.toString('hex') ?? null;
    if (trust) loadClientKeys(session, opts.identityOf ?? userId);
    return session;
  } catch (err) {
    sqlite.close();
    wipeSlotContents(contents);
    wipe(deviceSecret);
    throw err;
  }
}

/**
 * Version 2: every certificate from the root this slot pins, the users rows and the signed grants
 * agree, and the slot's keys are the ones certified for its owner.
 */
function checkTrust(orm: Orm, vaultId: string, contents: SlotContents, ownerId: string): Trust {
  if (!contents.identity || !contents.rootFingerprint)
    throw integrityError('This keyslot holds no identity: the keys file was edited.');
  const trust = loadTrust(orm, vaultId, contents.rootFingerprint.toString('hex'));
  checkUsersAgainstCertificates(orm, trust);
  checkGrantStatements(orm, trust, vaultId);
  const certified = trust.require(ownerId);
  const same =
    constantTimeEqual(certified.keys.x25519, contents.identity.x25519.publicKey) &&
    constantTimeEqual(certified.keys.ed25519, contents.identity.ed25519.publicKey);
  if (!same) throw integrityError(`The keys of "${certified.body.username}" are not the certified ones.`);
  return trust;
}
