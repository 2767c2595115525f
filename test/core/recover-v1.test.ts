import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_FLOOR, recoverVault, unlockVault, type RecoveryResult } from '../../src/core/index';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { unwrapClientKey } from '../../src/core/crypto/client-keys';
import { generateRecoveryKey, parseRecoveryKey } from '../../src/core/crypto/recovery-key';
import type { SqliteDb } from '../../src/core/vault/database';
import { readKeysFile, recoverySlot, userSlot } from '../../src/core/vault/keys-file';
import { unwrapRecoverySlot, unwrapUserSlot } from '../../src/core/vault/keyslots';
import { vaultPaths } from '../../src/core/vault/paths';
import { takeUpgradeHandover } from '../../src/core/upgrade/upgrade-v2-signin';
import type { UpgradeStep } from '../../src/core/upgrade/upgrade-v2';
import type { UpgradeReport } from '../../src/shared/vault/contract';
import { expectCode } from '../helpers/test-vault';
import { copyFixture, fixture, fixtureUser, openDirectly } from '../helpers/v1-fixture';
import { sealedValues, v1Values } from '../helpers/v1-contents';

/**
 * The admin of a version-1 vault forgot their password and uses the version-1 recovery key
 * (test/fixtures/vault-v1): the recovery sets the new password and upgrades the vault to
 * version 2 in the same step, as the first admin sign-in would, and hands its report over once.
 */
const NEW_PASSWORD = 'Kettle-Orbit-Quartz-9137';
const boss = fixtureUser('boss');

const recover = (dir: string, keyStore: ReturnType<typeof copyFixture>['keyStore'], extra: object = {}) =>
  recoverVault({
    dir,
    adminUsername: 'boss',
    recoveryKey: fixture.recoveryKey,
    newPassword: NEW_PASSWORD,
    keyStore,
    kdf: ARGON2_FLOOR,
    ...extra,
  });

const files = (dir: string) =>
  ['vault.db', 'vault.keys', 'vault.pending'].map((f) => readFileSync(path.join(dir, f)).toString('hex'));

/** Client id -> client key, from the wraps addressed to the admin, opened with their new slot. */
async function bossClientKeys(dir: string, db: SqliteDb): Promise<Map<number, Buffer>> {
  const keys = readKeysFile(vaultPaths(dir));
  const contents = await unwrapUserSlot(
    userSlot(keys, 'boss')!,
    NEW_PASSWORD,
    Buffer.from(fixture.deviceSecretHex, 'hex'),
    fixture.vaultId,
  );
  const identity = contents!.identity!;
  const rows = db
    .prepare('SELECT client_id AS clientId, wrap FROM client_key_wraps WHERE recipient_id = ?')
    .all(boss.id) as { clientId: number; wrap: Buffer }[];
  return new Map(
    rows.map((r) => [
      r.clientId,
      unwrapClientKey(
        r.wrap,
        { x25519Private: identity.x25519.privateKey, x25519Public: identity.x25519.publicKey },
        { vaultId: fixture.vaultId, clientId: r.clientId, recipientUserId: boss.id },
      ),
    ]),
  );
}

