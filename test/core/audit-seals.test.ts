/**
 * Audit v2 (issue 12, Build 1-3): a chain anyone can check without a secret, sealed by each
 * session's user, the newest seal mirrored in the keys file and the keychain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/audit-verify';
import { sealContextOf, verifyAudit } from '../../src/core/audit/audit-log';
import { allSeals, DAILY_SEAL_MS, sealSignatureValid } from '../../src/core/vault/audit-seals';
import { chainHashV2, GENESIS_HASH, type AuditRow } from '../../src/core/vault/audit-chain';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import type { VaultSession } from '../../src/core/index';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let admin: Staff;
let acc: Staff;

beforeAll(async () => {
  vault = await createTestVault();
  const first = await adminSession(vault);
  admin = first.admin;
  acc = await addStaff(first.session, vault, 'accountant', 'seal.acc');
  first.session.lock();
  await first.session.anchorsWritten();
  await activate(vault, acc);
});
afterAll(() => vault.cleanup());

const SELECT = `SELECT seq, at, tz, actor_id AS actorId, actor_name AS actorName, workstation, action, target_type AS targetType,
  target_id AS targetId, client_id AS clientId, outcome, details, session_id AS sessionId, hash FROM audit_events ORDER BY seq`;

describe('the SHA-256 chain', () => {
  it('links every event of a new vault without a secret: hash = SHA-256(previous hash || canonical event)', async () => {
    const s = await signIn(vault, admin);
    try {
      const rows = s.db.prepare(SELECT).all() as AuditRow[];
      let prev = GENESIS_HASH;
      for (const r of rows) {
        const { hash, ...rest } = r;
        expect(chainHashV2(prev, rest), `event ${r.seq}`).toBe(hash);
        prev = hash;
      }
      // The whole check passes with a key of zeros: nothing in it depends on the DEK.
      const keys = readKeysFile(s.paths);
      const blind = verifyAuditChain(s.db, Buffer.alloc(32), keys.auditHead, () => null, sealContextOf(s));
      expect(blind).toMatchObject({ ok: true, version1Events: 0 });
      expect(blind.seals).toBeGreaterThan(3);
    } finally {
      s.lock();
    }
  });
});

describe('seals', () => {
  async function session(staff: Staff): Promise<VaultSession> {
    return signIn(vault, staff);
  }

  it('each session is sealed at unlock and at lock by its own user, over its own events; the newest is in the keys file and the keychain', async () => {
    const s = await session(acc);
    const id = s.sessionId;
    const userId = s.user.id;
    s.write((ctx) => ctx.audit({ action: 'records.view', details: { page: 1 } }));
    s.write((ctx) => ctx.audit({ action: 'records.view', details: { page: 2 } }));
    s.lock();
    await s.anchorsWritten();

    const check = await session(admin);
    try {
      const mine = allSeals(check.db).filter((x) => x.body.sessionId === id);
      expect(mine.map((x) => x.body.kind)).toEqual(['open', 'close']);
      expect(mine.every((x) => x.body.userId === userId && x.body.signerId === userId)).toBe(true);
      // The close seal lists exactly the two reads written after the open seal.
      expect(mine[1]!.body.events).toHaveLength(2);
      const key = check.verifiedTrust.signingKeysEver(userId).at(-1)!;
      expect(mine.every((x) => sealSignatureValid(x, key))).toBe(true);
      // Signed by her, not by anyone else's key.
      const adminKey = check.verifiedTrust.signingKeysEver(check.user.id).at(-1)!;
      expect(sealSignatureValid(mine[1]!, adminKey)).toBe(false);

      // The newest seal when she locked: mirrored outside the database.
      const keychain = JSON.parse((vault.keyStore as MemoryKeyStore).notes.get(`${vault.vaultId}:audit-anchor`)!) as {
        seal: { sealId: number };
      };
      const newest = allSeals(check.db).at(-1)!;
      // The admin's own open seal came after hers; both places now name it.
      expect(keychain.seal.sealId).toBe(newest.id);
      expect(readKeysFile(vaultPaths(vault.dir)).auditSeal?.sealId).toBe(newest.id);
    } finally {
      check.lock();
    }
  });

  it('a session open for more than a day seals again at its next write; a backup seals on demand', async () => {
    const s = await session(admin);
    try {
      const before = allSeals(s.db).length;
      s.seals.lastSealAt = Date.now() - DAILY_SEAL_MS - 1000;
      s.write((ctx) => ctx.audit({ action: 'records.view', details: {} }));
      const seals = allSeals(s.db);
      expect(seals.slice(before).map((x) => x.body.kind)).toEqual(['daily']);
      expect(s.sealAudit('backup')?.body.kind).toBe('backup');
      expect(verifyAudit(s)).toMatchObject({ ok: true });
    } finally {
      s.lock();
    }
  });

  it('a seal edited in the database no longer verifies, and verify names it', async () => {
    const s = await session(admin);
    try {
      const target = allSeals(s.db).find((x) => x.body.kind === 'close')!;
      const body = { ...target.body, sealedAt: '2020-01-01T00:00:00.000Z' };
      s.db.prepare('UPDATE audit_seals SET body = ? WHERE id = ?').run(JSON.stringify(body), target.id);
      const report = verifyAudit(s);
      expect(report).toMatchObject({ ok: false, kind: 'edited' });
      expect(report.contradicts).toMatchObject({ source: 'seal', sealId: target.id });
      s.db.prepare('UPDATE audit_seals SET body = ? WHERE id = ?').run(target.raw, target.id);
      expect(verifyAudit(s).ok).toBe(true);
    } finally {
      s.lock();
    }
  });

  it('a seal written out of shape is reported as edited near where it was filed, not thrown', async () => {
    const s = await session(admin);
    try {
      const target = allSeals(s.db).find((x) => x.body.kind === 'close')!;
      s.db.prepare('UPDATE audit_seals SET body = ? WHERE id = ?').run('{"not":"a seal"', target.id);
      const report = verifyAudit(s);
      expect(report).toMatchObject({ ok: false, kind: 'edited', firstBadSeq: target.body.lastSeq });
      expect(report.contradicts).toMatchObject({ source: 'seal', sealId: target.id });
      s.db.prepare('UPDATE audit_seals SET body = ? WHERE id = ?').run(target.raw, target.id);
      expect(verifyAudit(s).ok).toBe(true);
    } finally {
      s.lock();
    }
  });

  it('a removed seal leaves its session’s events sealed by no one', async () => {
    const s = await session(acc);
    s.write((ctx) => ctx.audit({ action: 'records.view', details: {} }));
    const sessionId = s.sessionId;
    s.lock();
    const a = await session(admin);
    try {
      const close = allSeals(a.db).find((x) => x.body.sessionId === sessionId && x.body.kind === 'close')!;
      const row = a.db.prepare('SELECT * FROM audit_seals WHERE id = ?').get(close.id);
      a.db.prepare('DELETE FROM audit_seals WHERE id = ?').run(close.id);
      const report = verifyAudit(a);
      expect(report, JSON.stringify(report)).toMatchObject({ ok: false, kind: 'deleted' });
      a.db
        .prepare(
          'INSERT INTO audit_seals (id, session_id, kind, user_id, last_seq, body, signature) VALUES (@id, @session_id, @kind, @user_id, @last_seq, @body, @signature)',
        )
        .run(row);
      expect(verifyAudit(a).ok).toBe(true);
    } finally {
      a.lock();
    }
  });
});
