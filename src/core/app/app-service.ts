import { existsSync } from 'node:fs';
import type { Locale } from '../../shared/errors';
import type { AppInfo, CreatedVaultInfo, SessionInfo, VaultStatus } from '../../shared/ipc-contract';
import type { Argon2Params } from '../crypto/argon2id';
import { LedgerVaultError } from '../errors';
import type { KeyStore } from '../keystore/keystore';
import { createVault } from '../vault/create-vault';
import { vaultPaths } from '../vault/paths';
import type { VaultSession } from '../vault/session';
import { unlockVault } from '../vault/unlock-vault';

export interface AppServiceOptions {
  vaultDir: string;
  keyStore: KeyStore;
  version: string;
  /** Argon2id costs for new keyslots; 'calibrate' (the default) measures this machine. */
  kdf?: Argon2Params | 'calibrate';
}

/**
 * One front end's view of one vault: which vault, whether it is unlocked, and as whom. The
 * Electron main process and the browser harness each hold one; everything they do to the vault
 * goes through it, so both enforce the same rules.
 */
export class AppService {
  private session: VaultSession | null = null;
  locale: Locale = 'zh-CN';

  constructor(private readonly opts: AppServiceOptions) {}

  info(): AppInfo {
    return { version: this.opts.version, vaultDir: vaultPaths(this.opts.vaultDir).dir };
  }

  status(): VaultStatus {
    const exists = existsSync(vaultPaths(this.opts.vaultDir).keys);
    const user = this.session?.isOpen ? this.sessionInfo(this.session) : null;
    return { state: !exists ? 'no-vault' : user ? 'unlocked' : 'locked', locale: this.locale, user };
  }

  setLocale(locale: Locale): VaultStatus {
    this.locale = locale;
    return this.status();
  }

  /** Creates the vault and signs its first admin in; the recovery key is returned once. */
  async create(input: {
    adminUsername: string;
    adminDisplayName?: string;
    password: string;
  }): Promise<CreatedVaultInfo> {
    if (this.status().state !== 'no-vault') throw new LedgerVaultError('E_EXISTS', 'A vault already exists here.');
    const created = await createVault({
      dir: this.opts.vaultDir,
      adminUsername: input.adminUsername,
      adminDisplayName: input.adminDisplayName || undefined,
      adminPassword: input.password,
      keyStore: this.opts.keyStore,
      kdf: this.opts.kdf,
    });
    await this.unlock({ username: input.adminUsername, password: input.password });
    return { vaultId: created.vaultId, recoveryKey: created.recoveryKey, status: this.status() };
  }

  async unlock(input: { username: string; password: string }): Promise<VaultStatus> {
    if (this.session?.isOpen) {
      throw new LedgerVaultError('E_BUSY', 'The vault is already unlocked; lock it before signing in as someone else.');
    }
    this.session = await unlockVault({ dir: this.opts.vaultDir, keyStore: this.opts.keyStore, ...input });
    return this.status();
  }

  /** Closes the database and drops every key. Safe to call when already locked. */
  lock(): VaultStatus {
    if (this.session?.isOpen) {
      try {
        this.session.write((ctx) =>
          ctx.audit({ action: 'auth.lock', targetType: 'user', targetId: this.session!.user.id }),
        );
      } finally {
        this.session.lock();
      }
    }
    this.session = null;
    return this.status();
  }

  /** The signed-in session, for features that need one; E_VAULT_LOCKED otherwise. */
  requireSession(): VaultSession {
    if (!this.session?.isOpen) throw new LedgerVaultError('E_VAULT_LOCKED');
    return this.session;
  }

  private sessionInfo(s: VaultSession): SessionInfo {
    return { username: s.user.username, displayName: s.user.displayName, role: s.user.role };
  }
}
