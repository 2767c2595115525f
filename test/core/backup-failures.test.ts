/**
 * Issue 13, Build 3 and Must show: a full disk or an I/O error on the target gives a clear
 * message, leaves no file that looks complete (nor a `.partial`), never touches the vault and is
 * recorded in the audit log; after freeing space the export works. The full disk is a real small
 * tmpfs when this process may mount one (root), else an ENOSPC injected into the writer's file
 * handle; the test prints which. Through the IPC handlers: a second `backup:export` while one runs
 * is E_BUSY, and `backup:cancel` during one is E_CANCELLED with nothing left in the folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportBackup } from '../../src/core/backup/backup-export';
import { registerBackupHandlers } from '../../src/core/backup/handlers';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { LedgerVaultError } from '../../src/core/errors';
import { IpcRegistry } from '../../src/core/ipc/registry';
import type { HandlerContext } from '../../src/core/ipc/context';
import type { VaultSession } from '../../src/core/index';
import { backupVault, lockFully, padVault, type BackupVault } from '../helpers/backup-vault';
import { writeRecords } from '../helpers/records';
import { tempDir } from '../helpers/test-vault';

let bv: BackupVault;
let out: string;
const mounts: string[] = [];

/** A tmpfs of `mb` MiB at `dir`, or false when this process may not mount. */
function mountTmpfs(dir: string, mb: number): boolean {
  // LEDGERVAULT_NO_MOUNT=1 tries the injected path where mounting works.
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.LEDGERVAULT_NO_MOUNT) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return false;
  }
  mounts.push(dir);
  return true;
}

type Writes = Record<'write' | 'writev', (...a: unknown[]) => Promise<unknown>>;

/** The prototype of node's FileHandle, whose `write` and `writev` the writer uses. */
async function fileHandleProto(): Promise<Writes> {
  const h = await open(__filename, 'r');
  await h.close();
  return Object.getPrototypeOf(h) as Writes;
}

/** From `armed.on` on, every FileHandle write fails with `code` (as a pulled stick or a full disk would). */
async function failWrites(code: 'ENOSPC' | 'EIO', armed: { on: boolean }) {
  const proto = await fileHandleProto();
  const spies = (['write', 'writev'] as const).map((name) => {
    const real = proto[name];
    return vi.spyOn(proto, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (armed.on) return Promise.reject(Object.assign(new Error(`${code}: injected, ${name}`), { code }));
      return real.apply(this, args);
    });
  });
  return { calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0) };
}

interface VaultState {
  records: number;
  auditOk: boolean;
  integrity: unknown;
}

function state(s: VaultSession): VaultState {
  return {
    records: s.db.prepare('SELECT count(*) FROM payment_records').pluck().get() as number,
    auditOk: verifyAudit(s).ok,
    integrity: s.db.pragma('integrity_check', { simple: true }),
  };
}

function lastFailedExport(s: VaultSession): { code: string; folder: string } | undefined {
  const row = s.db
    .prepare(`SELECT details FROM audit_events WHERE action = 'backup.export' AND outcome = 'failed' ORDER BY seq DESC`)
    .pluck()
    .get() as string | undefined;
  return row ? (JSON.parse(row) as { code: string; folder: string }) : undefined;
}

