/**
 * Removable drives for the backup screen (issue 13, Build 3), from the system's own tools rather
 * than a native module (drivelist was rejected: see docs/backup-design-notes.md):
 * - Linux: `lsblk -J -b -o NAME,RM,HOTPLUG,TRAN,MOUNTPOINTS,LABEL,SIZE,FSAVAIL` (MOUNTPOINT on
 *   util-linux before 2.37); a mounted filesystem is removable when it or a disk above it has RM
 *   or HOTPLUG set or sits on USB;
 * - Windows: `Get-CimInstance Win32_LogicalDisk` with DriveType 2 (removable), as JSON;
 * - macOS: `diskutil list -plist external physical`, then `diskutil info -plist` per mounted volume.
 *
 * Each tool runs through execFile (no shell) with a timeout; its output is checked with zod. Any
 * failure gives an empty list and the reason, never an exception. The renderer gets ids; an
 * export names an id, and the core lists again and uses that drive's mount point (findDrive).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DriveListView, RemovableDriveView } from '../../shared/backup/contract';
import { parsePlist } from './drive-plist';

export type RemovableDrive = RemovableDriveView;
export type DriveListing = DriveListView;

/** Runs a program (never a shell) and gives its stdout. */
export type RunTool = (file: string, args: string[]) => Promise<string>;

const TOOL_TIMEOUT_MS = 5_000;

export const runTool: RunTool = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: TOOL_TIMEOUT_MS, maxBuffer: 4 * 2 ** 20, windowsHide: true, shell: false, encoding: 'utf8' },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });

/** A short id that names this drive (device, label, size, mount point) and nothing else. */
function driveId(...parts: (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

class Unparseable extends Error {}

// lsblk: booleans were "0"/"1" strings before util-linux 2.33, numbers strings before 2.3x with -b.
const flag = z
  .union([z.boolean(), z.literal('0'), z.literal('1'), z.number(), z.null()])
  .transform((v) => v === true || v === '1' || v === 1);
const bytes = z
  .union([z.number(), z.string().regex(/^\d+$/), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : Number(v)));

interface LsblkNode {
  name: string;
  rm: boolean;
  hotplug: boolean;
  tran: string | null;
  mountpoints: string[];
  label: string | null;
  size: number | null;
  fsavail: number | null;
  children: LsblkNode[];
}

const lsblkNode: z.ZodType<LsblkNode, unknown> = z.lazy(() =>
  z
    .object({
      name: z.string(),
      rm: flag.optional(),
      hotplug: flag.optional(),
      tran: z.string().nullable().optional(),
      mountpoint: z.string().nullable().optional(),
      mountpoints: z.array(z.string().nullable()).optional(),
      label: z.string().nullable().optional(),
      size: bytes,
      fsavail: bytes,
      children: z.array(lsblkNode).optional(),
    })
    .transform((n) => ({
      name: n.name,
      rm: n.rm ?? false,
      hotplug: n.hotplug ?? false,
      tran: n.tran ?? null,
      mountpoints: [...(n.mountpoints ?? []), n.mountpoint ?? null].filter(
        (m): m is string => typeof m === 'string' && m.startsWith('/'),
      ),
      label: n.label ?? null,
      size: n.size,
      fsavail: n.fsavail,
      children: n.children ?? [],
    })),
);

const lsblkOutput = z.object({ blockdevices: z.array(lsblkNode) });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Unparseable('not JSON');
  }
}

/** The removable, mounted filesystems in `lsblk -J -b` output. */
export function parseLsblk(text: string): RemovableDrive[] {
  const parsed = lsblkOutput.safeParse(parseJson(text));
  if (!parsed.success) throw new Unparseable('lsblk output not in the expected form');
  const drives: RemovableDrive[] = [];
  const walk = (node: LsblkNode, removableAbove: boolean) => {
    const removable = removableAbove || node.rm || node.hotplug || node.tran === 'usb';
    const mountPoint = node.mountpoints[0];
    if (removable && mountPoint && mountPoint !== '/') {
      drives.push({
        id: driveId('linux', node.name, node.label, node.size, mountPoint),
        label: node.label ?? node.name,
        mountPoint,
        sizeBytes: node.size,
        freeBytes: node.fsavail,
      });
    }
    for (const child of node.children) walk(child, removable);
  };
  for (const device of parsed.data.blockdevices) walk(device, false);
  return drives;
}

const logicalDisk = z.object({
  DeviceID: z.string().regex(/^[A-Za-z]:$/),
  VolumeName: z.string().nullable().optional(),
  Size: bytes,
  FreeSpace: bytes,
  VolumeSerialNumber: z.string().nullable().optional(),
});

/** `Get-CimInstance Win32_LogicalDisk | … | ConvertTo-Json`: one object, an array, or nothing. */
export function parseWindowsDisks(text: string): RemovableDrive[] {
  if (text.trim() === '') return [];
  const parsed = z.union([logicalDisk, z.array(logicalDisk)]).safeParse(parseJson(text));
  if (!parsed.success) throw new Unparseable('Win32_LogicalDisk output not in the expected form');
  const disks = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  // A card reader with no card is listed with no size: nothing to write to.
  return disks
    .filter((d) => d.Size !== null)
    .map((d) => ({
      id: driveId('win32', d.DeviceID, d.VolumeSerialNumber ?? null, d.Size),
      label: d.VolumeName || d.DeviceID,
      mountPoint: `${d.DeviceID.toUpperCase()}\\`,
      sizeBytes: d.Size,
      freeBytes: d.FreeSpace,
    }));
}

