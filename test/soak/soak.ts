/**
 * The soak (issue 16 item 4): hours of a busy office (office.ts) in this one process, with the
 * process's memory (RSS, V8 heap after a full GC when --expose-gc is on), its open file handles
 * (/proc/self/fd) and the database's size sampled after every session and printed every
 * simulated hour, and their slopes after warm-up (least squares over the samples, per simulated
 * hour). Accelerated: `speed` simulated hours per real hour (the sessions of an hour spread over
 * 3600/speed seconds); 'max' runs them back to back, and the achieved factor is reported, since a
 * machine too slow for the asked speed runs behind it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { vaultPaths } from '../../src/core/vault/paths';
import { managerRound, newCounts, openOffice, staffSession, type Counts } from './office';

export interface SoakOptions {
  hours: number;
  /** Simulated hours per real hour; Infinity: as fast as the machine goes. */
  speed: number;
  /** Office hours in a day: 5,000 records are spread over them. */
  dayHours: number;
  /** The "nightly" backup after every this many simulated hours (default: the office day). */
  backupEveryHours?: number;
  sessionsPerHour: number;
  recordsPerDay: number;
  /** Samples before this simulated hour are warm-up, left out of the slopes. */
  warmupHours: number;
  seed: number;
  root: string;
  log?: (line: string) => void;
}

export interface Sample {
  hour: number;
  rssMb: number;
  heapMb: number;
  fds: number;
  dbMb: number;
}

export interface SoakReport {
  hours: number;
  speedAsked: number;
  speedAchieved: number;
  counts: Counts;
  samples: Sample[];
  slopes: { rssMbPerHour: number; heapMbPerHour: number; fdsPerHour: number; dbMbPerHour: number };
  fdsWarm: { max: number; last: number };
  gc: boolean;
  wallMs: number;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function dbBytes(dir: string): number {
  const db = vaultPaths(dir).db;
  return [db, `${db}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
}

function sample(hour: number, dir: string): Sample {
  gc?.();
  const m = process.memoryUsage();
  return {
    hour,
    rssMb: m.rss / MB,
    heapMb: m.heapUsed / MB,
    fds: readdirSync('/proc/self/fd').length,
    dbMb: dbBytes(dir) / MB,
  };
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / points.length;
  const my = points.reduce((a, p) => a + p.y, 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const office = await openOffice(o.root);
  const counts = newCounts();
  const samples: Sample[] = [sample(0, office.vault.dir)];
  const started = Date.now();
  const hourMs = 3_600_000 / o.speed;
  const recordsPerSession = Math.round(o.recordsPerDay / o.dayHours / o.sessionsPerHour);
  log(
    `soak: ${o.hours} simulated hours at ${Number.isFinite(o.speed) ? `${o.speed}x` : 'full speed'}, ` +
      `${o.sessionsPerHour} staff sessions an hour of ${recordsPerSession} records each, a seal every hour, a backup every ${o.backupEveryHours ?? o.dayHours} hours`,
  );
  try {
    for (let hour = 0; hour < o.hours; hour += 1) {
      for (let i = 0; i < o.sessionsPerHour; i += 1) {
        const at = started + (hour + i / o.sessionsPerHour) * hourMs;
        if (Number.isFinite(hourMs) && at > Date.now()) await sleep(at - Date.now());
        const who = office.accountants[(hour * o.sessionsPerHour + i) % office.accountants.length]!;
        await staffSession(office, who, recordsPerSession, o.seed + hour * 1000 + i, counts);
        samples.push(sample(hour + (i + 1) / o.sessionsPerHour, office.vault.dir));
      }
      await managerRound(office, (hour + 1) % (o.backupEveryHours ?? o.dayHours) === 0, counts);
      const s = sample(hour + 1, office.vault.dir);
      samples.push(s);
      log(
        `hour ${hour + 1}/${o.hours} (${Math.round((Date.now() - started) / 1000)} s): RSS ${s.rssMb.toFixed(1)} MB, ` +
          `heap ${s.heapMb.toFixed(1)} MB, open files ${s.fds}, database ${s.dbMb.toFixed(1)} MB; ` +
          `${counts.recordsAdded} records, ${counts.sessions} sessions, ${counts.seals} seals, ${counts.backups} backups, ${counts.refusals} refusals`,
      );
    }
  } finally {
    await office.vault.cleanup();
  }
  const wallMs = Date.now() - started;
  const warm = samples.filter((s) => s.hour >= o.warmupHours);
  const fit = (k: keyof Omit<Sample, 'hour'>) => slope(warm.map((s) => ({ x: s.hour, y: s[k] })));
  return {
    hours: o.hours,
    speedAsked: o.speed,
    speedAchieved: (o.hours * 3_600_000) / wallMs,
    counts,
    samples,
    slopes: {
      rssMbPerHour: fit('rssMb'),
      heapMbPerHour: fit('heapMb'),
      fdsPerHour: fit('fds'),
      dbMbPerHour: fit('dbMb'),
    },
    fdsWarm: { max: Math.max(...warm.map((s) => s.fds)), last: warm.at(-1)?.fds ?? 0 },
    gc: gc !== undefined,
    wallMs,
  };
}

/** The soak's rows of the torture table; `flat` says whether memory and open files held after warm-up. */
export function soakFigures(r: SoakReport | null): { campaign: string; figure: string; value: string }[] {
  const campaign = 'soak (one process)';
  if (!r) return [{ campaign, figure: 'hours / memory slope', value: 'not run' }];
  const f = (n: number, d = 2) => (n >= 0 ? '+' : '') + n.toFixed(d);
  const asked = Number.isFinite(r.speedAsked) ? `${r.speedAsked}x asked, ` : '';
  return [
    { campaign, figure: 'simulated hours (speed)', value: `${r.hours} (${asked}${r.speedAchieved.toFixed(1)}x run)` },
    {
      campaign,
      figure: 'sessions / records / seals / backups',
      value: `${r.counts.sessions} / ${r.counts.recordsAdded} / ${r.counts.seals} / ${r.counts.backups}`,
    },
    { campaign, figure: 'RSS slope after warm-up (MB/h)', value: f(r.slopes.rssMbPerHour) },
    {
      campaign,
      figure: `heap slope after warm-up (MB/h${r.gc ? ', after GC' : ', no GC'})`,
      value: f(r.slopes.heapMbPerHour),
    },
    { campaign, figure: 'open files slope after warm-up (/h)', value: f(r.slopes.fdsPerHour) },
    { campaign, figure: 'database growth (MB/h)', value: f(r.slopes.dbMbPerHour) },
    { campaign, figure: 'memory and open files flat', value: soakFlat(r) ? 'yes' : 'NO' },
  ];
}

export function soakFlat(r: SoakReport): boolean {
  return r.slopes.heapMbPerHour < 2 && r.slopes.fdsPerHour < 1 && r.fdsWarm.last <= r.fdsWarm.max + 2;
}
