import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditEvents, paymentRecords } from '../../src/core/db/schema';
import { doctorVault, OsKeyStore, type VaultSession } from '../../src/core/index';
import { readKeysFile } from '../../src/core/vault/keys-file';
import { vaultPaths } from '../../src/core/vault/paths';
import {
  ADMIN,
  ADMIN_PASSWORD,
  TEST_SERVICE,
  createTestVault,
  expectCode,
  filesUnder,
  type TestVault,
} from '../helpers/test-vault';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

describe('crash safety', () => {
  it('SIGKILL during a long write transaction leaves a vault that opens with every committed row', async () => {
    // The writer is another process: the device secret must be in a keychain it can read too.
    vault = await createTestVault({ keyStore: new OsKeyStore(TEST_SERVICE) });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, '../fixtures/crash-writer.ts'),
        vault.dir,
        TEST_SERVICE,
        ADMIN,
        ADMIN_PASSWORD,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let committed = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killed = new Promise<NodeJS.Signals | null>((resolve, reject) => {
      child.on('exit', (_code, signal) => resolve(signal));
      child.on('error', reject);
      child.stdout.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\n')) {
          const m = /^committed (\d+)/.exec(line);
          if (m) committed = Number(m[1]);
          if (line === 'in-transaction') child.kill('SIGKILL');
        }
      });
    });
    expect(await killed, stderr).toBe('SIGKILL');
    expect(committed).toBe(1000);

    const session = await vault.unlock();
    expect(session.orm.select({ n: count() }).from(paymentRecords).get()?.n).toBe(committed);
    session.lock();
    const report = await doctorVault({
      dir: vault.dir,
      username: ADMIN,
      password: ADMIN_PASSWORD,
      keyStore: vault.keyStore,
    });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

/** Runs a fixture in a child process and SIGKILLs it when it prints `stopped ...`. */
async function runUntilStopped(fixture: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../fixtures', fixture), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('exit', (_code, sig) => resolve(sig));
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^stopped /m.test(out)) child.kill('SIGKILL');
    });
  });
  expect(signal, `${out}\n${stderr}`).toBe('SIGKILL');
  return out;
}

/**
 * Where the child stops, and what that cut leaves: the first keys write stages the new slot
 * beside the old one, the database commit decides, the second keys write finishes.
 */
const PHASES = {
  'before-first-keys-write': { inForce: 'old', repaired: null },
  'after-first-keys-write': { inForce: 'old', repaired: 'removed a slot whose change never committed' },
  'before-second-keys-write': { inForce: 'new', repaired: 'put the committed slot in force' },
} as const;

describe('crash safety of a password change', () => {
  it.each(Object.entries(PHASES))(
    'SIGKILL %s: exactly one of the old and new passwords opens, and the audit says which',
    async (phase, expected) => {
      vault = await createTestVault({ keyStore: new OsKeyStore(TEST_SERVICE) });
      const newPassword = 'Changed-Password-77';
      await runUntilStopped('password-change-crash.ts', [
        vault.dir,
        TEST_SERVICE,
        ADMIN,
        ADMIN_PASSWORD,
        newPassword,
        phase,
      ]);
      // Whatever the crash left (a temp file, the keys lock) is private too.
      const modes = filesUnder(vault.dir).map((f) => `${path.basename(f)} ${(statSync(f).mode & 0o777).toString(8)}`);
      expect(modes.filter((m) => !m.endsWith(' 600'))).toEqual([]);

      const opened: { password: string; session: VaultSession }[] = [];
      for (const password of [ADMIN_PASSWORD, newPassword]) {
        try {
          const session = await vault.unlock(ADMIN, password);
          opened.push({ password, session });
          session.lock();
        } catch (err) {
          expect((err as { code?: string }).code).toBe('E_AUTH');
        }
      }
      expect(opened).toHaveLength(1);
      const inForce = opened[0]!.password;
      expect(inForce).toBe(expected.inForce === 'new' ? newPassword : ADMIN_PASSWORD);
      await expectCode(vault.unlock(ADMIN, 'Neither-Password-1'), 'E_AUTH');

      const s = await vault.unlock(ADMIN, inForce);
      try {
        const changed = s.orm
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'user.changePassword'), eq(auditEvents.outcome, 'ok')))
          .all();
        expect(changed).toHaveLength(inForce === newPassword ? 1 : 0);
        // The first sign-in after the crash recorded what it found unfinished and finished it.
        const repairs = s.orm
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.action, 'vault.repair'))
          .all()
          .flatMap((e) => (JSON.parse(e.details) as { keysFile: { what: string; change: string }[] }).keysFile);
        const slotRepairs = repairs.filter((r) => r.what === 'keyslot').map((r) => r.change);
        expect(slotRepairs).toEqual(expected.repaired ? expect.arrayContaining([expected.repaired]) : []);
        // The keys file is whole again: one slot for the admin, nothing staged, no leftovers.
        const slots = readKeysFile(vaultPaths(vault.dir)).slots.filter((x) => x.kind === 'user');
        expect(slots).toHaveLength(1);
        expect(JSON.stringify(slots)).not.toMatch(/pending/);
        expect(
          filesUnder(vault.dir)
            .map((f) => path.basename(f))
            .filter((n) => /\.tmp$|\.lock$/.test(n)),
        ).toEqual([]);
      } finally {
        s.lock();
      }
      const report = await doctorVault({
        dir: vault.dir,
        username: ADMIN,
        password: inForce,
        keyStore: vault.keyStore,
      });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    },
  );
});
