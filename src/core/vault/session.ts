import { eq } from 'drizzle-orm';
import { appendAuditEvent, readAuditHead, type AuditEventInput, type AuditRow } from '../audit/audit-chain';
import { vaultMeta, type Role } from '../db/schema';
import { LedgerVaultError, integrityError } from '../errors';
import { wipe } from '../crypto/primitives';
import { hasValidDeviceMac, hasValidVaultMac, sealKeys, updateKeysFile, type KeysFile } from './keys-file';
import type { Orm, SqliteDb } from './database';
import type { VaultPaths } from './paths';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface SessionSecrets {
  dek: Buffer;
  deviceSecret: Buffer;
  auditKey: Buffer;
}

export interface WriteContext {
  orm: Orm;
  db: SqliteDb;
  /** Records an event in this transaction, by the signed-in user unless said otherwise. */
  audit(
    event: Omit<AuditEventInput, 'actorId' | 'actorName'> & Partial<Pick<AuditEventInput, 'actorId' | 'actorName'>>,
  ): AuditRow;
}

/**
 * An unlocked vault, signed in as one user. Holds the only copies of the keys in memory; `lock()`
 * closes the database and wipes them. Every change goes through `write()`, which runs the change
 * and its audit events in one transaction and then mirrors the new chain head into the keys file.
 */
/**
 * A session that may do only one thing before anything else: change a temporary or expired
 * password, or enrol in two-step verification where the role requires it.
 */
export type SessionRestriction = 'password-change' | 'mfa-enrol' | null;

export class VaultSession {
  restriction: SessionRestriction = null;
  private secrets: SessionSecrets | null;
  private sqlite: SqliteDb | null;
  private drizzleDb: Orm | null;

  constructor(
    readonly paths: VaultPaths,
    readonly vaultId: string,
    readonly user: SessionUser,
    secrets: SessionSecrets,
    sqlite: SqliteDb,
    orm: Orm,
    /** Set when unlock found the database behind the keys file: reads only, until investigated. */
    readonly integrityAlarm: string | null = null,
  ) {
    this.secrets = secrets;
    this.sqlite = sqlite;
    this.drizzleDb = orm;
  }

  get isOpen(): boolean {
    return this.sqlite !== null;
  }

  private open(): { sqlite: SqliteDb; orm: Orm; secrets: SessionSecrets } {
    if (!this.sqlite || !this.drizzleDb || !this.secrets) {
      throw new LedgerVaultError('E_VAULT_LOCKED', 'The vault session is locked.');
    }
    return { sqlite: this.sqlite, orm: this.drizzleDb, secrets: this.secrets };
  }

  /** For reads that change nothing and need no audit event. */
  get orm(): Orm {
    return this.open().orm;
  }

  get db(): SqliteDb {
    return this.open().sqlite;
  }

  get auditKey(): Buffer {
    return this.open().secrets.auditKey;
  }

  /** For making keyslots while signed in (new staff, password changes); never leaves the core. */
  get dek(): Buffer {
    return this.open().secrets.dek;
  }

  get deviceSecret(): Buffer {
    return this.open().secrets.deviceSecret;
  }

  write<T>(fn: (ctx: WriteContext) => T): T {
    const { sqlite, orm, secrets } = this.open();
    if (this.integrityAlarm) throw integrityError(this.integrityAlarm);
    const ctx: WriteContext = {
      orm,
      db: sqlite,
      audit: (event) =>
        appendAuditEvent(sqlite, secrets.auditKey, {
          actorId: this.user.id,
          actorName: this.user.username,
          ...event,
        }),
    };
    const result = sqlite.transaction(() => fn(ctx)).immediate();
    this.mirrorAuditHead();
    return result;
  }

  /**
   * Copies the chain head into the authenticated keys file, so that an older vault.db put in
   * place of this one, or events cut off the end, no longer match. A crash between the commit and
   * this write leaves the keys file behind the database, which the next unlock accepts and fixes.
   */
  mirrorAuditHead(): void {
    const { sqlite, secrets } = this.open();
    const head = readAuditHead(sqlite);
    updateKeysFile(
      this.paths,
      (file) => this.assertKeysAuthentic(file),
      (file) =>
        file.auditHead.seq === head.seq && file.auditHead.hash === head.hash
          ? null
          : sealKeys(
              { ...withoutMac(file), auditHead: head, generation: file.generation + 1 },
              secrets.dek,
              secrets.deviceSecret,
            ),
    );
  }

  /** Runs `mutate` on the keys file under its lock with both MACs checked, re-sealing the result. */
  updateKeys(mutate: (file: KeysFile) => Omit<KeysFile, 'mac'>, opts: { newDeviceSecret?: boolean } = {}): KeysFile {
    const { secrets } = this.open();
    return updateKeysFile(
      this.paths,
      // After recovery on a new workstation only the vault MAC can be checked: the device MAC
      // was made with the secret that was lost.
      (file) => this.assertKeysAuthentic(file, !opts.newDeviceSecret),
      (file) => sealKeys({ ...mutate(file), generation: file.generation + 1 }, secrets.dek, secrets.deviceSecret),
    );
  }

  private assertKeysAuthentic(file: KeysFile, checkDeviceMac = true): void {
    const { secrets } = this.open();
    const deviceOk = !checkDeviceMac || hasValidDeviceMac(file, secrets.deviceSecret);
    if (file.vaultId !== this.vaultId || !hasValidVaultMac(file, secrets.dek) || !deviceOk) {
      throw integrityError('The keys file (vault.keys) was changed outside LedgerVault.');
    }
  }

  setMeta(ctx: WriteContext, key: string, value: string): void {
    ctx.orm
      .insert(vaultMeta)
      .values({ key, value })
      .onConflictDoUpdate({ target: vaultMeta.key, set: { value } })
      .run();
  }

  getMeta(key: string): string | null {
    return this.orm.select().from(vaultMeta).where(eq(vaultMeta.key, key)).get()?.value ?? null;
  }

  /** Closes the database and wipes the keys. Safe to call twice. */
  lock(): void {
    if (this.sqlite) {
      try {
        this.sqlite.close();
      } finally {
        this.sqlite = null;
        this.drizzleDb = null;
      }
    }
    if (this.secrets) {
      wipe(this.secrets.dek, this.secrets.deviceSecret, this.secrets.auditKey);
      this.secrets = null;
    }
  }
}

export function withoutMac(file: KeysFile): Omit<KeysFile, 'mac'> {
  const { mac: _mac, ...body } = file;
  return body;
}
