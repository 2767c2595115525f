import { keychainError } from '../errors';

/**
 * Where a workstation keeps each vault's device secret. The real one is the OS keychain; the
 * interface exists so that the core never cares which, and so tests can simulate a locked one.
 *
 * `get` returns null when the keychain has no entry *or* is locked (keytar cannot tell them
 * apart); callers must never read null as "make a new secret" for a vault that already exists.
 */
export interface KeyStore {
  get(vaultId: string): Promise<Buffer | null>;
  set(vaultId: string, secret: Buffer): Promise<void>;
  delete(vaultId: string): Promise<boolean>;
  /**
   * Small notes kept beside the device secret (audit v2): the newest audit seal ('audit-anchor')
   * and the sign-in counters with the pending lines ('signin-mirror'). They let the next unlock
   * notice a folder, a keys file or a pending file put back from an older copy. 'update-state'
   * mirrors the highest app version installed here (src/core/update/trust-state.ts). Null: none
   * (or a locked keychain, which the device secret's read has already ruled out).
   */
  getNote(vaultId: string, name: KeyStoreNote): Promise<string | null>;
  setNote(vaultId: string, name: KeyStoreNote, value: string): Promise<void>;
}

export type KeyStoreNote = 'audit-anchor' | 'signin-mirror' | 'update-state';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/**
 * The one service name every installed copy uses. Deliberately not read from the environment: a
 * variable that moves the entry (tests once used one) would let whoever sets the app's or the
 * CLI's environment point it at another entry. Tests that want their own service pass it to the
 * constructor; the CLI and e2e suites are isolated by the throwaway keyring of scripts/with-keyring.sh.
 */
const SERVICE = 'LedgerVault';

function account(vaultId: string, name: 'device-secret' | KeyStoreNote = 'device-secret'): string {
  return `vault:${vaultId}:${name}`;
}

export class OsKeyStore implements KeyStore {
  private keytar: Keytar | null = null;

  constructor(private readonly service: string = SERVICE) {}

  private async load(): Promise<Keytar> {
    if (this.keytar) return this.keytar;
    try {
      const mod = (await import('keytar')) as unknown as { default?: Keytar } & Keytar;
      this.keytar = mod.default ?? mod;
      return this.keytar;
    } catch (err) {
      throw keychainError('The keychain library could not be loaded.', err);
    }
  }

  async get(vaultId: string): Promise<Buffer | null> {
    const kt = await this.load();
    let value: string | null;
    try {
      value = await kt.getPassword(this.service, account(vaultId));
    } catch (err) {
      throw keychainError(`The system keychain did not answer (${describe(err)}).`, err);
    }
    if (value === null) return null;
    const secret = Buffer.from(value, 'base64');
    if (secret.length !== 32) throw keychainError('The keychain entry for this vault is not a valid device secret.');
    return secret;
  }

  async set(vaultId: string, secret: Buffer): Promise<void> {
    const kt = await this.load();
    try {
      await kt.setPassword(this.service, account(vaultId), secret.toString('base64'));
    } catch (err) {
      throw keychainError(`The device secret could not be stored in the system keychain (${describe(err)}).`, err);
    }
    // Read back: some Secret Service setups accept a write into a locked collection and drop it.
    const back = await this.get(vaultId);
    if (!back || !back.equals(secret)) {
      throw keychainError('The system keychain accepted the device secret but does not return it.');
    }
  }

  async delete(vaultId: string): Promise<boolean> {
    const kt = await this.load();
    try {
      await kt.deletePassword(this.service, account(vaultId, 'audit-anchor')).catch(() => false);
      await kt.deletePassword(this.service, account(vaultId, 'signin-mirror')).catch(() => false);
      await kt.deletePassword(this.service, account(vaultId, 'update-state')).catch(() => false);
      return await kt.deletePassword(this.service, account(vaultId));
    } catch (err) {
      throw keychainError(`The system keychain did not answer (${describe(err)}).`, err);
    }
  }

  async getNote(vaultId: string, name: KeyStoreNote): Promise<string | null> {
    const kt = await this.load();
    try {
      return await kt.getPassword(this.service, account(vaultId, name));
    } catch (err) {
      throw keychainError(`The system keychain did not answer (${describe(err)}).`, err);
    }
  }

  async setNote(vaultId: string, name: KeyStoreNote, value: string): Promise<void> {
    const kt = await this.load();
    try {
      await kt.setPassword(this.service, account(vaultId, name), value);
    } catch (err) {
      throw keychainError(`The system keychain did not store the ${name} note (${describe(err)}).`, err);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : 'unknown error';
}