describe('recovering a version-1 vault with its version-1 recovery key', () => {
  let vault: ReturnType<typeof copyFixture>;
  let result: RecoveryResult;
  let report: UpgradeReport;
  let before: ReturnType<typeof v1Values>;
  let beforeAudit: { seq: number; hash: string }[];

  beforeAll(async () => {
    vault = copyFixture();
    const v1 = openDirectly(vault.dir);
    before = v1Values(v1);
    beforeAudit = v1.prepare('SELECT seq, hash FROM audit_events ORDER BY seq').all() as typeof beforeAudit;
    v1.close();
    result = await recover(vault.dir, vault.keyStore);
    try {
      report = result.upgrade!;
      // A version-2 session over the upgraded vault (before: a version-2 session over version-1
      // rows, with no identity and no client key, and no report).
      expect(result.session.user.role).toBe('admin');
      expect(result.session.trust).not.toBeNull();
      expect(result.session.keyRing.clientIds().sort()).toEqual(fixture.clients.map((c) => c.id));
      // Handed over once: the sealed copy is gone.
      expect(takeUpgradeHandover(result.session)).toBeNull();
      const audit = verifyAudit(result.session);
      expect(audit).toMatchObject({ ok: true, firstBadSeq: null });
      expect(audit.sealedUnchecked).toBeUndefined();
    } finally {
      result.session.lock();
    }
  });

  afterAll(() => vault.cleanup());

  it('returns the upgrade report: a new recovery key and temporary passwords for the other active staff', () => {
    expect(report).toBeDefined();
    expect(result.deviceSecretReplaced).toBe(false);
    expect(result.usersNeedingReset).toEqual([]);
    expect(report.temporaryPasswords.map((t) => t.username).sort()).toEqual(['acc1', 'acc2', 'aud', 'mgr']);
    const keys = readKeysFile(vaultPaths(vault.dir));
    expect(keys.version).toBe(2);
    expect(report.rootFingerprint.replace(/\s/g, '')).toBe(keys.rootFingerprint);
  });

  it('sets the new password (the old one opens nothing), clears two-step verification, and hands the report over once', async () => {
    await expectCode(
      unlockVault({ dir: vault.dir, username: 'boss', password: boss.password, keyStore: vault.keyStore }),
      'E_AUTH',
    );
    // Like a version-2 recovery: a new identity, so the admin enrols in two-step verification again.
    const session = await unlockVault({
      dir: vault.dir,
      username: 'boss',
      password: NEW_PASSWORD,
      keyStore: vault.keyStore,
    });
    try {
      expect(session.upgradeReport).toBeNull();
      expect(session.restriction).toBe('mfa-enrol');
    } finally {
      session.lock();
    }
    for (const t of report.temporaryPasswords) {
      const s = await unlockVault({
        dir: vault.dir,
        username: t.username,
        password: t.password,
        keyStore: vault.keyStore,
        totp: undefined,
      }).catch((e: { code: string }) => e.code);
      // The manager keeps their two-step secret: their sign-in asks for it.
      if (typeof s === 'string') expect([t.username, s]).toEqual(['mgr', 'E_MFA_REQUIRED']);
      else s.lock();
    }
  });

  it('keeps every user, client, record, grant and audit event, text now under client keys, and records the recovery', async () => {
    const db = openDirectly(vault.dir);
    try {
      const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      for (const t of ['users', 'clients', 'payment_accounts', 'payment_records', 'record_history', 'client_grants']) {
        expect(count(t), t).toBe(fixture.counts[t]);
      }
      expect(count('user_permissions')).toBe(fixture.counts.user_permissions);
      expect(sealedValues(db, fixture.vaultId, await bossClientKeys(vault.dir, db))).toEqual(before);
      const after = db.prepare('SELECT seq, hash, action FROM audit_events ORDER BY seq').all() as {
        seq: number;
        hash: string;
        action: string;
      }[];
      expect(after.slice(0, beforeAudit.length).map((e) => [e.seq, e.hash])).toEqual(
        beforeAudit.map((e) => [e.seq, e.hash]),
      );
      expect(after.slice(beforeAudit.length, beforeAudit.length + 7).map((e) => e.action)).toEqual([
        'vault.upgrade',
        ...report.temporaryPasswords.map(() => 'user.resetPassword'),
        'vault.recover',
        'vault.upgrade.handover',
      ]);
      const mfa = db.prepare('SELECT mfa_secret, mfa_secret_enc FROM users WHERE id = ?').get(boss.id);
      expect(mfa).toEqual({ mfa_secret: null, mfa_secret_enc: null });
    } finally {
      db.close();
    }
  });

  it('the old version-1 recovery key opens nothing; the new one recovers the vault', async () => {
    const keys = readKeysFile(vaultPaths(vault.dir));
    expect(unwrapRecoverySlot(recoverySlot(keys)!, parseRecoveryKey(fixture.recoveryKey), fixture.vaultId)).toBeNull();
    await expectCode(recover(vault.dir, vault.keyStore, { newPassword: 'Lantern-Meadow-Cobalt-5521' }), 'E_AUTH');
    const again = await recover(vault.dir, vault.keyStore, {
      recoveryKey: report.recoveryKey,
      newPassword: 'Lantern-Meadow-Cobalt-5521',
    });
    try {
      expect(again.upgrade).toBeUndefined();
      expect(again.session.keyRing.clientIds().sort()).toEqual(fixture.clients.map((c) => c.id));
      expect(verifyAudit(again.session)).toMatchObject({ ok: true, firstBadSeq: null });
    } finally {
      again.session.lock();
    }
  });
});

