/**
 * The insider test's page decrypter (page-decrypt.ts) must read whichever page cipher the vault
 * uses (the keys file's pageCipher): each is checked on a file written by the core's own opener,
 * including a value that only survives in a free page and in the WAL.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomKey } from '../../src/core/crypto/primitives';
import { openVaultDatabase, type PageCipher } from '../../src/core/vault/database';
import { tempDir } from '../helpers/test-vault';
import { aesSboxOk, decryptDatabaseFile, decryptWalFile } from './page-decrypt';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('page decrypter', () => {
  it('has the AES S-box of FIPS-197', () => expect(aesSboxOk).toBe(true));

  for (const cipher of ['sqlcipher', 'aegis-256'] as PageCipher[]) {
    it(`${cipher}: every page and WAL frame authenticates, free pages and old versions included`, () => {
      dir = tempDir('lv-pages-');
      const file = path.join(dir, 'vault.db');
      const dek = randomKey();
      const db = openVaultDatabase(file, dek, { create: true, cipher });
      db.pragma('secure_delete=OFF');
      db.exec('CREATE TABLE t (x TEXT)');
      const put = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 40; i += 1) put.run(`DROPPED-${i} `.repeat(100));
      db.exec('DELETE FROM t');
      put.run('KEPT-VALUE');
      const wal = decryptWalFile(cipher, dek, readFileSync(file), readFileSync(`${file}-wal`));
      db.close();
      expect(wal.failed).toEqual([]);
      expect(wal.plain.includes('DROPPED-7 ')).toBe(true);
      const pages = decryptDatabaseFile(cipher, dek, readFileSync(file));
      expect(pages.failed).toEqual([]);
      expect(pages.plain.includes('KEPT-VALUE')).toBe(true);
      expect(pages.plain.includes('DROPPED-7 ')).toBe(true);
      // Under another key nothing authenticates: the decrypter cannot pass noise off as plaintext.
      expect(decryptDatabaseFile(cipher, randomKey(), readFileSync(file)).pages).toBe(0);
    });
  }
});
