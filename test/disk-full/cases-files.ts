/**
 * The file write paths of the full-disk campaign (see cases.ts): vault.keys (a new user, a
 * password change), vault.pending (a failed sign-in's audit line), an export's file and a
 * backup's file on their target disk. "Nothing that looks complete is left": vault.keys is the
 * same bytes as before, vault.pending too (a half line would read as tampering), no export or
 * backup file with its final name, no temp, partial or lock file.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { auditEvents, users } from '../../src/core/db/schema';
import { exportBackup } from '../../src/core/backup/backup-export';
import { restoreBackup } from '../../src/core/backup/backup-restore';
import { ARGON2_FLOOR } from '../../src/core/index';
import { MemoryKeyStore } from '../helpers/memory-keystore';
import { writeFileAtomic } from '../../src/core/fs/atomic-write';
import { exportRecords } from '../../src/core/records/export-records';
import { changeOwnPassword, createUser } from '../../src/core/users/users';
import { readPendingEvents } from '../../src/core/vault/pending-events';
import { vaultPaths } from '../../src/core/vault/paths';
import type { SaveExport } from '../../src/core/export/save';
import type { VaultSession } from '../../src/core/index';
import { signIn } from '../helpers/staff';
import { failure, judge, strayInVault, type DiskCase } from './cases';
import {
  bytesOf,
  liveRecords,
  lockSession,
  reopenProblems,
  session,
  signInManager,
  vaultProblems,
  type Fixture,
} from './fixture';
import { failFileHandleWrites, injectFsFault } from './small-disk';

const keysOf = (fx: Fixture) => bytesOf(vaultPaths(fx.vault.dir).keys);
const pendingOf = (fx: Fixture) => bytesOf(vaultPaths(fx.vault.dir).pending);
let nextUser = 0;

/** The keys file on a full disk: an admin adds a user (the new keyslot goes to vault.keys first). */
const keysFull: DiskCase = {
  name: 'keys file: a new user on a full disk',
  needs: 'tmpfs',
  async run(fx) {
    await lockSession(fx);
    const admin = await signIn(fx.vault, fx.admin);
    const usersNow = () => admin.orm.select().from(users).all().length;
    const problems: string[] = [];
    let err: unknown = null;
    try {
      const before = { keys: keysOf(fx), users: usersNow() };
      // One page left: the lock file takes it, the keys file's temp copy finds none.
      fx.vaultDisk.fill(4096);
      const username = `staff.${nextUser++}`;
      const password = `Start-${Math.random().toString(36).slice(2, 8)}-Qx-9`;
      const add = () => createUser(admin, { username, role: 'accountant', password });
      err = await failure(add);
      problems.push(...judge(err, { code: 'E_DISK_FULL', folder: fx.vault.dir, keys: ['disk.full'] }));
      if (!keysOf(fx)?.equals(before.keys!)) problems.push('vault.keys changed');
      if (usersNow() !== before.users) problems.push('the user was created anyway');
      problems.push(...strayInVault(fx));
      fx.vaultDisk.free();
      const made = await failure(add);
      if (made) problems.push(`after freeing space: ${String(made)}`);
      if (usersNow() !== before.users + 1) problems.push('the user was not created after freeing space');
    } finally {
      admin.lock();
      await admin.anchorsWritten();
    }
    await signInManager(fx);
    return { err, problems };
  },
};

/** The keys file on a failing drive: the manager changes their password. */
const keysIo: DiskCase = {
  name: 'keys file: an I/O error during a password change',
  needs: 'shim',
  async run(fx) {
    const s = session(fx);
    const before = keysOf(fx);
    const next = `${fx.manager.password}-Io1`;
    const restore = injectFsFault({ under: path.join(fx.vault.dir, '.vault.keys.'), code: 'EIO' });
    let err: unknown;
    try {
      err = await failure(() => changeOwnPassword(s, fx.manager.password, next));
    } finally {
      restore();
    }
    const problems = judge(err, { code: 'E_IO', folder: fx.vault.dir, keys: ['disk.ioError'] });
    if (!keysOf(fx)?.equals(before!)) problems.push('vault.keys changed');
    problems.push(...strayInVault(fx), ...vaultProblems(fx, s));
    const again = await failure(() => changeOwnPassword(s, fx.manager.password, next));
    if (again) problems.push(`after the drive came back: ${String(again)}`);
    else fx.manager.password = next;
    // The new password is the one in force for the next sign-in.
    await lockSession(fx);
    await signInManager(fx);
    return { err, problems };
  },
};

