/**
 * Issue 12 ("Insider-proof audit and lockout"), as an insider tries it. So far:
 * - the lockout race: thirty wrong passwords sent at once used to be checked all thirty (every
 *   attempt read "no failures yet" before any was counted), and a right password among them
 *   cleared the lock. Now the lockout check, the password check and the count are one critical
 *   section;
 * - doctor on an older keys file: it reported "All checks passed" where sign-in refused;
 * - forged and back-dated lines in vault.pending, which the device secret alone lets anyone write;
 * - a forged lock-until in vault.keys' counters (sealed with the device secret only).
 */
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendFileSync } from 'node:fs';
import { doctorVault, unlockVault, type VaultSession } from '../../src/core/index';
import { exportAuditJsonl, listAuditEvents, verifyAudit } from '../../src/core/audit/audit-log';
import { markSessionLive, SEAL_STATEMENT, type SealBody } from '../../src/core/vault/audit-seals';
import { signStatement } from '../../src/core/crypto/signed-statement';
import { LedgerVaultError } from '../../src/core/errors';
import {
  chainHash,
  chainHashV2,
  deriveAuditKey,
  eventContentHash,
  readAuditHead,
  type AuditHead,
  type AuditRow,
} from '../../src/core/vault/audit-chain';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { canonicalJson } from '../../src/core/crypto/canonical-json';
import { hkdfSha256, hmacSha256 } from '../../src/core/crypto/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeysFile, resealCounters, sealKeys, writeKeysFile } from '../../src/core/vault/keys-file';
import { readPendingEvents } from '../../src/core/vault/pending-events';
import { vaultPaths } from '../../src/core/vault/paths';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, codeFor, nextSignInTime, signIn, type Staff } from '../helpers/staff';

let vault: TestVault;
let accountant: Staff;
let admin: Staff;

beforeAll(async () => {
  vault = await createTestVault();
  const { session, admin: first } = await adminSession(vault);
  admin = first;
  accountant = await addStaff(session, vault, 'accountant', 'race.accountant');
  session.lock();
  await activate(vault, accountant);
});
afterAll(() => rmSync(vault.dir, { recursive: true, force: true }));

/** Why each pending sign-in line of `username` was written, in order. */
async function pendingReasons(username: string): Promise<string[]> {
  const paths = vaultPaths(vault.dir);
  const keys = readKeysFile(paths);
  const secret = (await vault.keyStore.get(keys.vaultId))!;
  return readPendingEvents(paths, secret, keys.vaultId)
    .events.filter((e) => e.username === username)
    .map((e) => (e.action === 'auth.signin' ? String(e.details['reason']) : e.action));
}

describe('lockout race', () => {
  it('of 30 wrong passwords sent at once exactly the limit are checked; the rest, and then the right one, are refused as locked', async () => {
    const limit = readKeysFile(vaultPaths(vault.dir)).lockout.maxFailures;
    const attempts = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => signIn(vault, { ...accountant, password: `Wrong-Guess-${i}-x9` })),
    );
    const codes = attempts.map((a) => (a.status === 'rejected' ? (a.reason as { code: string }).code : 'SIGNED_IN'));
    // The attempts before the limit are wrong passwords; the one that reaches it locks; the rest find it locked.
    expect(codes.filter((c) => c === 'E_AUTH')).toHaveLength(limit - 1);
    expect(codes.filter((c) => c === 'E_LOCKED')).toHaveLength(30 - (limit - 1));
    expect(codes).not.toContain('E_BUSY');

    const counter = readKeysFile(vaultPaths(vault.dir)).counters[accountant.username]!;
    expect(counter.failures).toBe(limit);
    expect(Date.parse(counter.lockedUntil!)).toBeGreaterThan(Date.now());

    // Each attempt left its line: exactly `limit` passwords were checked, the others were refused unchecked.
    const reasons = await pendingReasons(accountant.username);
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(limit);
    expect(reasons.filter((r) => r === 'account_locked')).toHaveLength(30 - limit);

    // While locked, even the right password is refused, and that refusal is written down too.
    await expect(signIn(vault, accountant)).rejects.toMatchObject({ code: 'E_LOCKED' });
    expect((await pendingReasons(accountant.username)).filter((r) => r === 'account_locked')).toHaveLength(
      30 - limit + 1,
    );
    expect(readKeysFile(vaultPaths(vault.dir)).counters[accountant.username]!.lockedUntil).toBe(counter.lockedUntil);
  });
});

