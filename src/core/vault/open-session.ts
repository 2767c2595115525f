import { eq } from 'drizzle-orm';
import { deriveAuditKey, readAuditHead } from './audit-chain';
import { users, vaultMeta } from '../db/schema';
import { authError, integrityError } from '../errors';
import { applyMigrations, checkDatabaseIntegrity, openVaultDatabase, type SqliteDb } from './database';
import { wipe } from '../crypto/primitives';
import type { KeysFile } from './keys-file';
import { restrictFileModes, type VaultPaths } from './paths';
import { VaultSession } from './session';

export interface OpenOptions {
  migrationsDir?: string;
  /**
   * 'inspect' opens a vault whose database no longer matches its keys file (rolled back or
   * truncated) so that doctor and audit verify can report it; normal use refuses it.
   */
  mode?: 'normal' | 'inspect';
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
  dek: Buffer,
  deviceSecret: Buffer,
  userId: string,
  opts: OpenOptions = {},
): VaultSession {
  let sqlite: SqliteDb;
  try {
    restrictFileModes(paths);
    sqlite = openVaultDatabase(paths.db, dek, { create: false });
  } catch (err) {
    wipe(dek, deviceSecret);
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
    const session = new VaultSession(
      paths,
      keys.vaultId,
      { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      { dek, deviceSecret, auditKey: deriveAuditKey(dek, keys.vaultId) },
      sqlite,
      orm,
      alarm,
    );
    return session;
  } catch (err) {
    sqlite.close();
    wipe(dek, deviceSecret);
    throw err;
  }
}