/** vault.pending: a wrong password while the disk fills mid-line (or the drive fails). */
function pendingCase(code: 'ENOSPC' | 'EIO'): DiskCase {
  const full = code === 'ENOSPC';
  return {
    name: `pending file: a failed sign-in's audit line (${full ? 'disk full mid-line' : 'I/O error'})`,
    needs: 'shim',
    async run(fx) {
      const s = session(fx);
      const p = vaultPaths(fx.vault.dir);
      const before = { pending: pendingOf(fx), keys: keysOf(fx) };
      const wrong = () => signIn(fx.vault, { ...fx.manager, password: 'Not-The-Password-1' });
      const restore = injectFsFault({ under: p.pending, code, how: full ? 'half' : 'fail' });
      let err: unknown;
      try {
        err = await failure(wrong);
      } finally {
        restore();
      }
      const problems = judge(err, {
        code: full ? 'E_DISK_FULL' : 'E_IO',
        folder: fx.vault.dir,
        keys: [full ? 'disk.full' : 'disk.ioError'],
      });
      if (!Buffer.from(pendingOf(fx) ?? '').equals(Buffer.from(before.pending ?? '')))
        problems.push('vault.pending changed');
      if (!keysOf(fx)?.equals(before.keys!)) problems.push('vault.keys changed (a failure counted without its line)');
      const again = await failure(wrong);
      if (!(again instanceof Error && 'code' in again && again.code === 'E_AUTH'))
        problems.push(`after the fault: expected E_AUTH, got ${String(again)}`);
      const read = readPendingEvents(p, s.deviceSecret, s.vaultId);
      if (read.brokenAtLine !== null) problems.push(`vault.pending is broken at line ${read.brokenAtLine}`);
      return { err, problems };
    },
  };
}

/**
 * An export into a folder whose disk is full, or whose drive fails: the core writes the file
 * (core-host.ts) with `write`; the self-test hands a writer that swallows the error.
 */
export function exportCase(fault: 'full' | 'io', write = writeFileAtomic, label = ''): DiskCase {
  return {
    name: `export: a records CSV to a ${fault === 'full' ? 'full disk' : 'failing drive'}${label}`,
    needs: fault === 'full' ? 'tmpfs' : 'shim',
    async run(fx) {
      const s = session(fx);
      const folder = path.join(fx.targetDisk.root, 'exports');
      const save: SaveExport = (name, bytes) => {
        const file = path.join(folder, name);
        write(file, bytes);
        return Promise.resolve({ path: file, discard: () => rmSync(file, { force: true }) });
      };
      const exports = () => exportEvents(s);
      const before = exports();
      let err: unknown;
      let restore = () => {};
      if (fault === 'full') fx.targetDisk.fill();
      else restore = injectFsFault({ under: folder, code: 'EIO' });
      try {
        err = await failure(() => exportRecords(s, { clientId: fx.clientId }, { format: 'csv', save }));
      } finally {
        restore();
        fx.targetDisk.free();
      }
      const problems = judge(err, {
        code: fault === 'full' ? 'E_DISK_FULL' : 'E_IO',
        folder,
        keys: [fault === 'full' ? 'disk.full' : 'disk.ioError'],
      });
      if (readdirSync(folder).length > 0) problems.push(`left in the export folder: ${readdirSync(folder).join(', ')}`);
      if (exports() !== before) problems.push('an export event was written for a file that is not there');
      const done = await exportRecords(s, { clientId: fx.clientId }, { format: 'csv', save }).catch((e: Error) => e);
      if (!done || done instanceof Error) problems.push(`after freeing space: ${String(done)}`);
      else if (done.rows !== fx.committed) problems.push(`exported ${done.rows} of ${fx.committed} rows`);
      for (const n of readdirSync(folder)) rmSync(path.join(folder, n));
      return { err, problems };
    },
  };
}

function exportEvents(s: VaultSession): number {
  return s.orm.select().from(auditEvents).where(eq(auditEvents.action, 'records.export')).all().length;
}

