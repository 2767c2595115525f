import { LedgerVaultError } from '../../src/core/errors';
import type { KeyStore, KeyStoreNote } from '../../src/core/keystore/keystore';

/**
 * The keychain in memory, for unit tests of the core that are not about the keychain itself: no
 * D-Bus, no Secret Service, nothing left behind when a test dies. The real keychain (OsKeyStore
 * over gnome-keyring, scripts/with-keyring.sh) stays in the keystore, crash, CLI and e2e suites.
 *
 * `locked` makes it answer the way keytar sees a locked Linux keyring: `get` returns null (keytar
 * cannot tell "locked" from "no entry"), `delete` finds nothing, and a write does not stick, which
 * OsKeyStore's read-back turns into E_KEYCHAIN. It can be switched at any time, e.g. to lock the
 * keyring between creating a vault and unlocking it.
 */
export class MemoryKeyStore implements KeyStore {
  /** vaultId → device secret; copies, so a caller that wipes its buffer wipes only its own. */
  readonly entries = new Map<string, Buffer>();
  locked: boolean;
  /** Every attempted write, locked or not: a test can show that nothing tried to replace a secret. */
  setCalls = 0;

  constructor(opts: { locked?: boolean } = {}) {
    this.locked = opts.locked ?? false;
  }

  async get(vaultId: string): Promise<Buffer | null> {
    if (this.locked) return null;
    const secret = this.entries.get(vaultId);
    return secret ? Buffer.from(secret) : null;
  }

  async set(vaultId: string, secret: Buffer): Promise<void> {
    this.setCalls += 1;
    if (this.locked) {
      throw new LedgerVaultError(
        'E_KEYCHAIN',
        'The system keychain accepted the device secret but does not return it.',
      );
    }
    this.entries.set(vaultId, Buffer.from(secret));
  }

  async delete(vaultId: string): Promise<boolean> {
    if (this.locked) return false;
    this.notes.delete(`${vaultId}:audit-anchor`);
    this.notes.delete(`${vaultId}:signin-mirror`);
    this.notes.delete(`${vaultId}:update-state`);
    return this.entries.delete(vaultId);
  }

  /** `vaultId:name` → note (audit anchor, sign-in mirror): a test may read, remove or put back an older one. */
  readonly notes = new Map<string, string>();

  async getNote(vaultId: string, name: KeyStoreNote): Promise<string | null> {
    if (this.locked) return null;
    return this.notes.get(`${vaultId}:${name}`) ?? null;
  }

  async setNote(vaultId: string, name: KeyStoreNote, value: string): Promise<void> {
    if (this.locked) throw new LedgerVaultError('E_KEYCHAIN', 'The system keychain is locked.');
    this.notes.set(`${vaultId}:${name}`, value);
  }
}
