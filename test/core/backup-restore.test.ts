/**
 * Restoring a backup (issue 13, Build 6) through the core, as on a new workstation whose keychain
 * never saw the vault (a fresh key store) and as over the vault on its own workstation: every
 * record, client, user, grant and audit event comes back, the audit chain verifies and continues
 * with the restore, the named admin holds every client key, the other staff get theirs back from
 * a password reset, and nothing is touched when the secret is wrong or the target is taken.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { exportBackup } from '../../src/core/backup/backup-export';
import { setBackupPassphrase } from '../../src/core/backup/backup-passphrase';
import { restoreBackup, type RestoreInput } from '../../src/core/backup/backup-restore';
import { ARGON2_FLOOR } from '../../src/core/crypto/argon2id';
import { generateRecoveryKey } from '../../src/core/crypto/recovery-key';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { addRecord, listRecords } from '../../src/core/records';
import { createClient } from '../../src/core/clients/clients';
import { resetPassword } from '../../src/core/users/users';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { writeRecords } from '../helpers/records';
import {
  activate,
  addStaff,
  adminSession,
  codeFor,
  nextSignInTime,
  settleSession,
  signIn,
  type Staff,
} from '../helpers/staff';
import { createTestVault, tempDir, type TestVault } from '../helpers/test-vault';

const PASSPHRASE = 'copper-heron-58-quiet-lantern';
const NEW_ADMIN_PASSWORD = 'Harbor-Mended-Pass-31';
const TABLES = ['clients', 'payment_records', 'users', 'client_grants', 'audit_events', 'user_certificates'];

let vault: TestVault;
let admin: Staff;
let mgr: Staff;
let acc: Staff;
let out: string;
let backupFile: string;
let before: Record<string, number>;
let clientIds: number[];
const countsOf = (s: VaultSession) =>
  Object.fromEntries(
    TABLES.map((t) => [t, (s.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  ) as Record<string, number>;

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  mgr = await addStaff(first.session, vault, 'manager', 'restore.mgr');
  acc = await addStaff(first.session, vault, 'accountant', 'restore.acc');
  await setBackupPassphrase(first.session, PASSPHRASE, vault.recoveryKey, ARGON2_FLOOR);
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, mgr);
  await activate(vault, acc);
  const m = await signIn(vault, mgr);
  const add = (clientId: number, counterparty: string, memo: string, amount: string) =>
    addRecord(m, { clientId, occurredAt: '2026-11-02', direction: 'out', amount, counterparty, memo });
  clientIds = [createClient(m, { name: '明达商贸' }).id, createClient(m, { name: '鸿远科技' }).id];
  add(clientIds[0]!, '杭州供应链公司', '货款 restore-marker', '123.45');
  add(clientIds[0]!, '宁波物流', '运费', '88.00');
  add(clientIds[1]!, '深圳电子厂', '配件', '99.00');
  setClientGrant(m, { username: acc.username, clientId: clientIds[0]!, canWrite: true });
  out = tempDir('lv-restore-');
  mkdirSync(path.join(out, 'usb'));
  backupFile = (await exportBackup(m, path.join(out, 'usb'), { appVersion: '0.2.0' })).file;
  before = countsOf(m);
  m.lock();
  await m.anchorsWritten();
});
afterAll(async () => {
  await vault.cleanup();
  rmSync(out, { recursive: true, force: true });
});

function restoreInput(over: Partial<RestoreInput>): RestoreInput {
  return {
    file: backupFile,
    dir: path.join(out, 'restored'),
    adminUsername: admin.username,
    newPassword: NEW_ADMIN_PASSWORD,
    keyStore: new MemoryKeyStore(),
    kdf: ARGON2_FLOOR,
    ...over,
  };
}

async function unlockAs(
  dir: string,
  keyStore: MemoryKeyStore,
  staff: Pick<Staff, 'username' | 'password' | 'totpSecret'>,
) {
  const now = nextSignInTime();
  return unlockVault({
    dir,
    username: staff.username,
    password: staff.password,
    keyStore,
    now: () => now,
    totp: staff.totpSecret ? codeFor(staff.totpSecret, now) : undefined,
  });
}

describe('backup restore', () => {
  it('on a new workstation with the recovery key: everything is back, the chain verifies and continues, staff are reset by the admin', async () => {
    const keyStore = new MemoryKeyStore();
    const dir = path.join(out, 'new-workstation');
    const r = await restoreBackup(restoreInput({ dir, keyStore, recoveryKey: vault.recoveryKey }));
    const s = r.session;
    try {
      expect(r.deviceSecretReplaced).toBe(true);
      expect(r.usersNeedingReset.sort()).toEqual([acc.username, mgr.username].sort());
      expect(r.previousVaultMovedTo).toBeNull();
      const after = countsOf(s);
      // Every row is back; the audit log and the certificates grew by the restore's own events.
      for (const t of TABLES.filter((t) => t !== 'audit_events' && t !== 'user_certificates'))
        expect([t, after[t]]).toEqual([t, before[t]]);
      expect(after.audit_events).toBeGreaterThan(before.audit_events!);
      // The named admin holds every client's key (from the recovery identity).
      expect(s.keyRing.clientIds().sort()).toEqual([...clientIds].sort());
      const restoreEvent = s.db.prepare("SELECT details FROM audit_events WHERE action = 'backup.restore'").get() as {
        details: string;
      };
      expect(JSON.parse(restoreEvent.details)).toMatchObject({ with: 'recovery key', createdBy: mgr.username });
      expect(verifyAudit(s).ok).toBe(true);
      // The staff's slots were bound to the lost device secret: the admin resets them.
      await resetPassword(s, mgr.username, 'Temporary-Mgr-Pass-77');
      await resetPassword(s, acc.username, 'Temporary-Acc-Pass-77');
    } finally {
      s.lock();
      await s.anchorsWritten();
    }
    // The admin signs in again normally; the keychain's anchor is the restored vault's.
    const restoredAdmin: Staff = {
      username: admin.username,
      password: NEW_ADMIN_PASSWORD,
      role: 'admin',
      totpSecret: null,
    };
    const again = await unlockAs(dir, keyStore, restoredAdmin);
    // The admin's two-step secret was sealed under the identity the restore replaced: enrol again.
    expect(again.restriction).toBe('mfa-enrol');
    await settleSession(again, restoredAdmin);
    expect(verifyAudit(again).ok).toBe(true);
    again.lock();
    await again.anchorsWritten();
    // The manager (all clients) and the accountant (the granted one) read the sealed text.
    const m2: Staff = { ...mgr, password: 'Temporary-Mgr-Pass-77', totpSecret: null };
    const ms = await unlockAs(dir, keyStore, m2);
    await settleSession(ms, m2);
    const names = clientIds.flatMap((c) => listRecords(ms, { clientId: c }).rows.map((row) => row.counterparty));
    expect(names.sort()).toEqual(['宁波物流', '杭州供应链公司', '深圳电子厂'].sort());
    ms.lock();
    await ms.anchorsWritten();
    const a2: Staff = { ...acc, password: 'Temporary-Acc-Pass-77', totpSecret: null };
    const as = await unlockAs(dir, keyStore, a2);
    await settleSession(as, a2);
    expect(listRecords(as, { clientId: clientIds[0]! }).rows.map((row) => row.memo)).toContain('货款 restore-marker');
    expect(() => listRecords(as, { clientId: clientIds[1]! })).toThrow(
      expect.objectContaining({ code: 'E_FORBIDDEN' }),
    );
    as.lock();
    await as.anchorsWritten();
  });

  it('the office passphrase restores as the recovery key does', async () => {
    const dir = path.join(out, 'by-passphrase');
    const r = await restoreBackup(restoreInput({ dir, passphrase: PASSPHRASE }));
    try {
      expect(r.session.keyRing.clientIds().sort()).toEqual([...clientIds].sort());
      expect(verifyAudit(r.session).ok).toBe(true);
      const ev = r.session.db.prepare("SELECT details FROM audit_events WHERE action = 'backup.restore'").get() as {
        details: string;
      };
      expect(JSON.parse(ev.details)).toMatchObject({ with: 'passphrase' });
    } finally {
      r.session.lock();
      await r.session.anchorsWritten();
    }
  });

  it('a wrong secret, a typo, an unknown admin or a taken folder change nothing', async () => {
    const dir = path.join(out, 'refused');
    const leftovers = () => readdirSync(out).filter((n) => n.includes('restoring') || n.startsWith('refused'));
    await expect(restoreBackup(restoreInput({ dir, recoveryKey: generateRecoveryKey().text }))).rejects.toMatchObject({
      code: 'E_AUTH',
    });
    await expect(restoreBackup(restoreInput({ dir, passphrase: 'not-the-office-passphrase-1' }))).rejects.toMatchObject(
      {
        code: 'E_AUTH',
      },
    );
    const typo = vault.recoveryKey.replace(/[0-9A-Z]/, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(restoreBackup(restoreInput({ dir, recoveryKey: typo }))).rejects.toMatchObject({ code: 'E_INPUT' });
    await expect(
      restoreBackup(restoreInput({ dir, recoveryKey: vault.recoveryKey, adminUsername: 'nobody' })),
    ).rejects.toMatchObject({ code: 'E_INPUT' });
    // An accountant cannot be the one who keeps admin rights.
    await expect(
      restoreBackup(restoreInput({ dir, recoveryKey: vault.recoveryKey, adminUsername: acc.username })),
    ).rejects.toMatchObject({ code: 'E_INPUT' });
    await expect(
      restoreBackup(restoreInput({ dir, recoveryKey: vault.recoveryKey, newPassword: 'short' })),
    ).rejects.toMatchObject({ code: 'E_INPUT' });
    expect(leftovers()).toEqual([]);
    // A folder holding other files is not a target.
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(restoreBackup(restoreInput({ dir, recoveryKey: vault.recoveryKey }))).rejects.toMatchObject({
      code: 'E_INPUT',
      messageKey: 'backup.restoreTargetNotEmpty',
    });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    // A damaged backup: E_INTEGRITY, and no folder.
    const damaged = path.join(out, 'damaged.lvbak');
    const bytes = readFileSync(backupFile);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(damaged, bytes);
    await expect(
      restoreBackup(
        restoreInput({ file: damaged, dir: path.join(out, 'from-damaged'), recoveryKey: vault.recoveryKey }),
      ),
    ).rejects.toMatchObject({ code: 'E_INTEGRITY' });
    expect(existsSync(path.join(out, 'from-damaged'))).toBe(false);
    expect(readdirSync(out).filter((n) => n.includes('restoring'))).toEqual([]);
  });

  it('over the vault on its own workstation: only when confirmed and closed; the old folder is kept aside and staff keep their passwords', async () => {
    const input = restoreInput({
      dir: vault.dir,
      keyStore: vault.keyStore as MemoryKeyStore,
      recoveryKey: vault.recoveryKey,
    });
    // Work after the backup, which the restore rolls back (and the old folder keeps).
    const m = await signIn(vault, mgr);
    writeRecords(m, '后来的客户', [{ counterparty: '新增对方', memo: 'after backup', amountMinor: 1 }]);
    // Open in this app: refused even when confirmed.
    await expect(restoreBackup({ ...input, replaceExisting: true })).rejects.toMatchObject({ code: 'E_BUSY' });
    m.lock();
    await m.anchorsWritten();
    const oldKeys = readFileSync(path.join(vault.dir, 'vault.keys'));
    const oldFiles = readdirSync(vault.dir).sort();
    await expect(restoreBackup(input)).rejects.toMatchObject({
      code: 'E_EXISTS',
      messageKey: 'backup.restoreOverVault',
    });
    expect(readFileSync(path.join(vault.dir, 'vault.keys')).equals(oldKeys)).toBe(true);

    const r = await restoreBackup({ ...input, replaceExisting: true });
    try {
      expect(r.previousVaultMovedTo).toMatch(/vault\.before-restore-\d{8}-\d{6}$/);
      expect(readFileSync(path.join(r.previousVaultMovedTo!, 'vault.keys')).equals(oldKeys)).toBe(true);
      // Looking whether it was open left nothing behind in it.
      expect(readdirSync(r.previousVaultMovedTo!).sort()).toEqual(oldFiles);
      // The same workstation: its device secret still fits, so nobody loses their keyslot.
      expect(r.deviceSecretReplaced).toBe(false);
      expect(r.usersNeedingReset).toEqual([]);
      expect(countsOf(r.session).clients).toBe(before.clients);
      const ev = r.session.db.prepare("SELECT details FROM audit_events WHERE action = 'backup.restore'").get() as {
        details: string;
      };
      // On record: the keychain had seen a newer state of this vault.
      expect(JSON.parse(ev.details).keychainAnchorBefore).not.toBeNull();
    } finally {
      r.session.lock();
      await r.session.anchorsWritten();
    }
    // The manager signs in with their own password: no rollback refusal, the restored data.
    const again = await signIn(vault, mgr);
    expect(countsOf(again).clients).toBe(before.clients);
    expect(verifyAudit(again).ok).toBe(true);
    again.lock();
    await again.anchorsWritten();
    admin.password = NEW_ADMIN_PASSWORD;
  });
});
