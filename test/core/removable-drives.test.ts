/**
 * Removable drives (issue 13, Build 3) from the system's tools, parsed from outputs written by hand
 * after the tools' documented formats (test/fixtures/drives): the right drives with their mount
 * points and free space, the vault's own disk never; any failure an empty list and a reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findDrive,
  listRemovableDrives,
  parseDiskutilInfo,
  parseDiskutilList,
  parseLsblk,
  parseWindowsDisks,
  type RunTool,
} from '../../src/core/backup/removable-drives';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/drives', name), 'utf8');

describe('Linux (lsblk -J -b)', () => {
  it('lists mounted USB and removable filesystems, not the system disk nor an unmounted stick', () => {
    const drives = parseLsblk(fixture('lsblk-2.39.json'));
    expect(drives.map((d) => [d.label, d.mountPoint, d.freeBytes])).toEqual([
      ['财务备份', '/media/zhao/财务备份', 28991029248],
      ['PASSPORT', '/run/media/zhao/PASSPORT', 998000000000],
    ]);
    expect(drives[0]!.sizeBytes).toBe(31040995328);
  });

  it('reads util-linux before 2.33 too (flags and sizes as strings, MOUNTPOINT)', () => {
    expect(parseLsblk(fixture('lsblk-2.32.json'))).toMatchObject([
      { label: 'KINGSTON', mountPoint: '/media/office/KINGSTON', freeBytes: 15000000000, sizeBytes: 15727591424 },
    ]);
  });

  it('gives each drive a stable id that changes with another stick at the same place', () => {
    const a = parseLsblk(fixture('lsblk-2.39.json'));
    expect(parseLsblk(fixture('lsblk-2.39.json')).map((d) => d.id)).toEqual(a.map((d) => d.id));
    const other = fixture('lsblk-2.39.json').replace('31040995328', '31040995329');
    expect(parseLsblk(other)[0]!.id).not.toBe(a[0]!.id);
  });

  it('falls back to MOUNTPOINT when the lsblk there does not know MOUNTPOINTS', async () => {
    const calls: string[][] = [];
    const run: RunTool = async (file, args) => {
      calls.push([file, ...args]);
      if (args.at(-1)!.endsWith('MOUNTPOINTS')) throw new Error('lsblk: unknown column: MOUNTPOINTS');
      return fixture('lsblk-2.32.json');
    };
    const listing = await listRemovableDrives({ platform: 'linux', run });
    expect(listing).toMatchObject({ problem: null, drives: [{ label: 'KINGSTON' }] });
    expect(calls.map((c) => c[0])).toEqual(['lsblk', 'lsblk']);
  });
});

describe('Windows (Win32_LogicalDisk, DriveType 2)', () => {
  it('reads the single object PowerShell prints for one drive', () => {
    expect(parseWindowsDisks(fixture('win32-one.json'))).toMatchObject([
      { label: 'BACKUP', mountPoint: 'E:\\', freeBytes: 28991029248, sizeBytes: 31040995328 },
    ]);
  });

  it('reads an array, names an unlabelled drive by its letter and skips a card reader with no card', () => {
    expect(parseWindowsDisks(fixture('win32-two.json')).map((d) => [d.label, d.mountPoint])).toEqual([['E:', 'E:\\']]);
  });

  it('reads no output as no drives', () => {
    expect(parseWindowsDisks('\r\n')).toEqual([]);
  });

  it('runs PowerShell without a profile and with no shell around it', async () => {
    const calls: [string, string[]][] = [];
    await listRemovableDrives({
      platform: 'win32',
      run: async (file, args) => {
        calls.push([file, args]);
        return '';
      },
    });
    expect(calls[0]![0]).toBe('powershell.exe');
    expect(calls[0]![1].slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(calls[0]![1][3]).toContain('DriveType -eq 2');
  });
});

describe('macOS (diskutil -plist)', () => {
  it('finds the mounted volumes of external physical disks, with XML entities decoded', () => {
    expect(parseDiskutilList(fixture('diskutil-list.plist'))).toEqual([
      { device: 'disk4s2', mountPoint: '/Volumes/Q&A BACKUP', label: 'Q&A BACKUP', size: 30830231552 },
    ]);
  });

  it('takes free space and size from diskutil info', () => {
    expect(parseDiskutilInfo(fixture('diskutil-info.plist'))).toMatchObject({
      label: 'Q&A BACKUP',
      mountPoint: '/Volumes/Q&A BACKUP',
      freeBytes: 28991029248,
      sizeBytes: 30830231552,
    });
  });

  it('asks diskutil info about each mounted volume', async () => {
    const listing = await listRemovableDrives({
      platform: 'darwin',
      run: async (_file, args) =>
        args[0] === 'list' ? fixture('diskutil-list.plist') : fixture('diskutil-info.plist'),
    });
    expect(listing.drives.map((d) => d.mountPoint)).toEqual(['/Volumes/Q&A BACKUP']);
  });
});

describe('failures: an empty list and the reason, never an exception', () => {
  it('a missing or failing tool', async () => {
    const run: RunTool = async () => {
      throw Object.assign(new Error('spawn lsblk ENOENT'), { code: 'ENOENT' });
    };
    expect(await listRemovableDrives({ platform: 'linux', run })).toEqual({ drives: [], problem: 'tool-failed' });
  });

  it('output in another form', async () => {
    for (const [platform, text] of [
      ['linux', '{"blockdevices": [{"size": 1}]}'],
      ['linux', 'lsblk: not JSON'],
      ['win32', '{"DeviceID": "not a letter"}'],
      ['darwin', '<plist version="1.0"><dict><key>x</key><unknown/></dict></plist>'],
    ] as const) {
      expect(await listRemovableDrives({ platform, run: async () => text })).toEqual({
        drives: [],
        problem: 'unparseable',
      });
    }
  });

  it('a system it does not know', async () => {
    expect(await listRemovableDrives({ platform: 'aix', run: async () => '' })).toEqual({
      drives: [],
      problem: 'unsupported',
    });
  });

  it('an id that is no longer listed (the stick was pulled) names no drive', async () => {
    const first = parseLsblk(fixture('lsblk-2.39.json'));
    const now = async () => ({ drives: first.slice(1), problem: null });
    expect(await findDrive(first[0]!.id, now)).toBeNull();
    expect(await findDrive(first[1]!.id, now)).toMatchObject({ mountPoint: '/run/media/zhao/PASSPORT' });
  });
});