/** A backup to a full target, or to a drive that fails while it is written. */
function backupCase(fault: 'full' | 'io'): DiskCase {
  return {
    name: `backup: to a ${fault === 'full' ? 'full disk' : 'failing drive'}`,
    needs: fault === 'full' ? 'tmpfs' : 'shim',
    async run(fx) {
      const s = session(fx);
      const folder = path.join(fx.targetDisk.root, 'backups');
      let err: unknown;
      let restore = () => {};
      if (fault === 'full') fx.targetDisk.fill();
      else restore = await failFileHandleWrites('EIO');
      try {
        err = await failure(() => exportBackup(s, folder, { appVersion: '0.0.0-disk-full' }));
      } finally {
        restore();
        fx.targetDisk.free();
      }
      const problems = judge(err, {
        code: fault === 'full' ? 'E_DISK_FULL' : 'E_IO',
        folder,
        keys: [fault === 'full' ? 'backup.diskFull' : 'backup.writeFailed'],
      });
      if (readdirSync(folder).length > 0) problems.push(`left in the backup folder: ${readdirSync(folder).join(', ')}`);
      problems.push(...vaultProblems(fx, s));
      const made = await exportBackup(s, folder, { appVersion: '0.0.0-disk-full' }).catch((e: Error) => e);
      if (made instanceof Error) problems.push(`after freeing space: ${String(made)}`);
      else if (!readdirSync(folder).includes(path.basename(made.file))) problems.push('no backup after freeing space');
      for (const n of readdirSync(folder)) rmSync(path.join(folder, n));
      return { err, problems };
    },
  };
}

const RESTORED_PASSWORD = 'Wide-Horizon-Lamp-7391';

/**
 * A restore into a folder on a full disk (a new workstation's keychain): refused before anything
 * is in place, no staging folder left, and the same restore works once space is freed.
 */
const restoreFull: DiskCase = {
  name: 'restore: a backup into a folder on a full disk',
  needs: 'tmpfs',
  async run(fx) {
    const s = session(fx);
    const root = fx.targetDisk.root;
    const made = await exportBackup(s, path.join(root, 'backups'), { appVersion: '0.0.0-disk-full' });
    const restore = () =>
      restoreBackup({
        file: made.file,
        dir: path.join(root, 'restored'),
        adminUsername: fx.admin.username,
        recoveryKey: fx.vault.recoveryKey,
        newPassword: RESTORED_PASSWORD,
        keyStore: new MemoryKeyStore(),
        kdf: ARGON2_FLOOR,
      });
    const before = readdirSync(root).sort();
    fx.targetDisk.fill();
    const err = await failure(restore);
    const problems = judge(err, { code: 'E_DISK_FULL', folder: root, keys: ['disk.full'] });
    const after = readdirSync(root).filter((n) => !n.startsWith('someone-elses'));
    if (after.sort().join() !== before.join()) problems.push(`left beside the target: ${after.join(', ')}`);
    fx.targetDisk.free();
    const done = await restoreBackup({
      file: made.file,
      dir: path.join(root, 'restored'),
      adminUsername: fx.admin.username,
      recoveryKey: fx.vault.recoveryKey,
      newPassword: RESTORED_PASSWORD,
      keyStore: new MemoryKeyStore(),
      kdf: ARGON2_FLOOR,
    }).catch((e: Error) => e);
    if (done instanceof Error) problems.push(`after freeing space: ${String(done)}`);
    else {
      const restored = liveRecords(done.session, fx.clientId);
      if (restored !== fx.committed) problems.push(`restored ${restored} of ${fx.committed} records`);
      done.session.lock();
      await done.session.anchorsWritten();
    }
    for (const n of ['restored', 'backups']) rmSync(path.join(root, n), { recursive: true, force: true });
    mkdirSync(path.join(root, 'backups'));
    return { err, problems };
  },
};

/** Last: signed out and in again, and doctor, after every case above. */
export const REOPEN: DiskCase = {
  name: 'the vault after every case: every record there, audit verify and doctor pass',
  needs: 'tmpfs',
  async run(fx) {
    return reopenProblems(fx);
  },
};

export const FILE_CASES: DiskCase[] = [
  keysFull,
  keysIo,
  pendingCase('ENOSPC'),
  pendingCase('EIO'),
  exportCase('full'),
  exportCase('io'),
  backupCase('full'),
  backupCase('io'),
  restoreFull,
];
