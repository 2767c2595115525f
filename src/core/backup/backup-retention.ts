/**
 * Old generations in a backup folder (issue 13, Build 3): after a backup is written and verified,
 * this vault's older backups there are kept by a grandfather-father-son policy (by default the
 * newest of each of the last 7 days, 4 weeks and 12 months with a backup, Beijing time) and the
 * rest removed. Never touched: the backup just verified, files of other vaults, files that are not
 * LedgerVault backups, and anything whose header cannot be read.
 */
import { closeSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BACKUP_MAGIC, headerSchema, MAX_HEADER_BYTES } from './backup-format';
import { shanghaiDate } from '../../shared/time';

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12 };

const NAME = /^ledgervault-\d{8}-\d{6}-[0-9a-f]{8}\.lvbak$/;

interface Generation {
  file: string;
  createdAt: number;
}

/** The vault id and creation time in a backup's header, or null if it is not one (nothing else is read). */
function headerOf(file: string): { vaultId: string; createdAt: number } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(BACKUP_MAGIC.length + 4);
    if (readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, 10).equals(BACKUP_MAGIC))
      return null;
    const length = head.readUInt32BE(10);
    if (length === 0 || length > MAX_HEADER_BYTES) return null;
    const json = Buffer.alloc(length);
    if (readSync(fd, json, 0, length, head.length) !== length) return null;
    const parsed = headerSchema.safeParse(JSON.parse(json.toString('utf8')));
    return parsed.success ? { vaultId: parsed.data.vaultId, createdAt: Date.parse(parsed.data.createdAt) } : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Monday-based week of a Beijing date, as the date of that Monday. */
function weekOf(ms: number): string {
  const day = shanghaiDate(ms);
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** Which generations the policy keeps: the newest in each of the last N days, weeks and months. */
export function generationsToKeep(generations: Generation[], policy: RetentionPolicy): Set<string> {
  const newestFirst = [...generations].sort((a, b) => b.createdAt - a.createdAt);
  const keep = new Set<string>();
  const bucket = (key: (ms: number) => string, count: number) => {
    const seen = new Set<string>();
    for (const g of newestFirst) {
      const k = key(g.createdAt);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(g.file);
    }
  };
  bucket((ms) => shanghaiDate(ms), policy.daily);
  bucket(weekOf, policy.weekly);
  bucket((ms) => shanghaiDate(ms).slice(0, 7), policy.monthly);
  return keep;
}

/**
 * Removes this vault's generations in `folder` the policy does not keep; `justVerified` is always
 * kept. Returns the names removed.
 */
export function pruneBackups(
  folder: string,
  vaultId: string,
  justVerified: string,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string[] {
  const ours: Generation[] = [];
  for (const name of readdirSync(folder)) {
    if (!NAME.test(name)) continue;
    const file = path.resolve(folder, name);
    const header = headerOf(file);
    if (header && header.vaultId === vaultId && Number.isFinite(header.createdAt))
      ours.push({ file, createdAt: header.createdAt });
  }
  const keep = generationsToKeep(ours, policy);
  keep.add(path.resolve(justVerified));
  const removed: string[] = [];
  for (const g of ours) {
    if (keep.has(g.file)) continue;
    try {
      rmSync(g.file);
      removed.push(path.basename(g.file));
    } catch {
      // Read-only media or a file in use: kept, and tried again after the next backup.
    }
  }
  return removed;
}

const PARTIAL = /\.lvbak\.partial$/i;
const DATED_PARTIAL = /^ledgervault-\d{8}-\d{6}-[0-9a-f]{8}\.lvbak\.partial$/;

/**
 * `.partial` files left in `folder` by this vault's exports that died (a power cut, a kill): the
 * writer removes its own on every failure it lives to see, but not on these. They never pass for
 * a backup (by their name, and they have no manifest), yet they would pile up on a stick, so each
 * export removes them once its own file is started. Removed: a `.partial` whose header names this
 * vault and was created before `startedAt`, unless this process is writing it (`inUse`); and one
 * named as an export names its files that ended before its header did (a kill right after it was
 * created). A vault is open in one process at a time (its lock), so no other export of it can be
 * writing them. Other vaults' partials and anything else are never touched. Returns the names removed.
 */
export function removeStalePartials(
  folder: string,
  vaultId: string,
  startedAt: number,
  inUse: ReadonlySet<string>,
): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!PARTIAL.test(name)) continue;
    const file = path.resolve(folder, name);
    if (inUse.has(file)) continue;
    const header = headerOf(file);
    const ours = header
      ? header.vaultId === vaultId && header.createdAt < startedAt
      : DATED_PARTIAL.test(name) && cutBeforeHeader(file, startedAt);
    if (!ours) continue;
    try {
      rmSync(file);
      removed.push(name);
    } catch {
      // Read-only media or a file in use: tried again at the next export.
    }
  }
  return removed;
}

/** Shorter than the magic and a header, older than `before`: a writer killed as it began. */
function cutBeforeHeader(file: string, before: number): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.mtimeMs >= before || st.size > BACKUP_MAGIC.length + 4 + MAX_HEADER_BYTES) return false;
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(Math.min(st.size, BACKUP_MAGIC.length));
      readSync(fd, head, 0, head.length, 0);
      return head.equals(BACKUP_MAGIC.subarray(0, head.length));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
