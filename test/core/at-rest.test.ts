import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/core/fs/file-lock';
import { vaultPaths } from '../../src/core/vault/paths';
import { ADMIN, createTestVault, expectCode, filesUnder, type TestVault } from '../helpers/test-vault';
import { writeRecords } from '../helpers/records';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

function encodings(marker: string): Buffer[] {
  return [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
}

function filesContaining(files: string[], markers: string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // removed while we looked
    }
    for (const m of markers) for (const enc of encodings(m)) if (bytes.includes(enc)) hits.push(`${file}: ${m}`);
  }
  return hits;
}

describe('nothing readable at rest', () => {
  it('no byte sequence of an ASCII or Chinese marker appears in the vault folder or temp folders', async () => {
    const started = Date.now() - 1000;
    vault = await createTestVault();
    const unique = randomBytes(4).toString('hex');
    const markers = [`LVMARKER-${unique}-counterparty`, `账安标记${unique}张三丰`, `备注${unique}工资代发`];
    const session = await vault.unlock();
    writeRecords(session, `客户${markers[1]}`, [
      { counterparty: markers[0]!, memo: markers[2]!, amountMinor: 9_999_999 },
      { counterparty: markers[1]!, memo: markers[0]!, amountMinor: 1 },
    ]);
    // While the vault is open (WAL not yet checkpointed) ...
    const openFiles = filesUnder(vault.dir);
    expect(openFiles.map((f) => path.basename(f))).toContain('vault.db-wal');
    expect(filesContaining(openFiles, markers)).toEqual([]);
    session.lock();
    // ... and after it is closed and checkpointed.
    expect(filesContaining(filesUnder(vault.dir), markers)).toEqual([]);
    const recentTemp = filesUnder(os.tmpdir()).filter((f) => {
      const st = statSync(f, { throwIfNoEntry: false });
      return st !== undefined && st.mtimeMs >= started && st.size < 256 * 1024 * 1024;
    });
    expect(filesContaining(recentTemp, markers)).toEqual([]);

    // The scan itself finds a marker where one is written in the clear.
    const control = path.join(vault.dir, 'control.txt');
    writeFileSync(control, `x${markers[1]}x`);
    expect(filesContaining([control], markers)).toEqual([`${control}: ${markers[1]}`]);

    // The markers are really there: reading through the vault finds them.
    const reopened = await vault.unlock();
    const texts = JSON.stringify(reopened.db.prepare('SELECT counterparty, memo FROM payment_records').all());
    for (const m of markers.slice(0, 2)) expect(texts).toContain(m);
    reopened.lock();
  });
});

/** Each file of the vault folder with its permission bits, where they are not 0600. */
function notPrivate(dir: string): string[] {
  return filesUnder(dir)
    .map((f) => `${path.basename(f)} ${(statSync(f).mode & 0o777).toString(8)}`)
    .filter((line) => !line.endsWith(' 600'));
}

describe('file modes at rest', () => {
  it('every file in the vault folder is 0600: after create, writes, a failed sign-in and under the keys lock', async () => {
    const previous = process.umask(0o022); // the usual desktop umask, which leaves new files 0644
    try {
      vault = await createTestVault();
      const paths = vaultPaths(vault.dir);
      expect(notPrivate(vault.dir)).toEqual([]);
      const session = await vault.unlock();
      writeRecords(session, '客户甲', [{ counterparty: '张三', memo: 'm', amountMinor: 100 }]);
      const open = filesUnder(vault.dir).map((f) => path.basename(f));
      expect(open).toEqual(expect.arrayContaining(['vault.db', 'vault.db-wal', 'vault.keys']));
      expect(notPrivate(vault.dir)).toEqual([]);
      session.lock();
      await expectCode(vault.unlock(ADMIN, 'Wrong-Password-99'), 'E_AUTH');
      expect(filesUnder(vault.dir).map((f) => path.basename(f))).toContain('vault.pending');
      const underLock = await withFileLock(paths.keysLock, () => ({
        names: filesUnder(vault.dir).map((f) => path.basename(f)),
        loose: notPrivate(vault.dir),
      }));
      expect(underLock.names).toContain('vault.keys.lock');
      expect(underLock.loose).toEqual([]);
      expect(notPrivate(vault.dir)).toEqual([]);
    } finally {
      process.umask(previous);
    }
  });

  it('an existing vault whose files were left readable by others is put back to 0600 when it opens', async () => {
    vault = await createTestVault();
    await expectCode(vault.unlock(ADMIN, 'Wrong-Password-99'), 'E_AUTH');
    const paths = vaultPaths(vault.dir);
    for (const f of [paths.db, paths.keys, paths.pending]) chmodSync(f, 0o644);
    const session = await vault.unlock();
    expect(notPrivate(vault.dir)).toEqual([]);
    session.lock();
    expect(notPrivate(vault.dir)).toEqual([]);
  });
});