/** doctor as the admin, with one of her recovery codes as the second factor (each works once). */
const doctorAsAdmin = (recoveryCode: string) =>
  doctorVault({
    dir: vault.dir,
    username: admin.username,
    password: admin.password,
    totp: recoveryCode,
    keyStore: vault.keyStore,
  });

describe('doctor', () => {
  it('fails, naming the check, on a keys file older than the database allows (as sign-in refuses it)', async () => {
    const paths = vaultPaths(vault.dir);
    const older = path.join(path.dirname(vault.dir), `${path.basename(vault.dir)}-older.keys`);
    copyFileSync(paths.keys, older);
    // Adding a person adds a keyslot: from then on the database refuses any keys file without it.
    const session = await signIn(vault, admin);
    await addStaff(session, vault, 'accountant', 'later.accountant');
    session.lock();
    const newer = `${older}.newer`;
    copyFileSync(paths.keys, newer);
    copyFileSync(older, paths.keys);
    try {
      await expect(signIn(vault, admin)).rejects.toMatchObject({ code: 'E_INTEGRITY' });
      const report = await doctorAsAdmin(admin.recoveryCodes![0]!);
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.id === 'keys-match')).toMatchObject({
        ok: false,
        code: 'E_INTEGRITY',
        detail: expect.stringMatching(/older/),
      });
    } finally {
      copyFileSync(newer, paths.keys);
      rmSync(older, { force: true });
      rmSync(newer, { force: true });
    }
    // With the right keys file back, doctor passes that check.
    const again = await doctorAsAdmin(admin.recoveryCodes![1]!);
    expect(again.checks.find((c) => c.id === 'keys-match')).toMatchObject({ ok: true });
  });
});

/**
 * What an insider's script does with the keychain's device secret: append a line to vault.pending
 * with a valid MAC (the format is public: HKDF of the device secret, an HMAC chain over canonical
 * JSON). Nothing from the core's own writer is used, so nothing stops the line's contents.
 */
async function forgePendingLine(line: {
  at: string;
  username: string;
  action: string;
  outcome: string;
  details: Record<string, unknown>;
}) {
  const paths = vaultPaths(vault.dir);
  const keys = readKeysFile(paths);
  const secret = (await vault.keyStore.get(keys.vaultId))!;
  const before = readPendingEvents(paths, secret, keys.vaultId).events;
  const key = hkdfSha256(secret, keys.vaultId, 'ledgervault/v1/pending-audit');
  const body = { n: before.length + 1, tz: 'Asia/Shanghai', workstation: 'FRONT-DESK-PC', ...line };
  const prev = before.at(-1)?.mac ?? '0'.repeat(64);
  const mac = hmacSha256(key, Buffer.from(prev, 'hex'), Buffer.from(canonicalJson(body))).toString('hex');
  appendFileSync(paths.pending, `${JSON.stringify({ ...body, mac })}\n`);
}

describe('vault.pending', () => {
  it('takes only sign-in failures and lockouts, in time order and not from the future; forged lines are refused and recorded', async () => {
    const now = Date.now();
    // A real failure first: it must still reach the log.
    await expect(signIn(vault, { ...admin, password: 'Not-The-Password-1' })).rejects.toMatchObject({ code: 'E_AUTH' });
    await forgePendingLine({
      at: new Date(now - 3 * 86_400_000).toISOString(),
      username: 'mgr',
      action: 'records.export',
      outcome: 'ok',
      details: { clientId: 1, rows: 5000 },
    });
    await forgePendingLine({
      at: new Date(now - 7 * 86_400_000).toISOString(),
      username: admin.username,
      action: 'auth.signin',
      outcome: 'failed',
      details: { reason: 'wrong_password' },
    });
    await forgePendingLine({
      at: '2099-01-01T00:00:00.000Z',
      username: admin.username,
      action: 'auth.lockout',
      outcome: 'denied',
      details: { lockedUntil: '2099-01-01T00:30:00.000Z' },
    });

    const session = await signIn(vault, admin);
    try {
      const events = listAuditEvents(session, { limit: 1000 });
      expect(events.filter((e) => e.action === 'records.export')).toEqual([]);
      const refused = events.filter((e) => e.action === 'audit.pending_tampered');
      expect(refused.map((e) => e.details['why'])).toEqual([
        'not-a-sign-in-event',
        'before-the-line-above',
        'in-the-future',
      ]);
      const imported = events.filter((e) => e.details['recordedWhileLocked'] === true && e.actor === admin.username);
      expect(imported.map((e) => [e.action, e.details['reason']])).toContainEqual(['auth.signin', 'wrong_password']);
      expect(imported.filter((e) => e.at.startsWith('2099'))).toEqual([]);
      expect(imported.filter((e) => Date.parse(e.at) < now - 86_400_000)).toEqual([]);
    } finally {
      session.lock();
    }
    // Judged once: the next sign-in does not record the same refusals again.
    const next = await signIn(vault, admin);
    try {
      const refusedAgain = listAuditEvents(next, { limit: 1000 }).filter((e) => e.action === 'audit.pending_tampered');
      expect(refusedAgain).toHaveLength(3);
    } finally {
      next.lock();
    }
  });
});