beforeAll(async () => {
  bv = await backupVault();
  out = tempDir('lv-backup-fail-');
  const s = await bv.signInManager();
  try {
    writeRecords(s, 'Full Disk Ltd', [
      { counterparty: '王五', memo: 'rent', amountMinor: 120_000 },
      { counterparty: '赵六', memo: 'fees', amountMinor: 3_300 },
      { counterparty: '钱七', memo: 'salary', amountMinor: 880_000 },
    ]);
    // About 4 MiB: more than the small target below, and several chunks to write.
    padVault(s, 1000, 3000);
  } finally {
    await lockFully(s);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const m of mounts) execFileSync('umount', ['-l', m], { stdio: 'pipe' });
  await bv.vault.cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe('a full disk or a failing drive', () => {
  it('a full target: E_DISK_FULL naming the folder and the MB needed; no file left; the vault untouched; audited; then, with space, it works', async () => {
    const s = await bv.signInManager();
    try {
      const before = state(s);
      // Too small from the start (the export checks the free space first) ...
      const tiny = path.join(out, 'tiny');
      mkdirSync(tiny);
      const realTiny = mountTmpfs(tiny, 2);
      // ... and big enough at the start, filled up by something else while the backup is written.
      const stick = path.join(out, 'stick');
      mkdirSync(stick);
      const real = realTiny && mountTmpfs(stick, 24);
      console.log(
        real
          ? 'backup disk full: a real 2 MiB tmpfs, and a real 24 MiB tmpfs filled up during the export'
          : 'backup disk full: cannot mount here; ENOSPC injected into the writer (FileHandle.write and writev)',
      );

      const armed = { on: false };
      if (!real) await failWrites('ENOSPC', armed);
      const cases: { folder: string; fill: () => void }[] = [
        { folder: tiny, fill: () => (armed.on = true) },
        {
          folder: stick,
          fill: () => {
            if (!real) armed.on = true;
            else {
              const st = statfsSync(stick);
              const free = Number(st.bavail) * Number(st.bsize);
              writeFileSync(path.join(stick, 'someone-elses-video.mp4'), Buffer.alloc(Math.max(0, free - (256 << 10))));
            }
          },
        },
      ];
      for (const c of cases) {
        let filled = false;
        const err = (await exportBackup(s, c.folder, {
          appVersion: '0.2.0',
          onProgress: () => {
            if (!filled) c.fill();
            filled = true;
          },
        }).catch((e: unknown) => e)) as LedgerVaultError;
        armed.on = false;
        expect(err).toBeInstanceOf(LedgerVaultError);
        expect(err.code).toBe('E_DISK_FULL');
        const neededMb = err.params.neededMb as number;
        expect(neededMb).toBeGreaterThanOrEqual(4);
        expect(err.localized('en')).toContain(c.folder);
        expect(err.localized('en')).toContain(`needs about ${neededMb} MB`);
        expect(err.localized('zh-CN')).toContain(`${neededMb} MB`);
        expect(readdirSync(c.folder).filter((n) => /\.lvbak|\.partial/.test(n))).toEqual([]);
        expect(lastFailedExport(s)).toMatchObject({ code: 'E_DISK_FULL', folder: c.folder });
        // The second case wrote into the target before it filled up.
        if (c.folder === stick) expect(filled).toBe(true);
      }
      expect(state(s)).toEqual(before);

      // Space freed: the same target takes the backup, and it verifies with the recovery key.
      rmSync(path.join(stick, 'someone-elses-video.mp4'), { force: true });
      const made = await exportBackup(s, stick, { appVersion: '0.2.0' });
      expect(readdirSync(stick)).toEqual([path.basename(made.file)]);
      const check = await verifyBackupFile(made.file, { recoveryKey: bv.vault.recoveryKey });
      expect(check.tableCounts.payment_records).toBe(before.records);
      expect(check.contents).toMatchObject({ integrity: 'ok' });
    } finally {
      await lockFully(s);
    }
    // And the vault opens again as it was.
    const again = await bv.signInManager();
    try {
      expect(state(again)).toMatchObject({ records: 3, auditOk: true, integrity: 'ok' });
    } finally {
      await lockFully(again);
    }
  });

  it('an I/O error (a pulled stick): E_IO naming the folder and the reason; no file left; audited', async () => {
    const s = await bv.signInManager();
    const folder = path.join(out, 'eio');
    mkdirSync(folder);
    try {
      const before = state(s);
      const armed = { on: false };
      const spy = await failWrites('EIO', armed);
      const err = (await exportBackup(s, folder, {
        appVersion: '0.2.0',
        onProgress: () => (armed.on = true),
      }).catch((e: unknown) => e)) as LedgerVaultError;
      armed.on = false;
      expect(spy.calls()).toBeGreaterThan(0);
      expect(err).toBeInstanceOf(LedgerVaultError);
      expect(err).toMatchObject({ code: 'E_IO', messageKey: 'backup.writeFailed', params: { folder, reason: 'EIO' } });
      expect(err.localized('en')).toContain(folder);
      expect(readdirSync(folder)).toEqual([]);
      expect(lastFailedExport(s)).toMatchObject({ code: 'E_IO', folder });
      expect(state(s)).toEqual(before);
    } finally {
      await lockFully(s);
    }
  });
});

describe('one backup at a time, and cancel, through the IPC handlers', () => {
  it('a second backup:export while one runs is E_BUSY; backup:cancel stops it with E_CANCELLED and no file', async () => {
    const s = await bv.signInManager();
    const folder = path.join(out, 'ipc');
    mkdirSync(folder);
    const service = {
      requireSession: () => s,
      chooseFolder: async () => folder,
      info: () => ({ version: '0.2.0', vaultDir: bv.vault.dir }),
      // The daily backup's timer is not what this test is about.
      onSessionChange: () => undefined,
    } as Partial<HandlerContext> as HandlerContext;
    const registry = new IpcRegistry();
    registerBackupHandlers(registry, service);
    try {
      const first = registry.dispatch('backup:export', {});
      // Wait (by event-loop turns, not time) until it is writing, with some bytes done.
      type Job = { running: boolean; phase: string | null; bytes: number; total: number };
      let job: Job | null = null;
      for (let turns = 0; turns < 10_000; turns += 1) {
        const p = await registry.dispatch('backup:progress', {});
        job = p.ok ? (p.value as Job) : null;
        if (job?.running && job.phase === 'writing' && job.bytes > 0) break;
        await new Promise((r) => setImmediate(r));
      }
      expect(job).toMatchObject({ running: true, phase: 'writing' });
      expect(job!.bytes).toBeLessThan(job!.total);
      // Both in the same turn: the second export is refused, then the first is cancelled.
      const second = registry.dispatch('backup:export', {});
      const cancel = registry.dispatch('backup:cancel', {});
      expect(await second).toMatchObject({ ok: false, error: { code: 'E_BUSY' } });
      expect(await cancel).toEqual({ ok: true, value: true });
      expect(await first).toMatchObject({ ok: false, error: { code: 'E_CANCELLED' } });
      expect(readdirSync(folder)).toEqual([]);
      expect(lastFailedExport(s)).toMatchObject({ code: 'E_CANCELLED', folder });
      // Nothing running: cancel says so, and the next export goes through.
      expect(await registry.dispatch('backup:cancel', {})).toEqual({ ok: true, value: false });
      const done = await registry.dispatch('backup:export', {});
      expect(done).toMatchObject({ ok: true, value: { file: expect.stringContaining(folder) } });
      expect(readdirSync(folder)).toHaveLength(1);
    } finally {
      await lockFully(s);
    }
  });
});