const diskutilPartition = z.looseObject({
  DeviceIdentifier: z.string().regex(/^disk\d+(s\d+)?$/),
  MountPoint: z.string().optional(),
  VolumeName: z.string().optional(),
  Size: z.number().optional(),
});
const diskutilList = z.looseObject({
  AllDisksAndPartitions: z.array(diskutilPartition.extend({ Partitions: z.array(diskutilPartition).optional() })),
});

/** The mounted volumes in `diskutil list -plist external physical`, by device identifier. */
export function parseDiskutilList(
  xml: string,
): { device: string; mountPoint: string; label: string | null; size: number | null }[] {
  let value: unknown;
  try {
    value = parsePlist(xml);
  } catch {
    throw new Unparseable('not a property list');
  }
  const parsed = diskutilList.safeParse(value);
  if (!parsed.success) throw new Unparseable('diskutil list output not in the expected form');
  const volumes = parsed.data.AllDisksAndPartitions.flatMap((disk) => [disk, ...(disk.Partitions ?? [])]);
  return volumes
    .filter((v) => typeof v.MountPoint === 'string' && v.MountPoint.startsWith('/'))
    .map((v) => ({
      device: v.DeviceIdentifier,
      mountPoint: v.MountPoint!,
      label: v.VolumeName ?? null,
      size: v.Size ?? null,
    }));
}

const diskutilInfo = z.looseObject({
  DeviceIdentifier: z.string(),
  MountPoint: z.string().optional(),
  VolumeName: z.string().optional(),
  TotalSize: z.number().optional(),
  Size: z.number().optional(),
  FreeSpace: z.number().optional(),
  APFSContainerFree: z.number().optional(),
  VolumeUUID: z.string().optional(),
});

/** One volume from `diskutil info -plist diskNsM`. */
export function parseDiskutilInfo(xml: string): RemovableDrive | null {
  let value: unknown;
  try {
    value = parsePlist(xml);
  } catch {
    throw new Unparseable('not a property list');
  }
  const parsed = diskutilInfo.safeParse(value);
  if (!parsed.success) throw new Unparseable('diskutil info output not in the expected form');
  const v = parsed.data;
  if (!v.MountPoint?.startsWith('/')) return null;
  const size = v.TotalSize ?? v.Size ?? null;
  return {
    id: driveId('darwin', v.DeviceIdentifier, v.VolumeUUID ?? null, size, v.MountPoint),
    label: v.VolumeName || v.DeviceIdentifier,
    mountPoint: v.MountPoint,
    sizeBytes: size,
    freeBytes: v.FreeSpace ?? v.APFSContainerFree ?? null,
  };
}

const LSBLK_COLUMNS = 'NAME,RM,HOTPLUG,TRAN,LABEL,SIZE,FSAVAIL';

async function probe(platform: NodeJS.Platform, run: RunTool): Promise<RemovableDrive[]> {
  if (platform === 'linux') {
    let out: string;
    try {
      out = await run('lsblk', ['-J', '-b', '-o', `${LSBLK_COLUMNS},MOUNTPOINTS`]);
    } catch {
      // util-linux before 2.37 has MOUNTPOINT only.
      out = await run('lsblk', ['-J', '-b', '-o', `${LSBLK_COLUMNS},MOUNTPOINT`]);
    }
    return parseLsblk(out);
  }
  if (platform === 'win32') {
    const script =
      'Get-CimInstance Win32_LogicalDisk | Where-Object DriveType -eq 2 | ' +
      'Select-Object DeviceID,VolumeName,Size,FreeSpace,VolumeSerialNumber | ConvertTo-Json -Compress';
    return parseWindowsDisks(await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]));
  }
  if (platform === 'darwin') {
    const volumes = parseDiskutilList(await run('diskutil', ['list', '-plist', 'external', 'physical']));
    const drives: RemovableDrive[] = [];
    for (const volume of volumes) {
      const info = parseDiskutilInfo(await run('diskutil', ['info', '-plist', volume.device]));
      if (info) drives.push(info);
    }
    return drives;
  }
  throw new Error('unsupported');
}

/** The removable drives now mounted; an empty list and the reason when the system cannot say. */
export async function listRemovableDrives(
  opts: { platform?: NodeJS.Platform; run?: RunTool } = {},
): Promise<DriveListing> {
  const platform = opts.platform ?? process.platform;
  if (!['linux', 'win32', 'darwin'].includes(platform)) return { drives: [], problem: 'unsupported' };
  try {
    return { drives: await probe(platform, opts.run ?? runTool), problem: null };
  } catch (err) {
    return { drives: [], problem: err instanceof Unparseable ? 'unparseable' : 'tool-failed' };
  }
}

/** The drive an id from an earlier listing names, listed again now; null when it is gone. */
export async function findDrive(id: string, list: () => Promise<DriveListing>): Promise<RemovableDrive | null> {
  return (await list()).drives.find((d) => d.id === id) ?? null;
}