describe('lockout counters', () => {
  /** The insider's edit: counters re-sealed with the device secret, the only key they need. */
  async function forgeCounter(
    username: string,
    counter: { failures: number; lastFailureAt: string; lockedUntil: string },
  ) {
    const paths = vaultPaths(vault.dir);
    const keys = readKeysFile(paths);
    const secret = (await vault.keyStore.get(keys.vaultId))!;
    writeKeysFile(paths, resealCounters(keys, { ...keys.counters, [username]: counter }, secret));
  }

  it('a lock-until written into vault.keys is not believed: lock ends come from the policy and the last failure', async () => {
    const policy = readKeysFile(vaultPaths(vault.dir)).lockout;
    // "Locked until 2099" after a last failure longer ago than the policy's lock: not locked.
    await forgeCounter(admin.username, {
      failures: policy.maxFailures,
      lastFailureAt: new Date(Date.now() - (policy.lockMinutes + 10) * 60_000).toISOString(),
      lockedUntil: '2099-12-31T00:00:00.000Z',
    });
    (await signIn(vault, admin)).lock();

    // A last failure dated in 2099: it locks nothing.
    await forgeCounter(admin.username, {
      failures: policy.maxFailures,
      lastFailureAt: '2099-12-31T00:00:00.000Z',
      lockedUntil: '2099-12-31T00:30:00.000Z',
    });
    const session = await signIn(vault, admin);
    session.lock();

    // A real lock still holds for the policy's minutes, and says when it ends.
    await forgeCounter(accountant.username, {
      failures: policy.maxFailures,
      lastFailureAt: new Date().toISOString(),
      lockedUntil: '2099-12-31T00:00:00.000Z',
    });
    const err = await signIn(vault, accountant).then(
      () => null,
      (e: { code: string; message: string }) => e,
    );
    expect(err?.code).toBe('E_LOCKED');
    expect(err?.message).not.toContain('2099');
  });
});

/**
 * Audit v2: seals and anchors. Each describe has a vault of its own: an accountant who holds the
 * DEK through her own password (she can edit the database with her session's connection, as with
 * any SQLite tool once she has the key), an admin who verifies.
 */
interface SealedVault {
  vault: TestVault;
  admin: Staff;
  acc: Staff;
}

async function sealedVault(): Promise<SealedVault> {
  const v = await createTestVault();
  const { session, admin: first } = await adminSession(v);
  const acc = await addStaff(session, v, 'accountant', 'insider.acc');
  session.lock();
  await session.anchorsWritten();
  await activate(v, acc);
  return { vault: v, admin: first, acc };
}

/** The admin signs in accepting the folder as it is (a deliberate restore), as the sign-in screen's action does. */
async function acceptRollbackAsAdmin(sv: SealedVault): Promise<VaultSession> {
  const at = nextSignInTime();
  return unlockVault({
    dir: sv.vault.dir,
    username: sv.admin.username,
    password: sv.admin.password,
    totp: codeFor(sv.admin.totpSecret!, at),
    now: () => at,
    keyStore: sv.vault.keyStore,
    acceptRollback: true,
  });
}

/** Signs in, writes `n` audited reads through the core as the app would, and locks (sealing the session). */
async function workSession(v: TestVault, staff: Staff, n: number, action = 'records.view'): Promise<void> {
  const s = await signIn(v, staff);
  for (let i = 0; i < n; i += 1) s.write((ctx) => ctx.audit({ action, details: { page: i } }));
  s.lock();
  await s.anchorsWritten();
}

