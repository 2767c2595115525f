/**
 * A correct password without the second factor it needs is a failed sign-in of the second
 * factor: recorded (in vault.pending until the next unlock moves it into the chain) and counted
 * toward the lockout, like a wrong code.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/core/db/schema';
import { unlockVault } from '../../src/core/index';
import { updateSettings } from '../../src/core/settings/settings';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import { createTestVault, expectCode, type TestVault } from '../helpers/test-vault';
import { adminSession, signIn } from '../helpers/staff';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

describe('E_MFA_REQUIRED leaves a trace', () => {
  it('is recorded as a failed sign-in (second_factor_missing), counted, and moved into the audit log', async () => {
    vault = await createTestVault();
    const { session, admin } = await adminSession(vault);
    session.lock();
    const paths = vaultPaths(vault.dir);
    const noCode = { dir: vault.dir, username: admin.username, password: admin.password, keyStore: vault.keyStore };

    await expectCode(unlockVault(noCode), 'E_MFA_REQUIRED');
    expect(readKeysFile(paths).counters[admin.username]?.failures).toBe(1);
    const line = JSON.parse(readFileSync(paths.pending, 'utf8').trim().split('\n').at(-1)!);
    expect(line).toMatchObject({
      action: 'auth.signin',
      outcome: 'failed',
      username: admin.username,
      details: { reason: 'second_factor_missing', consecutiveFailures: 1 },
    });

    const s = await signIn(vault, admin);
    const failed = s.orm
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.signin'), eq(auditEvents.outcome, 'failed')))
      .all();
    expect(failed.map((e) => JSON.parse(e.details).reason)).toEqual(['second_factor_missing']);
    expect(failed[0]!.actorName).toBe(admin.username);
    // One missing code in the usual two-step sign-in is not a burst of failures.
    const signals = s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'auth.signal')).all();
    expect(signals.map((e) => JSON.parse(e.details).kind)).not.toContain('failure_burst');
    // The good sign-in clears the count.
    expect(readKeysFile(paths).counters[admin.username]).toBeUndefined();
    updateSettings(s, { lockoutThreshold: 3 });
    s.lock();

    // Like a wrong code, it counts toward the lockout.
    await expectCode(unlockVault(noCode), 'E_MFA_REQUIRED');
    await expectCode(unlockVault(noCode), 'E_MFA_REQUIRED');
    await expectCode(unlockVault(noCode), 'E_LOCKED');
    await expectCode(signIn(vault, admin), 'E_LOCKED');
  });
});
