import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockVault, type VaultSession } from '../../src/core/index';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { verifyAuditChain } from '../../src/core/audit/audit-verify';
import { openMfaSecret } from '../../src/core/crypto/mfa-secret';
import { unwrapClientKey } from '../../src/core/crypto/client-keys';
import { publicIdentity, type StaffIdentity } from '../../src/core/crypto/identity';
import { parseRecoveryKey } from '../../src/core/crypto/recovery-key';
import { deriveAuditKey } from '../../src/core/vault/audit-chain';
import type { SqliteDb } from '../../src/core/vault/database';
import { readKeysFile, recoverySlot, userSlot } from '../../src/core/vault/keys-file';
import { unwrapRecoverySlot, unwrapUserSlot } from '../../src/core/vault/keyslots';
import { vaultPaths } from '../../src/core/vault/paths';
import { SEALED_TABLES } from '../../src/core/vault/sealed-columns';
import { RECOVERY_ID } from '../../src/core/vault/trust';
import type { UpgradeReport } from '../../src/shared/vault/contract';
import { takeUpgradeHandover } from '../../src/core/upgrade/upgrade-v2-signin';
import { expectCode } from '../helpers/test-vault';
import {
  copyFixture,
  fixture,
  fixtureUser,
  markerStrings,
  openDirectly,
  signInTime,
  totpFor,
} from '../helpers/v1-fixture';
import { dumpBytes, sealedValues, v1Values } from '../helpers/v1-contents';

/**
 * Issue 11 item 5, from the version-1 fixture vault (test/fixtures/vault-v1): the first admin
 * sign-in upgrades it in place; nothing is lost, the audit chain goes on, no version-1 value
 * survives anywhere on disk, and the admin gets a new recovery key and the staff's temporary
 * passwords.
 */
const dek = Buffer.from(fixture.dekHex, 'hex');
const boss = fixtureUser('boss');

let vault: ReturnType<typeof copyFixture>;
let handover: UpgradeReport;
let before: ReturnType<typeof v1Values>;
let beforeAudit: { seq: number; hash: string; details: string }[];

function bossIdentity(): Promise<StaffIdentity> {
  const paths = vaultPaths(vault.dir);
  const keys = readKeysFile(paths);
  return unwrapUserSlot(
    userSlot(keys, 'boss')!,
    boss.password,
    Buffer.from(fixture.deviceSecretHex, 'hex'),
    keys.vaultId,
  ).then((c) => c!.identity!);
}

/** Client id -> client key, from the wraps addressed to `recipientId`. */
function clientKeysOf(db: SqliteDb, recipientId: string, identity: StaffIdentity): Map<number, Buffer> {
  const rows = db
    .prepare('SELECT client_id AS clientId, wrap FROM client_key_wraps WHERE recipient_id = ?')
    .all(recipientId) as { clientId: number; wrap: Buffer }[];
  return new Map(
    rows.map((r) => [
      r.clientId,
      unwrapClientKey(
        r.wrap,
        { x25519Private: identity.x25519.privateKey, x25519Public: identity.x25519.publicKey },
        { vaultId: fixture.vaultId, clientId: r.clientId, recipientUserId: recipientId },
      ),
    ]),
  );
}

beforeAll(async () => {
  vault = copyFixture();
  const v1 = openDirectly(vault.dir);
  before = v1Values(v1);
  beforeAudit = v1.prepare('SELECT seq, hash, details FROM audit_events ORDER BY seq').all() as typeof beforeAudit;
  v1.close();
  // The first admin sign-in of version-2 code upgrades; the front end then takes what it must show.
  const at = signInTime();
  const session = await unlockVault({
    dir: vault.dir,
    username: 'boss',
    password: boss.password,
    totp: totpFor(boss.totpSecret!, at),
    keyStore: vault.keyStore,
    now: () => at,
  });
  try {
    expect(session.user.role).toBe('admin');
    // The sign-in that upgraded hands its report over once; the sealed copy is gone with it.
    handover = session.upgradeReport!;
    expect(handover).not.toBeNull();
    expect(takeUpgradeHandover(session)).toBeNull();
  } finally {
    session.lock();
  }
});

afterAll(() => vault.cleanup());