type RawEvent = Omit<AuditRow, 'hash'> & { hash: string };
const SELECT_EVENTS = `SELECT seq, at, tz, actor_id AS actorId, actor_name AS actorName, workstation, action,
  target_type AS targetType, target_id AS targetId, client_id AS clientId, outcome, details, session_id AS sessionId, hash
  FROM audit_events ORDER BY seq`;

/**
 * The insider's rebuild: events renumbered without gaps, every SHA-256 link from `from` on
 * recomputed (no secret needed), her own seals re-signed with her own key over the new chain,
 * the high-water mark and the keys file's head re-sealed with the DEK and the device secret.
 * Other people's seals she cannot sign again.
 */
function rebuildChain(
  s: VaultSession,
  events: RawEvent[],
  from: number,
  link: (prev: string, row: Omit<AuditRow, 'hash'>) => string = chainHashV2,
  resign = true,
): void {
  const db = s.db;
  const renumber = new Map<number, number>();
  db.transaction(() => {
    db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(from);
    let prev = (db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(from - 1) as { hash: string }).hash;
    let seq = from;
    const insert = db.prepare(
      `INSERT INTO audit_events (seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash, session_id)
       VALUES (@seq, @at, @tz, @actorId, @actorName, @workstation, @action, @targetType, @targetId, @clientId, @outcome, @details, @hash, @sessionId)`,
    );
    for (const e of events) {
      const row = { ...e, seq };
      row.hash = link(prev, row);
      insert.run(row);
      renumber.set(e.seq, seq);
      prev = row.hash;
      seq += 1;
    }
    db.prepare(`UPDATE vault_meta SET value = ? WHERE key = 'audit_high_water'`).run(String(seq - 1));
    // Her seals, re-signed: new numbers, new heads, her events listed under their new numbers.
    const mine = (
      resign ? db.prepare('SELECT id, body FROM audit_seals WHERE user_id = ? ORDER BY id').all(s.user.id) : []
    ) as {
      id: number;
      body: string;
    }[];
    const hashAt = db.prepare('SELECT hash FROM audit_events WHERE seq = ?');
    for (const m of mine) {
      const body = JSON.parse(m.body) as SealBody;
      const newLast = body.lastSeq >= from ? lastRenumbered(renumber, body.lastSeq, from) : body.lastSeq;
      body.events = body.events
        .map((e) => Number(e.split(':')[0]))
        .filter((n) => n < from || renumber.has(n))
        .map((n) => {
          const at = n < from ? n : renumber.get(n)!;
          const row = db.prepare(`${SELECT_EVENTS.replace(' ORDER BY seq', '')} WHERE seq = ?`).get(at) as RawEvent;
          return `${at}:${eventContentHash(row)}`;
        });
      body.lastSeq = newLast;
      body.headHash = (hashAt.get(newLast) as { hash: string }).hash;
      const signature = signStatement(SEAL_STATEMENT, body, s.identity.ed25519.privateKey).toString('base64');
      db.prepare('UPDATE audit_seals SET body = ?, signature = ?, last_seq = ? WHERE id = ?').run(
        JSON.stringify(body),
        signature,
        newLast,
        m.id,
      );
    }
  })();
  const keys = readKeysFile(s.paths);
  const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as AuditHead;
  const { mac: _mac, ...body } = keys;
  writeKeysFile(s.paths, sealKeys({ ...body, auditHead: head }, s.dek, s.deviceSecret));
}

/** Where the last event up to `old` that survived is now (events below `from` kept their numbers). */
function lastRenumbered(renumber: Map<number, number>, old: number, from: number): number {
  for (let n = old; n >= from; n -= 1) {
    const to = renumber.get(n);
    if (to !== undefined) return to;
  }
  return from - 1;
}

async function verifyAsAdmin(sv: SealedVault) {
  const s = await signIn(sv.vault, sv.admin);
  try {
    return verifyAudit(s);
  } finally {
    s.lock();
    await s.anchorsWritten();
  }
}

