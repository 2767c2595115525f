import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { paymentRecords } from '../../src/core/db/schema';
import { doctorVault } from '../../src/core/index';
import { ADMIN, ADMIN_PASSWORD, TEST_SERVICE, createTestVault, type TestVault } from '../helpers/test-vault';

let vault: TestVault;
afterEach(async () => {
  await vault?.cleanup();
});

describe('crash safety', () => {
  it('SIGKILL during a long write transaction leaves a vault that opens with every committed row', async () => {
    vault = await createTestVault();
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
