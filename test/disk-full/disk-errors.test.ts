/**
 * The mapping itself (core/fs/disk-errors.ts), where no mount is needed: what counts as a full
 * disk or an I/O error, the words and parameters that cross IPC, atomic writes and appends that
 * fail halfway, and a vault whose database may not grow (SQLite's max_page_count gives a real
 * SQLITE_FULL on any machine) refusing a write with the vault folder named.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES, reportError } from '../../src/cli/output';
import { LedgerVaultError, diskFailure, toPublicError } from '../../src/core/errors';
import { diskErrorOf, vaultDiskError } from '../../src/core/fs/disk-errors';
import { writeFileAtomic } from '../../src/core/fs/atomic-write';
import { appendDurably } from '../../src/core/fs/durable-append';
import { createClient } from '../../src/core/clients/clients';
import { addRecord, listRecords } from '../../src/core/records/index';
import { localizeError } from '../../src/shared/messages';
import { createTestVault } from '../helpers/test-vault';
import { activate, addStaff, adminSession, signIn } from '../helpers/staff';
import { injectFsFault } from './small-disk';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lv-disk-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const errno = (code: string) => Object.assign(new Error(`${code}: test`), { code });

/** A real SqliteError: a database that may not grow past its current size. */
function sqliteFull(): unknown {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma(`max_page_count=${db.pragma('page_count', { simple: true }) as number}`);
    db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(100_000));
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('SQLite did not refuse');
}

