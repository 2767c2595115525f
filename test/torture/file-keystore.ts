/**
 * The crash campaign's keychain: one JSON file that the campaign's child and the parent's
 * verifier share (they run one after the other, never together). The campaign tests the vault's
 * storage paths, not the OS keychain, and gnome-keyring over D-Bus would only slow every sign-in
 * down. Each write replaces the file atomically, as a keychain daemon commits an entry: a child
 * killed in the middle of a note leaves the old note or the new one, never half of one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../src/core/fs/atomic-write';
import type { KeyStore, KeyStoreNote } from '../../src/core/keystore/keystore';

interface Entries {
  secrets: Record<string, string>;
  notes: Record<string, string>;
}

export class FileKeyStore implements KeyStore {
  constructor(private readonly file: string) {}

  private read(): Entries {
    if (!existsSync(this.file)) return { secrets: {}, notes: {} };
    return JSON.parse(readFileSync(this.file, 'utf8')) as Entries;
  }

  private update(change: (e: Entries) => void): void {
    const e = this.read();
    change(e);
    writeFileAtomic(this.file, JSON.stringify(e));
  }

  async get(vaultId: string): Promise<Buffer | null> {
    const value = this.read().secrets[vaultId];
    return value === undefined ? null : Buffer.from(value, 'base64');
  }

  async set(vaultId: string, secret: Buffer): Promise<void> {
    this.update((e) => (e.secrets[vaultId] = secret.toString('base64')));
  }

  async delete(vaultId: string): Promise<boolean> {
    const had = vaultId in this.read().secrets;
    this.update((e) => {
      delete e.secrets[vaultId];
      for (const k of Object.keys(e.notes)) if (k.startsWith(`${vaultId}:`)) delete e.notes[k];
    });
    return had;
  }

  async getNote(vaultId: string, name: KeyStoreNote): Promise<string | null> {
    return this.read().notes[`${vaultId}:${name}`] ?? null;
  }

  async setNote(vaultId: string, name: KeyStoreNote, value: string): Promise<void> {
    this.update((e) => (e.notes[`${vaultId}:${name}`] = value));
  }
}
