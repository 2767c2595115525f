/**
 * Exporting a backup (issue 13, Build 1-3) through the core: a manager types no secret; the
 * printed recovery key or the office passphrase opens it, nothing else does; the snapshot is
 * consistent while the vault keeps working; a lock cancels it without leaving a file.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/backup-export';
import { fileKeyFromPassphrase, fileKeyFromRecoveryKey } from '../../src/core/backup/backup-keys';
import { setBackupPassphrase } from '../../src/core/backup/backup-passphrase';
import { readBackup } from '../../src/core/backup/backup-reader';
import { listBackups } from '../../src/core/backup/backup-history';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { backupEvidence } from '../../src/core/backup/backup-evidence';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { vaultPaths } from '../../src/core/vault/paths';
import { ARGON2_FLOOR } from '../../src/core/crypto/argon2id';
import { generateRecoveryKey } from '../../src/core/crypto/recovery-key';
import { openVaultDatabase } from '../../src/core/vault/database';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { pageCipherOf } from '../../src/core/vault/vault-format';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, tempDir, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let admin: Staff;
let mgr: Staff;
let acc: Staff;
let out: string;
const PASSPHRASE = 'river-lamp-7-orchid-42-tide';

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  acc = await addStaff(first.session, vault, 'accountant', 'backup.acc');
  mgr = await addStaff(first.session, vault, 'manager', 'backup.mgr');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, acc);
  await activate(vault, mgr);
  out = tempDir('lv-backups-');
});
afterAll(async () => {
  await vault.cleanup();
  rmSync(out, { recursive: true, force: true });
});

function events(s: VaultSession, n: number, padding = 0): void {
  s.write((ctx) => {
    for (let i = 0; i < n; i += 1)
      ctx.audit({ action: 'records.view', details: { page: i, note: 'x'.repeat(padding) } });
  });
}

/** Opens a backup's payload into a fresh folder and the snapshot database with the DEK it carries. */
async function restoreInto(file: string, fileKey: Buffer) {
  const dir = tempDir('lv-restored-');
  const files = new Map<string, Buffer[]>();
  const check = await readBackup(file, {
    fileKey: () => fileKey,
    onEntry: (name) => {
      const parts: Buffer[] = [];
      files.set(name, parts);
      return { write: (p) => void parts.push(p) };
    },
  });
  const bytes = (name: string) => Buffer.concat(files.get(name) ?? []);
  writeFileSync(path.join(dir, 'vault.db'), bytes('vault/vault.db'));
  writeFileSync(path.join(dir, 'vault.keys'), bytes('vault/vault.keys'));
  const keys = readKeysFile({ keys: path.join(dir, 'vault.keys') } as never);
  const db = openVaultDatabase(path.join(dir, 'vault.db'), bytes('vault/dek'), {
    create: false,
    cipher: pageCipherOf(keys),
  });
  return { check, db, dir, rawDb: bytes('vault/vault.db') };
}

