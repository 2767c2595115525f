/**
 * Issue 16's reproduction at the command line: a vault on a small filesystem whose record write
 * failed with "E_INTERNAL ... (database or disk is full)" and whose reads failed the same way.
 * Now both say E_DISK_FULL (exit 15) naming the vault folder and the space (each command signs in
 * first, and that sign-in's audit event is what the full disk refuses); once space is freed both
 * work with no repair, and the refused record is not there. Needs a mount (root) and the
 * built CLI in a throwaway keyring: `npm run build && bash scripts/with-keyring.sh npx vitest run
 * test/disk-full/disk-full-cli.test.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClientGrant } from '../../src/core/access/grants';
import { createClient } from '../../src/core/clients/clients';
import { ARGON2_FLOOR, createVault, unlockVault } from '../../src/core/index';
import { EXIT_CODES } from '../../src/cli/output';
import { activate, addStaff, adminSession, signIn, type Staff } from '../helpers/staff';
import { ADMIN, ADMIN_PASSWORD, type TestVault } from '../helpers/test-vault';
import { cli, cliKeyStore, forgetCliVault } from '../cli/cli-helpers';
import { smallDisk, whyNoMount, type SmallDisk } from './small-disk';

const noMount = whyNoMount();

describe.skipIf(noMount !== null)('CLI on a full disk', () => {
  let disk: SmallDisk;
  let vault: TestVault;
  let acc: Staff;
  let clientId = 0;
  const run = (args: string[]) =>
    cli([...args, '--vault', vault.dir, '--user', acc.username], { LEDGERVAULT_PASSWORD: acc.password });
  const add = (memo: string, amount: string) =>
    run([
      'record',
      'add',
      '--client',
      String(clientId),
      '--date',
      '2024-05-01 09:30',
      '--direction',
      'out',
      '--amount',
      amount,
      '--counterparty',
      '房东',
      '--memo',
      memo,
    ]);

  beforeAll(async () => {
    if (!existsSync(path.resolve(__dirname, '../../out/main/cli.js'))) throw new Error('build first: npm run build');
    disk = smallDisk(24);
    const dir = path.join(disk.root, 'vault');
    const keyStore = cliKeyStore();
    const created = await createVault({
      dir,
      adminUsername: ADMIN,
      adminPassword: ADMIN_PASSWORD,
      keyStore,
      kdf: ARGON2_FLOOR,
    });
    vault = {
      dir,
      vaultId: created.vaultId,
      recoveryKey: created.recoveryKey,
      keyStore,
      unlock: () => unlockVault({ dir, username: ADMIN, password: ADMIN_PASSWORD, keyStore }),
      cleanup: () => forgetCliVault(created.vaultId),
    };
    const { session: admin } = await adminSession(vault);
    const mgr = await addStaff(admin, vault, 'manager', 'cli.mgr');
    acc = await addStaff(admin, vault, 'accountant', 'cli.acc');
    admin.lock();
    await activate(vault, mgr);
    await activate(vault, acc);
    const s = await signIn(vault, mgr);
    clientId = createClient(s, { name: '甲公司' }).id;
    setClientGrant(s, { username: acc.username, clientId, canWrite: true });
    s.lock();
    await s.anchorsWritten();
  });
  afterAll(async () => {
    await vault?.cleanup();
    disk?.unmount();
  });

  it('a write and a read say E_DISK_FULL naming the vault folder; after freeing space both work', () => {
    expect(add('before', '12.00').code).toBe(0);
    disk.fill();
    const write = add('on a full disk', '13.00');
    expect(write.code).toBe(EXIT_CODES.E_DISK_FULL);
    expect(write.stderr).toMatch(new RegExp(`^E_DISK_FULL: .*${vault.dir}.* about \\d+(\\.\\d)? MB is needed`));
    const read = run(['record', 'list', '--client', String(clientId)]);
    expect(read.code).toBe(EXIT_CODES.E_DISK_FULL);
    expect(read.stderr).toMatch(new RegExp(`^E_DISK_FULL: .*${vault.dir}`));
    expect(read.stderr).not.toMatch(/E_INTERNAL|database or disk is full/);
    disk.free();
    expect(add('after', '14.00').code).toBe(0);
    const list = run(['record', 'list', '--client', String(clientId), '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('before');
    expect(list.stdout).toContain('after');
    expect(list.stdout).not.toContain('on a full disk');
  });
});
