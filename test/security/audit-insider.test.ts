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
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { appendFileSync } from 'node:fs';
import { doctorVault } from '../../src/core/index';
import { listAuditEvents } from '../../src/core/audit/audit-log';
import { canonicalJson } from '../../src/core/crypto/canonical-json';
import { hkdfSha256, hmacSha256 } from '../../src/core/crypto/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeysFile, resealCounters, writeKeysFile } from '../../src/core/vault/keys-file';
import { readPendingEvents } from '../../src/core/vault/pending-events';
import { vaultPaths } from '../../src/core/vault/paths';
import { createTestVault, type TestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';

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
