/**
 * Issue 13, Must show: "No marker string from the records in the backup file or any temp folder."
 * Records carry a unique marker (ASCII and Chinese) in the counterparty, account, reference and
 * memo, and the client's name carries it too. Then a backup is exported and verified with the
 * recovery key, which opens everything into a temporary folder. Every file under the temporary
 * folder (TMPDIR points at a private one for this test, so the vault, the target, the verify's
 * work folder and anything SQLite makes are all in it) is scanned for the marker in UTF-8 and
 * UTF-16LE: during the export, after it, at every chunk of the verify, just before the verify
 * removes its work folder, and at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** Called with each folder verify removes, before it goes (see the mock below). */
const beforeRemove: { hook: ((p: string) => void) | null } = vi.hoisted(() => ({ hook: null }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const rmSync: typeof actual.rmSync = (p, o) => {
    beforeRemove.hook?.(String(p));
    actual.rmSync(p, o);
  };
  return { ...actual, default: { ...actual, rmSync }, rmSync };
});

const { exportBackup } = await import('../../src/core/backup/backup-export');
const { verifyBackupFile } = await import('../../src/core/backup/backup-verify');
const { insertClient } = await import('../../src/core/clients/clients');
const { insertRecords } = await import('../../src/core/records/insert-records');
const { backupVault, lockFully, padVault } = await import('../helpers/backup-vault');
type BackupVault = Awaited<ReturnType<typeof backupVault>>;

const hex = randomBytes(6).toString('hex');
const MARKERS = [`LVMARKER${hex}`, `机密标记${hex}`];
const NEEDLES = MARKERS.flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')]);

const realTmp = process.env.TMPDIR;
let privateTmp: string;
let bv: BackupVault;
/** Every file scanned (path -> times), and any that held a marker. */
const scanned = new Map<string, number>();
const found: string[] = [];

function scan(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) scan(p);
    if (!st?.isFile()) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(p);
    } catch {
      continue;
    }
    scanned.set(p, (scanned.get(p) ?? 0) + 1);
    for (const needle of NEEDLES) if (bytes.includes(needle)) found.push(`${p} (${needle.toString('hex')})`);
  }
}

beforeAll(async () => {
  privateTmp = mkdtempSync(path.join(os.tmpdir(), 'lv-marker-tmp-'));
  process.env.TMPDIR = privateTmp;
  expect(os.tmpdir()).toBe(privateTmp);
  bv = await backupVault();
});
afterAll(async () => {
  beforeRemove.hook = null;
  await bv?.vault.cleanup();
  if (realTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = realTmp;
  rmSync(privateTmp, { recursive: true, force: true });
});

describe('no plaintext of the records anywhere on disk', () => {
  it('not in the backup, not in any temporary file of the export or of a full verify with the recovery key', async () => {
    // The scanner finds a marker where there is one (in either encoding).
    const control = mkdtempSync(path.join(os.tmpdir(), 'control-'));
    writeFileSync(path.join(control, 'a.bin'), Buffer.concat([randomBytes(99), NEEDLES[3]!, randomBytes(5)]));
    writeFileSync(path.join(control, 'b.txt'), `x${MARKERS[0]}y`);
    scan(control);
    expect(found).toHaveLength(2);
    found.length = 0;
    scanned.clear();
    rmSync(control, { recursive: true });

    const s = await bv.signInManager();
    const out = path.join(privateTmp, 'usb');
    mkdirSync(out);
    let file: string;
    try {
      s.write((ctx) => {
        const clientId = insertClient(s, ctx, { name: `${MARKERS[1]} 贸易有限公司`, uscc: null });
        ctx.audit({ action: 'client.create', targetType: 'client', targetId: String(clientId), clientId });
        insertRecords(
          s,
          ctx,
          Array.from({ length: 50 }, (_, i) => ({
            clientId,
            occurredAt: '',
            occurredAtMs: Date.UTC(2026, 0, 1) + i * 60_000,
            hasTime: true,
            direction: 'out' as const,
            amount: '',
            amountMinor: 1000 + i,
            currency: 'CNY',
            counterparty: `${MARKERS[1]}${i}`,
            counterpartyAccount: `${MARKERS[0]}-acct-${i}`,
            reference: `${MARKERS[0]}-ref-${i}`,
            memo: `${MARKERS[0]} ${MARKERS[1]} memo ${i}`,
          })),
          { stamp: new Date().toISOString() },
        );
        ctx.audit({ action: 'record.import', clientId, details: { rows: 50 } });
      });
      // A few MiB, so the export runs over several chunks and the scans see the partial file.
      padVault(s, 600, 3000);
      let progressScans = 0;
      const made = await exportBackup(s, out, {
        appVersion: '0.2.0',
        onProgress: () => {
          progressScans += 1;
          scan(privateTmp);
        },
      });
      file = made.file;
      expect(progressScans).toBeGreaterThan(2);
      scan(privateTmp);
    } finally {
      await lockFully(s);
    }

    // The marker really is in the vault (sealed): a session reads it back, so its absence below means something.
    const check = await bv.signInManager();
    try {
      const memos = check.db.prepare('SELECT count(*) FROM payment_records').pluck().get() as number;
      expect(memos).toBe(50);
    } finally {
      await lockFully(check);
    }

    const removed: string[] = [];
    beforeRemove.hook = (p) => {
      if (!p.startsWith(privateTmp)) return;
      removed.push(p);
      scan(p);
    };
    let chunkScans = 0;
    const report = await verifyBackupFile(file, {
      recoveryKey: bv.vault.recoveryKey,
      onChunk: () => {
        chunkScans += 1;
        scan(privateTmp);
      },
    });
    beforeRemove.hook = null;
    scan(privateTmp);
    expect(report.contents).toMatchObject({ integrity: 'ok' });
    expect(report.tableCounts.payment_records).toBe(50);
    // The verify's work folder (which held the snapshot's vault.db) was seen before it went.
    expect(removed.some((p) => path.basename(p).startsWith('lvbak-verify-'))).toBe(true);
    const workFiles = [...scanned.keys()].filter((p) => p.includes(`${path.sep}lvbak-verify-`));
    expect(workFiles.map((p) => path.basename(p))).toEqual(expect.arrayContaining(['vault.db', 'vault.keys']));
    expect(chunkScans).toBeGreaterThan(2);
    expect([...scanned.keys()].some((p) => p.endsWith('.lvbak.partial'))).toBe(true);
    console.log(
      `backup marker: ${scanned.size} files scanned ${[...scanned.values()].reduce((a, b) => a + b, 0)} times, ` +
        `${found.length} held a marker`,
    );
    expect(found).toEqual([]);
  });
});