describe('what a full disk or an I/O error is', () => {
  it('node:fs and SQLite codes, nothing else', () => {
    expect(diskFailure(sqliteFull())).toEqual({ kind: 'full', reason: 'SQLITE_FULL' });
    for (const c of ['ENOSPC', 'EDQUOT']) expect(diskFailure(errno(c))?.kind).toBe('full');
    for (const c of ['EIO', 'EROFS', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC'])
      expect(diskFailure(errno(c))?.kind).toBe('io');
    for (const c of ['EEXIST', 'EACCES', 'SQLITE_CONSTRAINT', 'SQLITE_BUSY']) expect(diskFailure(errno(c))).toBeNull();
    expect(diskFailure(new LedgerVaultError('E_DISK_FULL'))).toBeNull();
    expect(diskFailure('ENOSPC')).toBeNull();
  });

  it('crosses IPC as a code with its message key and parameters, in both languages', () => {
    const err = diskErrorOf(errno('ENOSPC'), { folder: tmp, neededBytes: 3 * 1024 * 1024 + 1 })!;
    const wire = toPublicError(err);
    expect(wire).toMatchObject({
      code: 'E_DISK_FULL',
      messageKey: 'disk.full',
      params: { folder: tmp, neededMb: 3.1 },
    });
    expect(typeof wire.params.freeMb).toBe('number');
    const zh = localizeError(wire, 'zh-CN').message;
    const en = localizeError(wire, 'en').message;
    expect(zh).toContain(`${tmp} 的剩余空间不足：需要约 3.1 MB`);
    expect(en).toContain(`${tmp} has too little free space: about 3.1 MB is needed`);
    const io = toPublicError(diskErrorOf(errno('EIO'), { folder: tmp }));
    expect(io).toEqual({ code: 'E_IO', messageKey: 'disk.ioError', params: { folder: tmp, reason: 'EIO' } });
    expect(localizeError(io, 'en').message).toContain(`Reading or writing ${tmp} failed (EIO)`);
  });

  it('one that reached the boundary unmapped is still a full disk, never "internal error"', () => {
    expect(toPublicError(sqliteFull())).toEqual({ code: 'E_DISK_FULL', messageKey: null, params: {} });
    expect(toPublicError(errno('EIO'))).toEqual({ code: 'E_IO', messageKey: null, params: {} });
    expect(toPublicError(new Error('SQLITE_CORRUPT'))).toEqual({ code: 'E_INTERNAL', messageKey: null, params: {} });
  });

  it('at the command line: the code first, the folder named, the exit status of the code', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const lang = process.env.LEDGERVAULT_LANG;
    process.env.LEDGERVAULT_LANG = 'en';
    try {
      expect(reportError(vaultDiskError(sqliteFull(), tmp))).toBe(EXIT_CODES.E_DISK_FULL);
      expect(reportError(sqliteFull())).toBe(EXIT_CODES.E_DISK_FULL);
      expect(reportError(errno('EIO'))).toBe(EXIT_CODES.E_IO);
    } finally {
      spy.mockRestore();
      if (lang === undefined) delete process.env.LEDGERVAULT_LANG;
      else process.env.LEDGERVAULT_LANG = lang;
    }
    expect(lines[0]).toMatch(new RegExp(`^E_DISK_FULL: The vault folder ${tmp} has too little free space: about 8 MB`));
    expect(lines[1]).toMatch(/^E_DISK_FULL: The disk is full/);
    expect(lines[2]).toMatch(/^E_IO: /);
  });

  it('a read of the vault says that nothing was shown because its audit event could not be written', () => {
    const err = vaultDiskError(sqliteFull(), tmp, 'read') as LedgerVaultError;
    expect(err.messageKey).toBe('disk.vaultFullRead');
    expect(err.localized('en')).toMatch(
      /first written to the audit log, which could not be written, so nothing was shown/,
    );
    expect(err.localized('zh-CN')).toContain('因此未显示任何内容');
  });
});

describe('files written whole or not at all', () => {
  it('an atomic write that fails keeps the old file and leaves no temp copy', () => {
    const dir = mkdtempSync(path.join(tmp, 'atomic-'));
    const file = path.join(dir, 'vault.keys');
    writeFileSync(file, 'old');
    for (const code of ['ENOSPC', 'EIO'] as const) {
      const restore = injectFsFault({ under: dir, code, how: 'half' });
      let err: unknown;
      try {
        writeFileAtomic(file, 'new content '.repeat(1000));
      } catch (e) {
        err = e;
      } finally {
        restore();
      }
      expect(err).toMatchObject({ code: code === 'EIO' ? 'E_IO' : 'E_DISK_FULL', params: { folder: dir } });
      expect(readFileSync(file, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['vault.keys']);
    }
  });

  it('an append cut short by a full disk is cut back, so no half line stays', () => {
    const file = path.join(tmp, 'vault.pending');
    appendDurably(file, '{"n":1}\n');
    const restore = injectFsFault({ under: file, code: 'ENOSPC', how: 'half' });
    try {
      expect(() => appendDurably(file, `{"n":2,"pad":"${'x'.repeat(5000)}"}\n`)).toThrow(/E_DISK_FULL/);
    } finally {
      restore();
    }
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n');
    appendDurably(file, '{"n":2}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(existsSync(file)).toBe(true);
  });
});

describe('a vault whose database cannot grow (any machine, no mount)', () => {
  it('refuses a write with the vault folder named, keeps every record, and works once it may grow', async () => {
    const vault = await createTestVault();
    try {
      const { session: admin } = await adminSession(vault);
      const manager = await addStaff(admin, vault, 'manager', 'grow.mgr');
      admin.lock();
      await admin.anchorsWritten();
      await activate(vault, manager);
      const s = await signIn(vault, manager);
      const clientId = createClient(s, { name: '不能增长有限公司' }).id;
      const add = (memo: string) =>
        addRecord(s, {
          clientId,
          occurredAt: '2024-03-01 10:00',
          direction: 'out',
          amount: '1.00',
          counterparty: '甲',
          memo,
          allowDuplicate: true,
        });
      add('kept');
      // The WAL holds new pages until a checkpoint: fold it in, then cap the file where it is.
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      const pages = s.db.pragma('page_count', { simple: true }) as number;
      s.db.pragma(`max_page_count=${pages}`);
      const big = 'x'.repeat(400);
      let write: unknown;
      for (let i = 0; i < 200 && !write; i += 1) {
        try {
          add(`${big}${i}`);
        } catch (err) {
          write = err;
        }
      }
      expect(write).toMatchObject({ code: 'E_DISK_FULL', messageKey: 'disk.vaultFull', params: { folder: vault.dir } });
      expect((write as LedgerVaultError).localized('zh-CN')).toContain(`保险库文件夹 ${vault.dir} 的剩余空间不足`);
      s.db.pragma('max_page_count=1073741823');
      // Nothing committed was lost: 'kept' and every write before the refusal are there.
      const before = listRecords(s, { clientId, limit: 999 }).total;
      expect(before).toBeGreaterThan(0);
      add('after');
      expect(listRecords(s, { clientId, limit: 998 }).total).toBe(before + 1);
      s.lock();
    } finally {
      await vault.cleanup();
    }
  });
});