describe('a recovery of a version-1 vault that fails or is cut short', () => {
  it('refuses a wrong recovery key with E_AUTH and changes nothing', async () => {
    const v = copyFixture();
    try {
      const was = files(v.dir);
      await expectCode(recover(v.dir, v.keyStore, { recoveryKey: generateRecoveryKey().text }), 'E_AUTH');
      expect(files(v.dir)).toEqual(was);
      expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
    } finally {
      v.cleanup();
    }
  });

  it('stays version 1 when cut before the commit, and recovers on the next try', async () => {
    const v = copyFixture();
    try {
      const crash = (at: UpgradeStep) => (step: UpgradeStep) => {
        if (step === at) throw new Error(`crash at ${step}`);
      };
      await expect(recover(v.dir, v.keyStore, { afterStep: crash('writing') })).rejects.toThrow('crash at writing');
      expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
      const db = openDirectly(v.dir);
      const name = db.prepare('SELECT name FROM clients WHERE id = ?').get(fixture.markerClient.id) as { name: string };
      db.close();
      expect(name.name).toContain(fixture.markers.clientName!.ascii);
      // The old password still opens the version-1 slot: nothing was replaced.
      const keys = readKeysFile(vaultPaths(v.dir));
      const secret = Buffer.from(fixture.deviceSecretHex, 'hex');
      expect(await unwrapUserSlot(userSlot(keys, 'boss')!, boss.password, secret, fixture.vaultId)).not.toBeNull();
      const done = await recover(v.dir, v.keyStore);
      expect(done.upgrade?.temporaryPasswords).toHaveLength(4);
      done.session.lock();
    } finally {
      v.cleanup();
    }
  });

  it('resumes when cut after the commit: the same recovery finishes it and hands the report over', async () => {
    const v = copyFixture();
    try {
      const crash = (step: UpgradeStep) => {
        if (step === 'committed') throw new Error('crash after commit');
      };
      await expect(recover(v.dir, v.keyStore, { afterStep: crash })).rejects.toThrow('crash after commit');
      // The commit happened, the keys file is not yet installed: the old key still opens vault.keys.
      expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
      const done = await recover(v.dir, v.keyStore);
      try {
        expect(done.upgrade?.temporaryPasswords).toHaveLength(4);
        expect(readKeysFile(vaultPaths(v.dir)).version).toBe(2);
        expect(verifyAudit(done.session)).toMatchObject({ ok: true, firstBadSeq: null });
      } finally {
        done.session.lock();
      }
      // Once only.
      await expectCode(recover(v.dir, v.keyStore), 'E_AUTH');
      const session = await unlockVault({ dir: v.dir, username: 'boss', password: NEW_PASSWORD, keyStore: v.keyStore });
      expect(session.upgradeReport).toBeNull();
      session.lock();
    } finally {
      v.cleanup();
    }
  });

  it('on a workstation whose keychain lost the device secret: stores a new one and upgrades under it', async () => {
    const v = copyFixture();
    try {
      v.keyStore.entries.clear();
      const done = await recover(v.dir, v.keyStore);
      try {
        expect(done.deviceSecretReplaced).toBe(true);
        expect(done.upgrade?.temporaryPasswords).toHaveLength(4);
      } finally {
        done.session.lock();
      }
      const acc1 = done.upgrade!.temporaryPasswords.find((t) => t.username === 'acc1')!;
      const session = await unlockVault({
        dir: v.dir,
        username: 'acc1',
        password: acc1.password,
        keyStore: v.keyStore,
      });
      session.lock();
    } finally {
      v.cleanup();
    }
  });
});
