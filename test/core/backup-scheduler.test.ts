/**
 * The daily backup's timer (issue 13, Build 4) with an injected clock and timers: an admin sets it
 * up (the folder only through the folder dialog's path, never a settings patch); it runs in a
 * manager's session at sign-in when one was missed, again at the next day's time, not in an
 * admin's session, not over a manual export, and not after a lock; a failure is kept with its
 * reason and audited.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/backup-export';
import { listBackups } from '../../src/core/backup/backup-history';
import { BackupJob } from '../../src/core/backup/backup-job';
import { nextSlot } from '../../src/core/backup/backup-schedule';
import { BackupScheduler, readLastAttempt } from '../../src/core/backup/backup-scheduler';
import { readSettings, setBackupScheduleFolder, updateSettings } from '../../src/core/settings/settings';
import type { VaultSession } from '../../src/core/index';
import { backupVault, lockFully, type BackupVault } from '../helpers/backup-vault';
import { adminSession } from '../helpers/staff';
import { tempDir } from '../helpers/test-vault';

let bv: BackupVault;
let out: string;

beforeAll(async () => {
  bv = await backupVault({ manager: 'sched.mgr' });
  out = tempDir('lv-scheduled-');
});
afterAll(async () => {
  await bv.vault.cleanup();
  rmSync(out, { recursive: true, force: true });
});

/** A scheduler on a clock the test moves, with the timer it would set held for the test to fire. */
function harness(start: number) {
  let now = start;
  const job = new BackupJob();
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const scheduler = new BackupScheduler({
    now: () => now,
    run: (session, folder) =>
      job.run('scheduled', (signal, onProgress) =>
        exportBackup(session, folder, { appVersion: 'test', kind: 'scheduled', signal, onProgress }),
      ),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { cleared: boolean }).cleared = true;
    },
  });
  const armed = () => timers.filter((t) => !t.cleared).at(-1) ?? null;
  return {
    job,
    scheduler,
    armed,
    moveTo: (ms: number) => {
      now = ms;
    },
    settle: async () => {
      while (scheduler.current) await scheduler.current;
    },
  };
}

const scheduled = (s: VaultSession) => listBackups(s, 100).filter((b) => b.kind === 'scheduled');

async function configure(folder: string | null, enabled = true) {
  const { session } = await adminSession(bv.vault, bv.admin);
  updateSettings(session, { backupSchedule: { enabled, time: '18:30' } });
  setBackupScheduleFolder(session, folder);
  await lockFully(session);
}

describe('settings', () => {
  it('an admin sets on/off, the time and the thresholds; the folder is not part of a patch', async () => {
    const { session } = await adminSession(bv.vault, bv.admin);
    try {
      expect(readSettings(session)).toMatchObject({
        backupSchedule: { enabled: false, folder: null },
        backupAmberDays: 7,
        backupRedDays: 30,
      });
      expect(() => updateSettings(session, { backupSchedule: { folder: '/tmp' } } as never)).toThrow(
        expect.objectContaining({ code: 'E_INPUT' }),
      );
      expect(() => updateSettings(session, { backupAmberDays: 10, backupRedDays: 10 })).toThrow(
        expect.objectContaining({ code: 'E_INPUT', messageKey: 'backup.redBeforeAmber' }),
      );
      updateSettings(session, { backupAmberDays: 3, backupRedDays: 14 });
      expect(readSettings(session)).toMatchObject({ backupAmberDays: 3, backupRedDays: 14 });
    } finally {
      await lockFully(session);
    }
  });
});

describe('the daily backup', () => {
  it('runs at a manager’s sign-in when one was missed, then at the next day’s time, not twice', async () => {
    const folder = path.join(out, 'daily');
    mkdirSync(folder);
    await configure(folder);
    const h = harness(Date.now());
    const session = await bv.signInManager();
    try {
      h.scheduler.sessionChanged(session);
      await h.settle();
      expect(scheduled(session)).toHaveLength(1);
      expect(readdirSync(folder)).toHaveLength(1);
      expect(readLastAttempt(session.db)).toMatchObject({ ok: true, error: null });

      // Looking again the same day finds nothing due; the timer waits for the time.
      h.scheduler.poke();
      await h.settle();
      expect(scheduled(session)).toHaveLength(1);
      expect(h.armed()).not.toBeNull();

      // The next day's time comes while the manager is signed in.
      h.moveTo(nextSlot('18:30', Date.now()) + 1_000);
      h.armed()!.fn();
      await h.settle();
      expect(scheduled(session)).toHaveLength(2);
    } finally {
      h.scheduler.sessionChanged(null);
      await lockFully(session);
    }
  });

  it('does not run in an admin’s session (admins may not export) nor after a lock', async () => {
    const folder = path.join(out, 'admin');
    mkdirSync(folder);
    await configure(folder);
    const h = harness(nextSlot('18:30', Date.now()) + 2 * 86_400_000);
    const { session } = await adminSession(bv.vault, bv.admin);
    try {
      h.scheduler.sessionChanged(session);
      await h.settle();
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      h.scheduler.sessionChanged(null);
      await lockFully(session);
    }
    // Locked: no timer left to fire.
    expect(h.armed()).toBeNull();
  });

  it('waits for a manual export instead of starting a second backup', async () => {
    const folder = path.join(out, 'busy');
    mkdirSync(folder);
    await configure(folder);
    const h = harness(nextSlot('18:30', Date.now()) + 3 * 86_400_000);
    const session = await bv.signInManager();
    let release!: () => void;
    const manual = h.job.run('manual', () => new Promise<void>((resolve) => (release = resolve)));
    try {
      h.scheduler.sessionChanged(session);
      await h.settle();
      expect(readdirSync(folder)).toEqual([]);
      expect(h.armed()!.ms).toBe(60_000);
      release();
      await manual;
      h.armed()!.fn();
      await h.settle();
      expect(readdirSync(folder)).toHaveLength(1);
    } finally {
      h.scheduler.sessionChanged(null);
      await lockFully(session);
    }
  });

  it('a folder that is gone (the stick not plugged in): the failure is kept with its reason and audited', async () => {
    const folder = path.join(out, 'gone');
    mkdirSync(folder);
    await configure(folder);
    rmSync(folder, { recursive: true });
    const h = harness(nextSlot('18:30', Date.now()) + 4 * 86_400_000);
    const session = await bv.signInManager();
    try {
      h.scheduler.sessionChanged(session);
      await h.settle();
      expect(readLastAttempt(session.db)).toMatchObject({
        ok: false,
        error: { code: 'E_INPUT', messageKey: 'backup.folderNotUsable' },
      });
      const failed = session.db
        .prepare("SELECT details FROM audit_events WHERE action = 'backup.export' AND outcome = 'failed'")
        .all() as { details: string }[];
      expect(failed.map((f) => f.details).join()).toContain('scheduled');
      // Not retried in a loop: the next look the same day does nothing.
      h.scheduler.poke();
      await h.settle();
      expect(readLastAttempt(session.db)?.ok).toBe(false);
      expect(h.armed()).not.toBeNull();
    } finally {
      h.scheduler.sessionChanged(null);
      await lockFully(session);
    }
  });

  it('off: nothing runs', async () => {
    const folder = path.join(out, 'off');
    mkdirSync(folder);
    await configure(folder, false);
    const h = harness(nextSlot('18:30', Date.now()) + 5 * 86_400_000);
    const session = await bv.signInManager();
    try {
      h.scheduler.sessionChanged(session);
      await h.settle();
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      h.scheduler.sessionChanged(null);
      await lockFully(session);
    }
  });
});