describe('audit seals', () => {
  it('her own events deleted and the chain rebuilt (her seals re-signed): the next seal of another user names the deletion', async () => {
    const sv = await sealedVault();
    try {
      await workSession(sv.vault, sv.acc, 57, 'records.export');
      await workSession(sv.vault, sv.admin, 3);
      expect(await verifyAsAdmin(sv)).toMatchObject({ ok: true, kind: null });

      const insider = await signIn(sv.vault, sv.acc);
      const all = insider.db.prepare(SELECT_EVENTS).all() as RawEvent[];
      const exports = all.filter((e) => e.action === 'records.export' && e.actorId === insider.user.id);
      expect(exports).toHaveLength(57);
      const from = exports[0]!.seq;
      rebuildChain(
        insider,
        all.filter((e) => e.seq >= from && !exports.includes(e)),
        from,
      );
      insider.lock();
      await insider.anchorsWritten();

      const report = await verifyAsAdmin(sv);
      expect(report.ok).toBe(false);
      expect(report.kind).toBe('deleted');
      // The first event no intact seal vouches for any more: where her exports began.
      expect(report.firstBadSeq).toBeLessThanOrEqual(from);
      expect(report.firstBadSeq).toBeGreaterThan(1);
      expect(report.contradicts).toMatchObject({ source: 'seal', user: sv.admin.username });
      expect(report.reason).toMatch(/57 event\(s\) between/);
    } finally {
      await sv.vault.cleanup();
    }
  });

  it('the same deletion rebuilt as version 1 did it (HMAC under the audit key derived from the DEK) is named just the same', async () => {
    const sv = await sealedVault();
    try {
      await workSession(sv.vault, sv.acc, 57, 'records.export');
      await workSession(sv.vault, sv.admin, 3);
      const insider = await signIn(sv.vault, sv.acc);
      const all = insider.db.prepare(SELECT_EVENTS).all() as RawEvent[];
      const exports = all.filter((e) => e.action === 'records.export' && e.actorId === insider.user.id);
      const from = exports[0]!.seq;
      const auditKey = deriveAuditKey(insider.dek, insider.vaultId);
      rebuildChain(
        insider,
        all.filter((e) => e.seq >= from && !exports.includes(e)),
        from,
        (prev, row) => chainHash(auditKey, prev, row),
        false,
      );
      insider.lock();
      await insider.anchorsWritten();
      const report = await verifyAsAdmin(sv);
      expect(report).toMatchObject({ ok: false, kind: 'deleted' });
      expect(report.firstBadSeq).toBeLessThanOrEqual(from);
      expect(report.contradicts).toMatchObject({ source: 'seal' });
    } finally {
      await sv.vault.cleanup();
    }
  });

  it('an event forged in another user’s name is found, whichever session it claims', async () => {
    const sv = await sealedVault();
    try {
      await workSession(sv.vault, sv.acc, 2);
      const insider = await signIn(sv.vault, sv.acc);
      const adminId = (
        insider.db.prepare('SELECT id FROM users WHERE username = ?').get(sv.admin.username) as {
          id: string;
        }
      ).id;
      // In her own session, in the admin's name: her close seal will sign it, and still it is found.
      const head = readAuditHead(insider.db);
      const forged = {
        seq: head.seq + 1,
        at: new Date().toISOString(),
        tz: 'Asia/Shanghai',
        actorId: adminId,
        actorName: sv.admin.username,
        workstation: 'FRONT-DESK-PC',
        action: 'records.export',
        targetType: null,
        targetId: null,
        clientId: 1,
        outcome: 'ok' as const,
        details: '{"rows":5000}',
        sessionId: insider.sessionId,
      };
      insider.db
        .prepare(
          `INSERT INTO audit_events (seq, at, tz, actor_id, actor_name, workstation, action, target_type, target_id, client_id, outcome, details, hash, session_id)
           VALUES (@seq, @at, @tz, @actorId, @actorName, @workstation, @action, @targetType, @targetId, @clientId, @outcome, @details, @hash, @sessionId)`,
        )
        .run({ ...forged, hash: chainHashV2(head.hash, forged) });
      insider.lock();
      await insider.anchorsWritten();
      const report = await verifyAsAdmin(sv);
      expect(report).toMatchObject({ ok: false, kind: 'inserted', firstBadSeq: forged.seq });
      expect(report.reason).toContain(`in the name of ${sv.admin.username}`);
    } finally {
      await sv.vault.cleanup();
    }
  });

  it('a session cut short by a crash is sealed by the next one, which records finding it; verify reports it as such, not as tampering', async () => {
    const sv = await sealedVault();
    try {
      const crashed = await signIn(sv.vault, sv.acc);
      crashed.write((ctx) => ctx.audit({ action: 'records.view', details: { page: 1 } }));
      // The process dies: no close seal, and its session is no longer alive anywhere.
      markSessionLive(crashed.sessionId, false);
      crashed.seals.openSealWritten = false;
      crashed.lock();
      const report = await verifyAsAdmin(sv);
      expect(report.ok).toBe(true);
      expect(report.crashLeft).toEqual([expect.objectContaining({ sessionId: crashed.sessionId, events: 1 })]);
      // The session that found it said so in the log, naming the session and its user.
      const a = await signIn(sv.vault, sv.admin);
      try {
        const found = listAuditEvents(a, { action: 'audit.unsealed_found' });
        expect(found).toHaveLength(1);
        expect(found[0]!.details).toMatchObject({ sessions: [crashed.sessionId], users: [crashed.user.id] });
      } finally {
        a.lock();
      }
    } finally {
      await sv.vault.cleanup();
    }
  });
});