describe('upgrading the version-1 fixture vault at the first admin sign-in', () => {
  it('keeps every user, client, account, record, history row, grant and permission, its text now under client keys', async () => {
    const db = openDirectly(vault.dir);
    try {
      const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      for (const t of ['users', 'clients', 'payment_accounts', 'payment_records', 'record_history', 'client_grants']) {
        expect(count(t), t).toBe(fixture.counts[t]);
      }
      expect(count('user_permissions')).toBe(fixture.counts.user_permissions);
      const keys = clientKeysOf(db, boss.id, await bossIdentity());
      expect([...keys.keys()].sort()).toEqual(fixture.clients.map((c) => c.id));
      // Every value version 1 held, read back through the client keys, and no plain copy left.
      expect(sealedValues(db, fixture.vaultId, keys)).toEqual(before);
      // Only version 1's tables had plain columns to empty (import_batches, the registers and source_row came later).
      const v1Tables: string[] = ['clients', 'payment_accounts', 'payment_records', 'record_history'];
      for (const spec of SEALED_TABLES.filter((t) => v1Tables.includes(t.table))) {
        for (const field of spec.fields.filter((f) => f !== 'source_row')) {
          const left = db
            .prepare(`SELECT count(*) AS n FROM ${spec.table} WHERE ${field} IS NOT NULL AND ${field} <> ''`)
            .get();
          expect(left, `${spec.table}.${field}`).toEqual({ n: 0 });
        }
      }
      const grants = db
        .prepare('SELECT user_id, client_id, can_write FROM client_grants ORDER BY user_id, client_id')
        .all();
      expect(grants).toHaveLength(fixture.grants.length);
    } finally {
      db.close();
    }
  });

  it('continues the audit chain: old events keep their hashes, and audit verify passes across the upgrade', async () => {
    const db = openDirectly(vault.dir);
    try {
      const after = db.prepare('SELECT seq, hash, action FROM audit_events ORDER BY seq').all() as {
        seq: number;
        hash: string;
        action: string;
      }[];
      expect(after.slice(0, beforeAudit.length).map((e) => [e.seq, e.hash])).toEqual(
        beforeAudit.map((e) => [e.seq, e.hash]),
      );
      // auth.signal events depend on the hour and the workstation the test runs on (auth/signals.ts): not this check's business.
      const addedEvents = after.slice(beforeAudit.length).filter((e) => e.action !== 'auth.signal');
      const added = addedEvents.map((e) => e.action);
      expect(added).toEqual([
        'vault.upgrade',
        ...handover.temporaryPasswords.map(() => 'user.resetPassword'),
        // The same sign-in goes on: the failed sign-in still waiting in vault.pending, then the admin's own.
        'auth.signin',
        'auth.signin',
        'vault.upgrade.handover',
      ]);
      const pending = db
        .prepare(`SELECT actor_name AS who, outcome FROM audit_events WHERE seq = ?`)
        .get(addedEvents.find((e) => e.action === 'auth.signin')!.seq);
      expect(pending).toEqual({ who: 'aud', outcome: 'failed' });
      // Without any client key the chain still links end to end (sealed details are taken by hash).
      const keys = readKeysFile(vaultPaths(vault.dir));
      const blind = verifyAuditChain(db, deriveAuditKey(dek, fixture.vaultId), keys.auditHead);
      expect(blind).toMatchObject({ ok: true, kind: null });
      expect(blind.sealedUnchecked).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // The admin, signed in with version-2 code, checks every event, sealed ones included.
    const at = signInTime();
    const session: VaultSession = await unlockVault({
      dir: vault.dir,
      username: 'boss',
      password: boss.password,
      totp: totpFor(boss.totpSecret!, at),
      keyStore: vault.keyStore,
      now: () => at,
    });
    try {
      const report = verifyAudit(session);
      expect(report).toMatchObject({ ok: true, firstBadSeq: null });
      expect(report.sealedUnchecked).toBeUndefined();
      expect(report.checked).toBeGreaterThan(beforeAudit.length);
      // The version-1 part (HMAC under the DEK) ends where SHA-256 links begin, under the upgrading admin's seal.
      expect(report.version1Events).toBe(beforeAudit.length);
      expect(report.version1SealedByAdmin).toBe(true);
    } finally {
      session.lock();
    }
  });

  it('leaves no byte of any marker in vault.db, its WAL or a file beside it, even for whoever holds the DEK', () => {
    const markers = markerStrings().map((m) => Buffer.from(m, 'utf8'));
    const db = openDirectly(vault.dir);
    let dump: Buffer;
    try {
      dump = dumpBytes(db);
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
    for (const m of markers) expect(dump.includes(m), m.toString()).toBe(false);
    // The version-1 index kept bigrams, not whole strings: none of a Chinese marker's is left either.
    for (const zh of markerStrings().filter((m) => /\p{Script=Han}/u.test(m)))
      expect(dump.includes(Buffer.from(zh.slice(0, 2), 'utf8')), zh.slice(0, 2)).toBe(false);
    for (const name of readdirSync(vault.dir)) {
      const file = path.join(vault.dir, name);
      if (!statSync(file).isFile()) continue;
      const bytes = readFileSync(file);
      for (const m of markers) expect(bytes.includes(m), `${m.toString()} in ${name}`).toBe(false);
      if (name.endsWith('-wal')) expect(bytes.length, name).toBe(0);
    }
  });

  it('finds the markers when they are there: the same dump of the version-1 vault holds every one', () => {
    const v1 = copyFixture();
    try {
      const v1db = openDirectly(v1.dir);
      const dump = dumpBytes(v1db);
      for (const m of markerStrings()) expect(dump.includes(Buffer.from(m, 'utf8')), m).toBe(true);
      const fts = v1db.prepare(
        `SELECT count(*) AS n FROM payment_records_search WHERE payment_records_search MATCH '"标记"'`,
      );
      expect((fts.get() as { n: number }).n).toBeGreaterThan(0);
      v1db.close();
    } finally {
      v1.cleanup();
    }
  });

  it('returns a new recovery key (the old one opens nothing) whose identity holds every client key', () => {
    const keys = readKeysFile(vaultPaths(vault.dir));
    expect(keys.version).toBe(2);
    const slot = recoverySlot(keys)!;
    expect(unwrapRecoverySlot(slot, parseRecoveryKey(fixture.recoveryKey), fixture.vaultId)).toBeNull();
    const recovered = unwrapRecoverySlot(slot, parseRecoveryKey(handover.recoveryKey), fixture.vaultId)!;
    expect(recovered.dek.toString('hex')).toBe(fixture.dekHex);
    expect(recovered.rootFingerprint!.toString('hex')).toBe(keys.rootFingerprint);
    expect(handover.rootFingerprint.replace(/\s/g, '')).toBe(keys.rootFingerprint);
    const db = openDirectly(vault.dir);
    try {
      expect([...clientKeysOf(db, RECOVERY_ID, recovered.identity!).keys()].sort()).toEqual(
        fixture.clients.map((c) => c.id),
      );
    } finally {
      db.close();
    }
  });

  it('re-issues temporary passwords to the other active staff: only those open their slots now', async () => {
    expect(handover.temporaryPasswords.map((t) => t.username).sort()).toEqual(['acc1', 'acc2', 'aud', 'mgr']);
    const keys = readKeysFile(vaultPaths(vault.dir));
    const secret = Buffer.from(fixture.deviceSecretHex, 'hex');
    expect(userSlot(keys, 'gone')).toBeUndefined();
    const db = openDirectly(vault.dir);
    try {
      for (const t of handover.temporaryPasswords) {
        const { id: userId, role } = fixtureUser(t.username);
        const slot = userSlot(keys, t.username)!;
        expect(await unwrapUserSlot(slot, fixtureUser(t.username).password, secret, fixture.vaultId)).toBeNull();
        const contents = (await unwrapUserSlot(slot, t.password, secret, fixture.vaultId))!;
        const cert = JSON.parse(
          (
            db.prepare('SELECT certificate FROM user_certificates WHERE user_id = ? ORDER BY id DESC').get(userId) as {
              certificate: string;
            }
          ).certificate,
        ) as { body: { status: string; role: string; x25519: string } };
        expect(cert.body).toMatchObject({ status: 'temporary', role });
        expect(cert.body.x25519).toBe(publicIdentity(contents.identity!).x25519.toString('base64'));
        const row = db.prepare('SELECT must_change_password AS m FROM users WHERE id = ?').get(userId);
        expect(row).toEqual({ m: 1 });
      }
    } finally {
      db.close();
    }
  });

  it("wraps each client key only to whom version 1 let read that client, and keeps the manager's two-step code", async () => {
    const db = openDirectly(vault.dir);
    try {
      const holders = (clientId: number) =>
        (
          db.prepare('SELECT recipient_id AS r FROM client_key_wraps WHERE client_id = ?').all(clientId) as {
            r: string;
          }[]
        )
          .map((w) => (w.r === RECOVERY_ID ? RECOVERY_ID : fixture.users.find((u) => u.id === w.r)!.username))
          .sort();
      expect(holders(fixture.markerClient.id)).toEqual(['boss', 'mgr', RECOVERY_ID]);
      expect(holders(1)).toEqual(['acc1', 'boss', 'mgr', RECOVERY_ID]);
      expect(holders(2)).toEqual(['acc1', 'aud', 'boss', 'mgr', RECOVERY_ID]);
      expect(holders(3)).toEqual(['acc2', 'boss', 'mgr', RECOVERY_ID]);
      expect(holders(5)).toEqual(['boss', 'mgr', RECOVERY_ID]);
      const mgr = fixtureUser('mgr');
      const temp = handover.temporaryPasswords.find((t) => t.username === 'mgr')!;
      const keys = readKeysFile(vaultPaths(vault.dir));
      const contents = await unwrapUserSlot(
        userSlot(keys, 'mgr')!,
        temp.password,
        Buffer.from(fixture.deviceSecretHex, 'hex'),
        fixture.vaultId,
      );
      const row = db.prepare('SELECT mfa_secret, mfa_secret_enc FROM users WHERE id = ?').get(mgr.id) as {
        mfa_secret: string | null;
        mfa_secret_enc: Buffer;
      };
      expect(row.mfa_secret).toBeNull();
      const owner = { vaultId: fixture.vaultId, userId: mgr.id, identity: contents!.identity! };
      expect(openMfaSecret(owner, 'mfa_secret', row.mfa_secret_enc)).toBe(mgr.totpSecret);
    } finally {
      db.close();
    }
  });
});

describe('who may upgrade', () => {
  it('refuses anyone but an active admin with their second factor, and leaves the vault as it was', async () => {
    const v = copyFixture();
    try {
      const files = () => ['vault.db', 'vault.keys'].map((f) => readFileSync(path.join(v.dir, f)).toString('hex'));
      const was = files();
      const signIn = (username: string, totp?: string) =>
        unlockVault({ dir: v.dir, username, password: fixtureUser(username).password, totp, keyStore: v.keyStore });
      const refused = await expectCode(signIn('acc1'), 'E_FORBIDDEN');
      expect((refused as { messageKey?: string }).messageKey).toBe('vault.upgradeNeedsAdmin');
      await expectCode(signIn('aud'), 'E_FORBIDDEN');
      expect(files()).toEqual(was);
      // An admin without the second factor is refused, and counted like any failed sign-in.
      await expectCode(signIn('boss'), 'E_MFA_REQUIRED');
      await expectCode(signIn('boss', '000000'), 'E_AUTH');
      expect(readKeysFile(vaultPaths(v.dir)).counters.boss?.failures).toBe(2);
      expect(readFileSync(path.join(v.dir, 'vault.db')).toString('hex')).toBe(was[0]);
      expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
    } finally {
      v.cleanup();
    }
  });

  it('refuses to upgrade a vault whose database does not match its keys file, and leaves it for doctor', async () => {
    const v = copyFixture();
    try {
      // The last audit event removed by hand: what a rolled-back or edited vault.db looks like.
      const db = openDirectly(v.dir);
      db.prepare('DELETE FROM audit_events WHERE seq = ?').run(fixture.auditHead.seq);
      db.close();
      const at = signInTime();
      const unlock = unlockVault({
        dir: v.dir,
        username: 'boss',
        password: boss.password,
        totp: totpFor(boss.totpSecret!, at),
        keyStore: v.keyStore,
        now: () => at,
      });
      await expectCode(unlock, 'E_INTEGRITY');
      expect(readKeysFile(vaultPaths(v.dir)).version).toBe(1);
      const after = openDirectly(v.dir);
      const name = after.prepare('SELECT name FROM clients WHERE id = ?').get(fixture.markerClient.id) as {
        name: string;
      };
      after.close();
      expect(name.name).toContain(fixture.markers.clientName!.ascii);
    } finally {
      v.cleanup();
    }
  });
});
