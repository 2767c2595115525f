/**
 * Old generations in a backup folder (issue 13, Build 3): the newest of each of the last 7 days,
 * 4 weeks and 12 months with a backup are kept (Beijing dates), the rest removed; the backup just
 * verified, other vaults' backups and files that are not backups are never touched.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headerBytes } from '../../src/core/backup/backup-format';
import { testBackupHeader } from '../helpers/backups';
import { pruneBackups } from '../../src/core/backup/backup-retention';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A backup's first bytes (all retention reads), named as the export names it. */
function generation(folder: string, vaultId: string, at: Date): string {
  const backupId = randomUUID();
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = `ledgervault-${stamp}-${backupId.slice(0, 8)}.lvbak`;
  const header = headerBytes(testBackupHeader({ backupId, vaultId, createdAt: at.toISOString(), username: 'mgr' }));
  writeFileSync(path.join(folder, name), Buffer.concat([header, Buffer.alloc(64)]));
  return name;
}

const day = (iso: string, hour = 2) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('backup retention', () => {
  it('keeps the newest of each of the last 7 days, 4 weeks and 12 months; removes the rest', () => {
    const folder = path.join(dir, 'usb');
    mkdirSync(folder);
    const names = new Map<string, string>();
    const last = day('2026-12-03');
    for (let i = 0; i < 400; i += 1) {
      const at = new Date(last.getTime() - i * 86_400_000);
      names.set(at.toISOString().slice(0, 10), generation(folder, 'vault-a', at));
    }
    // Two more on the last day, earlier in it: only the newest of a day counts.
    const sameDay = [0, 1].map((h) => generation(folder, 'vault-a', day('2026-12-03', h)));
    // Another vault's backup and a file that only looks like one: never touched.
    const other = generation(folder, 'vault-b', day('2025-01-01'));
    writeFileSync(path.join(folder, 'ledgervault-20250101-020000-deadbeef.lvbak'), 'not a backup');
    // The backup just verified is kept whatever the policy says (here, an old one).
    const justVerified = names.get('2025-12-10')!;

    const removed = pruneBackups(folder, 'vault-a', path.join(folder, justVerified));
    const left = new Set(readdirSync(folder));
    const expected = [
      // 7 days
      ...['2026-12-03', '2026-12-02', '2026-12-01', '2026-11-30', '2026-11-29', '2026-11-28', '2026-11-27'],
      // 4 weeks (Monday-based): 11-30..12-06 and 11-23..29 are covered above; then 11-16..22 and 11-09..15
      '2026-11-22',
      '2026-11-15',
      // 12 months: December and November are covered; the last day of each month before
      ...['2026-10-31', '2026-09-30', '2026-08-31', '2026-07-31', '2026-06-30', '2026-05-31', '2026-04-30'],
      ...['2026-03-31', '2026-02-28', '2026-01-31'],
    ].map((d) => names.get(d)!);
    expect(expected).toHaveLength(19);
    for (const name of expected) expect(left.has(name), name).toBe(true);
    expect(left.has(justVerified)).toBe(true);
    expect(left.has(other)).toBe(true);
    expect(left.has('ledgervault-20250101-020000-deadbeef.lvbak')).toBe(true);
    for (const name of sameDay) expect(left.has(name)).toBe(false);
    // 400 + 2 of vault A, less the 19 kept and the one just verified.
    expect(removed).toHaveLength(402 - 20);
    expect(left.size).toBe(19 + 1 + 2);
  });
});