describe('rollback', () => {
  it('the whole folder put back from an earlier copy is refused at unlock, reported by doctor, and opened only by an admin who accepts it (audited)', async () => {
    const sv = await sealedVault();
    const earlier = `${sv.vault.dir}-earlier`;
    try {
      cpSync(sv.vault.dir, earlier, { recursive: true });
      // An afternoon of her reads and exports, then the copy put back.
      await workSession(sv.vault, sv.acc, 20, 'records.export');
      const newest = (
        JSON.parse((sv.vault.keyStore as MemoryKeyStore).notes.get(`${sv.vault.vaultId}:audit-anchor`)!) as {
          seal: { lastSeq: number };
        }
      ).seal.lastSeq;
      rmSync(sv.vault.dir, { recursive: true, force: true });
      cpSync(earlier, sv.vault.dir, { recursive: true });

      const refused = await signIn(sv.vault, sv.acc).catch((e: LedgerVaultError) => e);
      expect(refused).toMatchObject({ code: 'E_INTEGRITY', messageKey: 'integrity.rolledBack' });
      expect((refused as LedgerVaultError).localized('zh-CN')).toContain(`第 ${newest} 条事件`);
      expect((refused as LedgerVaultError).detail).toMatch(/rolled back/);

      const report = await doctorVault({
        dir: sv.vault.dir,
        username: sv.admin.username,
        password: sv.admin.password,
        totp: sv.admin.recoveryCodes![0],
        keyStore: sv.vault.keyStore,
      });
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.id === 'audit-anchor')).toMatchObject({ ok: false, code: 'E_INTEGRITY' });

      // The refusal does not confirm a password on its own: without the admin's second factor it is a counted failure.
      const noCode = await unlockVault({
        dir: sv.vault.dir,
        username: sv.admin.username,
        password: sv.admin.password,
        keyStore: sv.vault.keyStore,
      }).catch((e: LedgerVaultError) => e);
      expect(noCode).toMatchObject({ code: 'E_MFA_REQUIRED' });

      // Only an admin may accept it.
      const byAcc = await unlockVault({
        dir: sv.vault.dir,
        username: sv.acc.username,
        password: sv.acc.password,
        keyStore: sv.vault.keyStore,
        acceptRollback: true,
      }).catch((e: LedgerVaultError) => e);
      expect(byAcc).toMatchObject({ code: 'E_FORBIDDEN' });

      const accepted = await acceptRollbackAsAdmin(sv);
      // doctor's run on the alarmed folder was recorded all the same (vault.pending, moved in at this unlock).
      const doctorRuns = listAuditEvents(accepted, { action: 'vault.doctor' });
      expect(doctorRuns.at(-1)).toMatchObject({ outcome: 'failed', actor: sv.admin.username });
      expect(doctorRuns.at(-1)!.details).toMatchObject({ recordedWhileLocked: true });
      const event = listAuditEvents(accepted, { action: 'audit.rollback_accepted' });
      expect(event).toHaveLength(1);
      expect(event[0]!.details).toMatchObject({ what: 'folder', anchorLastSeq: newest });
      accepted.lock();
      await accepted.anchorsWritten();
      // From then on the restored folder is the one this workstation knows.
      const after = await signIn(sv.vault, sv.acc);
      after.lock();
      expect((await verifyAsAdmin(sv)).ok).toBe(true);
    } finally {
      rmSync(earlier, { recursive: true, force: true });
      await sv.vault.cleanup();
    }
  });

  it('an anchor written out of shape into the keychain refuses sign-in until an admin vouches for the folder, which writes a fresh one', async () => {
    const sv = await sealedVault();
    const store = sv.vault.keyStore as MemoryKeyStore;
    try {
      store.notes.set(`${sv.vault.vaultId}:audit-anchor`, '{"not":"an anchor"}');
      await expect(signIn(sv.vault, sv.acc)).rejects.toMatchObject({ code: 'E_INTEGRITY' });
      const accepted = await acceptRollbackAsAdmin(sv);
      expect(listAuditEvents(accepted, { action: 'audit.rollback_accepted' })[0]!.details).toMatchObject({
        what: 'unreadable-anchor',
      });
      accepted.lock();
      await accepted.anchorsWritten();
      (await signIn(sv.vault, sv.acc)).lock();
    } finally {
      await sv.vault.cleanup();
    }
  });

  it('the folder and the keychain rolled back together: a signed audit export kept elsewhere still names the newer head', async () => {
    const sv = await sealedVault();
    const earlier = `${sv.vault.dir}-earlier`;
    const store = sv.vault.keyStore as MemoryKeyStore;
    try {
      cpSync(sv.vault.dir, earlier, { recursive: true });
      const keychainThen = new Map(store.notes);
      await workSession(sv.vault, sv.acc, 20, 'records.export');
      // The office keeps a signed export (an evidence report) off the workstation.
      const s = await signIn(sv.vault, sv.admin);
      let report = '';
      await exportAuditJsonl(s, {}, async (_name, bytes) => {
        report = bytes.toString('utf8');
        return { path: '/elsewhere/report.jsonl' };
      });
      s.lock();
      await s.anchorsWritten();
      // The insider who is the OS user puts back both the folder and the keychain's notes.
      rmSync(sv.vault.dir, { recursive: true, force: true });
      cpSync(earlier, sv.vault.dir, { recursive: true });
      store.notes.clear();
      for (const [k, v] of keychainThen) store.notes.set(k, v);

      const admin = await signIn(sv.vault, sv.admin);
      try {
        expect(verifyAudit(admin).ok).toBe(true);
        const held = verifyAudit(admin, report);
        expect(held).toMatchObject({ ok: false, kind: 'rolled_back' });
        expect(held.contradicts).toMatchObject({ source: 'evidence report' });
        expect(() => verifyAudit(admin, `${report}x`)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
      } finally {
        admin.lock();
      }
    } finally {
      rmSync(earlier, { recursive: true, force: true });
      await sv.vault.cleanup();
    }
  });

  it('an older vault.keys put back and vault.pending deleted after ten wrong passwords: still locked, and the failures reach the log', async () => {
    const sv = await sealedVault();
    try {
      const paths = vaultPaths(sv.vault.dir);
      const olderKeys = readFileSync(paths.keys);
      const limit = readKeysFile(paths).lockout.maxFailures;
      for (let i = 0; i < limit; i += 1) {
        await expect(signIn(sv.vault, { ...sv.acc, password: `Wrong-Guess-${i}-x9` })).rejects.toMatchObject({
          code: i === limit - 1 ? 'E_LOCKED' : 'E_AUTH',
        });
      }
      writeFileSync(paths.keys, olderKeys);
      rmSync(paths.pending, { force: true });
      expect(readKeysFile(paths).counters[sv.acc.username]).toBeUndefined();

      // The keychain's copy of the counters still locks her, even with the right password.
      await expect(signIn(sv.vault, sv.acc)).rejects.toMatchObject({ code: 'E_LOCKED' });

      // Once the lock has run out, she signs in; the lost lines enter the log from the keychain's copy.
      const later = new Date(Date.now() + 2 * 3_600_000);
      const s = await unlockVault({
        dir: sv.vault.dir,
        username: sv.acc.username,
        password: sv.acc.password,
        keyStore: sv.vault.keyStore,
        now: () => later,
      });
      s.lock();
      const admin = await signIn(sv.vault, sv.admin);
      try {
        const events = listAuditEvents(admin, { limit: 1000 });
        const tampered = events.filter((e) => e.action === 'audit.pending_tampered');
        expect(tampered.map((e) => e.details['why'])).toContain('lines-missing-from-file');
        const restored = events.filter(
          (e) => e.actor === sv.acc.username && e.details['restoredFromKeychain'] === true,
        );
        expect(restored.filter((e) => e.details['reason'] === 'wrong_password')).toHaveLength(limit);
        expect(restored.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
      } finally {
        admin.lock();
      }
    } finally {
      await sv.vault.cleanup();
    }
  });
});
