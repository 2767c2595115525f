/**
 * Issue 13, Must show: SIGKILL at random points during an export, 50 runs. A child process signs
 * a manager in and exports a backup of a vault of several MiB into a folder; the parent kills it
 * at a random moment after sign-in (the seed is printed; LEDGERVAULT_CRASH_SEED replays it). After
 * every kill: any file with a backup's final name verifies (with no secret, and with the recovery
 * key), and the vault signs in with its audit log verifying (a span the killed session left
 * unsealed is reported, as audit verify does after any crash). `.partial` files the kills leave are
 * never taken for backups, and the next export removes them: after a last export none is left.
 *
 * The device secret is in the real keychain (the child shares it):
 *   bash scripts/with-keyring.sh npx vitest run test/core/backup-crash.test.ts
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/backup-export';
import { verifyBackupFile } from '../../src/core/backup/backup-verify';
import { verifyAudit } from '../../src/core/audit/audit-log';
import { OsKeyStore } from '../../src/core/index';
import { backupVault, lockFully, padVault, seeded, type BackupVault } from '../helpers/backup-vault';
import { writeRecords } from '../helpers/records';
import { nextSignInTime } from '../helpers/staff';
import { TEST_SERVICE, tempDir } from '../helpers/test-vault';

const RUNS = Number(process.env.LEDGERVAULT_CRASH_RUNS ?? 50);
const SEED = Number(process.env.LEDGERVAULT_CRASH_SEED ?? randomInt(2 ** 31));

let bv: BackupVault;
let folder: string;

beforeAll(async () => {
  bv = await backupVault({ keyStore: new OsKeyStore(TEST_SERVICE), manager: 'crash.mgr' });
  folder = tempDir('lv-backup-crash-');
  const s = await bv.signInManager();
  try {
    writeRecords(s, 'Crash Test Co', [
      { counterparty: '王五', memo: 'rent', amountMinor: 120_000 },
      { counterparty: '赵六', memo: 'fees', amountMinor: 3_300 },
    ]);
    // About 8 MiB: the export reads, seals and writes several chunks, so kills land inside it.
    padVault(s, 2500, 3000);
  } finally {
    await lockFully(s);
  }
});
afterAll(async () => {
  await bv?.vault.cleanup();
  rmSync(folder, { recursive: true, force: true });
});

interface ChildRun {
  lines: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the exporting child; `killAfterMs` after it says it signed in, SIGKILL (null: let it finish). */
function runChild(killAfterMs: number | null): Promise<ChildRun> {
  const at = nextSignInTime().getTime();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '../fixtures/backup-export-crash.ts'),
      bv.vault.dir,
      TEST_SERVICE,
      bv.manager.username,
      bv.manager.password,
      bv.manager.totpSecret!,
      String(at),
      folder,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run: ChildRun = { lines: [], signal: null, code: null, stderr: '' };
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      run.lines.push(line);
      if (line === 'unlocked' && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ ...run, code, signal }));
  });
}

const names = () => readdirSync(folder).sort();

describe('SIGKILL during a backup export', () => {
  it(`${RUNS} kills at random moments: no unverifiable backup, the vault opens and its audit verifies`, async () => {
    // One run to the end: how long an export takes here, to spread the kills over it.
    const calibration = await runChild(null);
    const done = calibration.lines.find((l) => l.startsWith('done '));
    expect(done, `${calibration.lines.join('\n')}\n${calibration.stderr}`).toBeDefined();
    const exportMs = Number(done!.split(' ')[1]);
    const verified = new Set<string>([path.basename(done!.split(' ').slice(2).join(' '))]);
    expect(names()).toEqual([...verified]);
    const random = seeded(SEED);
    const outcomes: Record<string, number> = {};
    let maxPartials = 0;
    let crashLeftSessions = 0;

    for (let run = 0; run < RUNS; run += 1) {
      const delay = Math.round(random() * exportMs * 1.2);
      const r = await runChild(delay);
      const context = `run ${run} (seed ${SEED}, kill after ${delay} ms): ${r.lines.join(' | ')}\n${r.stderr}`;
      // Killed, or finished before the kill: nothing else (a crash of its own would be a bug).
      expect(r.signal === 'SIGKILL' || r.code === 0, context).toBe(true);
      const last = r.signal === 'SIGKILL' ? (r.lines.at(-1)?.split(' ')[0] ?? 'starting') : 'finished';
      const now = names();
      const finals = now.filter((n) => n.endsWith('.lvbak'));
      const partials = now.filter((n) => n.endsWith('.partial'));
      expect(now.length, context).toBe(finals.length + partials.length);
      maxPartials = Math.max(maxPartials, partials.length);
      const fresh = finals.filter((n) => !verified.has(n));
      const key = `${last}, ${partials.length > 0 ? 'partial' : 'no partial'}, ${fresh.length > 0 ? 'new backup' : 'no new backup'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;

      // Any file with a backup's name is a whole, verifiable backup.
      for (const name of fresh) {
        const file = path.join(folder, name);
        await expect(verifyBackupFile(file), `${name} after ${context}`).resolves.toMatchObject({ ok: true });
        const full = await verifyBackupFile(file, { recoveryKey: bv.vault.recoveryKey });
        expect(full.contents, context).toMatchObject({ integrity: 'ok' });
        verified.add(name);
      }

      // The vault opens, and its audit log verifies.
      const s = await bv.signInManager();
      try {
        const report = verifyAudit(s);
        expect(report, `${context}\n${report.reason ?? ''}`).toMatchObject({ ok: true });
        crashLeftSessions = report.crashLeft?.length ?? 0;
        expect(s.db.prepare('SELECT count(*) FROM payment_records').pluck().get()).toBe(2);
      } finally {
        await lockFully(s);
      }
    }

    // A last export, in this process: the partials the kills left are gone, only backups remain.
    const s = await bv.signInManager();
    let last: string;
    try {
      last = (await exportBackup(s, folder, { appVersion: '0.2.0' })).file;
    } finally {
      await lockFully(s);
    }
    const after = names();
    console.log(
      `backup crash (seed ${SEED}): an export took ${exportMs} ms; ${RUNS} runs, kills spread over 0-${Math.round(
        exportMs * 1.2,
      )} ms after sign-in. Last phase seen, folder after:`,
      outcomes,
      `; ${verified.size} backups with the final name appeared, all verified; up to ${maxPartials} .partial at once;` +
        ` audit verify ok after every run, reporting ${crashLeftSessions} crash-left sessions at the end; after a last export: ${after.length} files, ` +
        `${after.filter((n) => n.endsWith('.partial')).length} .partial`,
    );
    expect(after.filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(after).toContain(path.basename(last));
  }, 1_200_000);
});