describe('backup export', () => {
  it('a manager types no secret; the recovery key and the office passphrase open it, and the snapshot is whole', async () => {
    const s0 = await signIn(vault, admin);
    try {
      await setBackupPassphrase(s0, PASSPHRASE, vault.recoveryKey, ARGON2_FLOOR);
    } finally {
      s0.lock();
      await s0.anchorsWritten();
    }

    const s = await signIn(vault, mgr);
    events(s, 200);
    const folder = path.join(out, 'usb');
    mkdirSync(folder);
    let made;
    try {
      made = await exportBackup(s, folder, { appVersion: '0.2.0' });
    } catch (err) {
      s.lock();
      throw err;
    }
    expect(readdirSync(folder)).toEqual([path.basename(made.file)]);
    expect(made.file).toMatch(/ledgervault-\d{8}-\d{6}-[0-9a-f]{8}\.lvbak$/);
    expect(listBackups(s)[0]).toMatchObject({
      backupId: made.backupId,
      verifiedAt: made.verifiedAt,
      bytes: made.bytes,
    });
    const head = s.db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number };
    s.lock();
    await s.anchorsWritten();

    // No secret: structure, chunks, signature; the manifest names the seal the backup took.
    const plain = await readBackup(made.file);
    expect(plain.manifest.signer).toMatchObject({ username: 'backup.mgr' });
    expect(plain.manifest.vault).toMatchObject({
      auditHead: { seq: made.auditSeq },
      seal: { lastSeq: expect.any(Number) },
    });
    expect(made.auditSeq).toBeLessThanOrEqual(head.m);

    // Nothing of the vault's text is in the file: the payload is sealed again over page-encrypted pages.
    expect(readFileSync(made.file).includes(Buffer.from('records.view'))).toBe(false);

    for (const fileKey of [
      fileKeyFromRecoveryKey(plain.header, vault.recoveryKey),
      await fileKeyFromPassphrase(plain.header, PASSPHRASE),
    ]) {
      const r = await restoreInto(made.file, fileKey);
      try {
        expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const counts = plain.manifest.vault.tableCounts as Record<string, number>;
        expect(r.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(counts.audit_events);
        expect(counts.audit_events).toBe(made.auditSeq);
        // The snapshot's vault.db is as page-encrypted as the vault's own.
        expect(r.rawDb.includes(Buffer.from('records.view'))).toBe(false);
      } finally {
        r.db.close();
        rmSync(r.dir, { recursive: true, force: true });
      }
    }
    await expect(fileKeyFromPassphrase(plain.header, 'river-lamp-7-orchid-42-tidX')).rejects.toMatchObject({
      code: 'E_AUTH',
    });
    // A typo is caught by the key's checksum; another vault's (valid) recovery key opens nothing.
    const typo = vault.recoveryKey.replace(/[0-9A-Z]/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => fileKeyFromRecoveryKey(plain.header, typo)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    const other = generateRecoveryKey().text;
    expect(() => fileKeyFromRecoveryKey(plain.header, other)).toThrow(expect.objectContaining({ code: 'E_AUTH' }));
  });

  it('backup verify: no secret, the office fingerprint, then the recovery key or passphrase open and check everything', async () => {
    const s = await signIn(vault, mgr);
    const folder = path.join(out, 'verify');
    mkdirSync(folder);
    let made;
    try {
      events(s, 120);
      made = await exportBackup(s, folder, { appVersion: '0.2.0' });
    } finally {
      s.lock();
      await s.anchorsWritten();
    }
    const root = readKeysFile(vaultPaths(vault.dir)).rootFingerprint!;
    const bare = await verifyBackupFile(made.file);
    expect(bare).toMatchObject({
      ok: true,
      signer: { username: 'backup.mgr' },
      signerCertifiedBy: null,
      contents: null,
    });
    const grouped = root.match(/.{4}/g)!.join(' ').toUpperCase();
    expect((await verifyBackupFile(made.file, { key: grouped })).signerCertifiedBy).toMatch(/^[0-9a-f]{4} /);
    await expect(verifyBackupFile(made.file, { key: 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'E_INTEGRITY' });
    await expect(verifyBackupFile(made.file, { key: 'abc' })).rejects.toMatchObject({
      code: 'E_INPUT',
      messageKey: 'backup.keyNotFingerprint',
    });
    for (const secret of [{ recoveryKey: vault.recoveryKey }, { passphrase: PASSPHRASE }]) {
      const full = await verifyBackupFile(made.file, { key: root, ...secret });
      expect(full.contents).toMatchObject({ integrity: 'ok', audit: { checked: made.auditSeq } });
      expect(full.contents!.audit.seals).toBeGreaterThan(3);
    }
    await expect(verifyBackupFile(made.file, { passphrase: `${PASSPHRASE}x` })).rejects.toMatchObject({
      code: 'E_AUTH',
    });
    const bytes = readFileSync(made.file);
    bytes[bytes.length - 5000] = bytes[bytes.length - 5000]! ^ 0x40;
    writeFileSync(made.file, bytes);
    await expect(verifyBackupFile(made.file)).rejects.toMatchObject({ code: 'E_INTEGRITY' });
  });

  it('the vault keeps working during a backup, and the backup holds the moment it began', async () => {
    const s = await signIn(vault, mgr);
    try {
      // Several MiB, so the export reads vault.db in several steps.
      events(s, 1500, 3000);
      const folder = path.join(out, 'busy');
      mkdirSync(folder);
      let wrote = 0;
      const made = await exportBackup(s, folder, {
        appVersion: '0.2.0',
        // Work between the chunks the export reads (its reads are asynchronous).
        onProgress: (p) => {
          // More than SQLite's automatic checkpoint (1,000 pages) between two reads: had it run,
          // the pages being copied would have changed under the copy.
          if (p.phase === 'writing') {
            events(s, 500, 9000);
            wrote += 500;
          }
        },
      });
      expect(wrote).toBeGreaterThan(0);
      const check = await readBackup(made.file);
      const r = await restoreInto(made.file, fileKeyFromRecoveryKey(check.header, vault.recoveryKey));
      try {
        expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(r.db.prepare('SELECT max(seq) FROM audit_events').pluck().get()).toBe(made.auditSeq);
      } finally {
        r.db.close();
        rmSync(r.dir, { recursive: true, force: true });
      }
      // The vault itself has everything, the work during the backup included.
      expect(s.db.prepare('SELECT max(seq) FROM audit_events').pluck().get()).toBeGreaterThan(
        made.auditSeq + wrote - 1,
      );
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      s.lock();
      await s.anchorsWritten();
    }
  });

  it('a lock during the backup cancels it and leaves no file; refusals change nothing', async () => {
    const s = await signIn(vault, mgr);
    const folder = path.join(out, 'cancelled');
    mkdirSync(folder);
    let locked = false;
    await expect(
      exportBackup(s, folder, {
        appVersion: '0.2.0',
        onProgress: () => {
          if (!locked) {
            locked = true;
            s.lock();
          }
        },
      }),
    ).rejects.toMatchObject({ code: 'E_CANCELLED' });
    await s.anchorsWritten();
    expect(readdirSync(folder)).toEqual([]);

    const again = await signIn(vault, mgr);
    try {
      await expect(exportBackup(again, path.join(out, 'missing'), { appVersion: '0' })).rejects.toMatchObject({
        code: 'E_INPUT',
        messageKey: 'backup.folderNotUsable',
      });
      await expect(exportBackup(again, path.join(vault.dir), { appVersion: '0' })).rejects.toMatchObject({
        code: 'E_INPUT',
        messageKey: 'backup.insideVault',
      });
      // Only an admin sets the passphrase.
      await expect(setBackupPassphrase(again, PASSPHRASE, vault.recoveryKey, ARGON2_FLOOR)).rejects.toMatchObject({
        code: 'E_FORBIDDEN',
      });
    } finally {
      again.lock();
      await again.anchorsWritten();
    }
    const ad = await signIn(vault, admin);
    try {
      await expect(setBackupPassphrase(ad, 'short-1', vault.recoveryKey, ARGON2_FLOOR)).rejects.toMatchObject({
        code: 'E_INPUT',
        messageKey: 'backup.passphraseTooShort',
      });
      // An admin runs accounts, not backups (least privilege: managers export).
      await expect(exportBackup(ad, folder, { appVersion: '0' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    } finally {
      ad.lock();
      await ad.anchorsWritten();
    }
    const a = await signIn(vault, acc);
    try {
      await expect(exportBackup(a, folder, { appVersion: '0' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    } finally {
      a.lock();
      await a.anchorsWritten();
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a backup is an anchor for audit verify: the folder and the keychain rolled back together to before it are found', async () => {
    const earlier = `${vault.dir}-earlier`;
    const store = vault.keyStore as MemoryKeyStore;
    cpSync(vault.dir, earlier, { recursive: true });
    const keychainThen = new Map(store.notes);
    const folder = path.join(out, 'anchor');
    mkdirSync(folder);
    const s = await signIn(vault, mgr);
    let file = '';
    try {
      events(s, 30);
      file = (await exportBackup(s, folder, { appVersion: '0.2.0' })).file;
      const held = verifyAudit(s, await backupEvidence(s, file), path.basename(file));
      expect(held).toMatchObject({ ok: true, evidence: { file: path.basename(file) } });
    } finally {
      s.lock();
      await s.anchorsWritten();
    }
    // The insider who is the OS user puts back both the folder and the keychain's notes.
    rmSync(vault.dir, { recursive: true, force: true });
    cpSync(earlier, vault.dir, { recursive: true });
    rmSync(earlier, { recursive: true, force: true });
    store.notes.clear();
    for (const [k, v] of keychainThen) store.notes.set(k, v);
    const after = await signIn(vault, mgr);
    try {
      expect(verifyAudit(after).ok).toBe(true);
      const found = verifyAudit(after, await backupEvidence(after, file));
      expect(found).toMatchObject({ ok: false, kind: 'rolled_back' });
      expect(found.contradicts).toMatchObject({ source: 'backup file' });
      // A file that is not a backup of this vault is refused, not taken as an anchor.
      const other = path.join(out, 'not-a-backup.lvbak');
      writeFileSync(other, 'hello');
      await expect(backupEvidence(after, other)).rejects.toMatchObject({ code: 'E_INPUT' });
    } finally {
      after.lock();
      await after.anchorsWritten();
    }
  });
});
