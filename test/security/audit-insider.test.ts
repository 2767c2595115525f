/**
 * Issue 12 ("Insider-proof audit and lockout"), as an insider tries it. So far:
 * - the lockout race: thirty wrong passwords sent at once used to be checked all thirty (every
 *   attempt read "no failures yet" before any was counted), and a right password among them
 *   cleared the lock. Now the lockout check, the password check and the count are one critical
 *   section;
 * - doctor on an older keys file: it reported "All checks passed" where sign-in refused.
 */
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { doctorVault } from '../../src/core/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeysFile } from '../../src/core/vault/keys-file';
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
      const report = await doctorVault({
        dir: vault.dir,
        username: admin.username,
        password: admin.password,
        totp: admin.recoveryCodes![0],
        keyStore: vault.keyStore,
      });
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
    const again = await doctorVault({
      dir: vault.dir,
      username: admin.username,
      password: admin.password,
      totp: admin.recoveryCodes![1],
      keyStore: vault.keyStore,
    });
    expect(again.checks.find((c) => c.id === 'keys-match')).toMatchObject({ ok: true });
  });
});
