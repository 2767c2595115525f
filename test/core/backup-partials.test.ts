/**
 * `.partial` files that killed exports leave (issue 13, Build 3: a backup cut short never looks
 * complete): the next export of the same vault removes them, and nothing else. Never touched: a
 * partial another vault wrote, one this process is writing, one begun after this export, and any
 * file that is not a partial backup.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headerBytes } from '../../src/core/backup/backup-format';
import { removeStalePartials } from '../../src/core/backup/backup-retention';
import { BackupWriter } from '../../src/core/backup/backup-writer';
import { testBackupHeader } from '../helpers/backups';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-partials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.parse('2026-12-03T08:30:00.000Z');
const before = new Date(NOW - 60_000).toISOString();
const after = new Date(NOW + 60_000).toISOString();

/** A partial as a killed export leaves it: the header, some chunk bytes, no manifest. */
function killed(name: string, vaultId: string, createdAt: string): void {
  writeFileSync(
    path.join(dir, name),
    Buffer.concat([headerBytes(testBackupHeader({ vaultId, createdAt })), randomBytes(5000)]),
  );
}

describe('stale partial backups', () => {
  it("removes this vault's partials from exports that died, and nothing else", async () => {
    killed('ledgervault-20261203-081500-aaaaaaaa.lvbak.partial', 'vault-1', before);
    killed('office-copy.lvbak.partial', 'vault-1', before);
    killed('ledgervault-20261203-081500-bbbbbbbb.lvbak.partial', 'vault-2', before);
    killed('ledgervault-20261203-083100-cccccccc.lvbak.partial', 'vault-1', after);
    // Killed right after it was created: nothing, or part of the magic, and older than this export.
    for (const [name, bytes] of [
      ['ledgervault-20261203-081400-dddddddd.lvbak.partial', Buffer.alloc(0)],
      ['ledgervault-20261203-081400-eeeeeeee.lvbak.partial', Buffer.from([0x89, 0x4c, 0x56])],
      ['notes.lvbak.partial', Buffer.alloc(0)],
      ['ledgervault-20261203-081400-ffffffff.lvbak.partial', Buffer.from('not a backup at all')],
    ] as const) {
      writeFileSync(path.join(dir, name), bytes);
      utimesSync(path.join(dir, name), new Date(NOW - 60_000), new Date(NOW - 60_000));
    }
    writeFileSync(path.join(dir, 'ledgervault-20261203-081500-aaaaaaaa.lvbak'), 'a finished backup, say');
    writeFileSync(path.join(dir, 'video.mp4.partial'), 'a browser download');
    // One this process is writing now (an export begun earlier, still running).
    const running = await BackupWriter.create(
      path.join(dir, 'ledgervault-20261203-082000-99999999.lvbak'),
      testBackupHeader({ vaultId: 'vault-1', createdAt: before }),
      randomBytes(32),
    );
    try {
      const removed = removeStalePartials(dir, 'vault-1', NOW, BackupWriter.writing);
      expect(removed.sort()).toEqual([
        'ledgervault-20261203-081400-dddddddd.lvbak.partial',
        'ledgervault-20261203-081400-eeeeeeee.lvbak.partial',
        'ledgervault-20261203-081500-aaaaaaaa.lvbak.partial',
        'office-copy.lvbak.partial',
      ]);
      expect(readdirSync(dir).sort()).toEqual([
        'ledgervault-20261203-081400-ffffffff.lvbak.partial',
        'ledgervault-20261203-081500-aaaaaaaa.lvbak',
        'ledgervault-20261203-081500-bbbbbbbb.lvbak.partial',
        'ledgervault-20261203-082000-99999999.lvbak.partial',
        'ledgervault-20261203-083100-cccccccc.lvbak.partial',
        'notes.lvbak.partial',
        'video.mp4.partial',
      ]);
    } finally {
      await running.abort();
    }
    expect(BackupWriter.writing.size).toBe(0);
  });
});
