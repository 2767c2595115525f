/**
 * `npm run soak [-- options]` (issue 16 item 4): the office soak in this process (soak.ts).
 *   --hours H          simulated hours (default 8)
 *   --speed S          simulated hours per real hour (default 8: an office day in an hour); 'max': no waiting
 *   --day-hours D      office hours a day: 5,000 records over them, the backup after the last (default 8)
 *   --backup-every B   the backup every B simulated hours instead (a short soak that still backs up)
 *   --warmup-hours W   left out of the slopes (default: 1, or a quarter of a shorter run)
 *   --seed S
 *   --json FILE        the report as JSON too (npm run torture -- --soak-hours reads it)
 * Prints a line every simulated hour, then the figures table. Exits 1 when memory or open files
 * grow after warm-up (heap over 2 MB or open files over 1 per simulated hour, or more files open at
 * the end than at any moment of the first warm hour's samples plus 2).
 * Run it with node's --expose-gc (the npm script does) for heap figures measured after a full GC.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatFigures } from '../torture/figures';
import { runSoak, soakFigures, soakFlat } from './soak';

{
  const { values } = parseArgs({
    options: {
      hours: { type: 'string', default: '8' },
      speed: { type: 'string', default: '8' },
      'day-hours': { type: 'string', default: '8' },
      'backup-every': { type: 'string' },
      'warmup-hours': { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const hours = Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1) throw new Error('--hours: a whole number of simulated hours, at least 1');
  const root = mkdtempSync(path.join(os.tmpdir(), 'lv-soak-'));
  try {
    const report = await runSoak({
      hours,
      speed: values.speed === 'max' ? Infinity : Number(values.speed),
      dayHours: Number(values['day-hours']),
      backupEveryHours: values['backup-every'] ? Number(values['backup-every']) : undefined,
      sessionsPerHour: 20,
      recordsPerDay: 5000,
      warmupHours: values['warmup-hours'] ? Number(values['warmup-hours']) : Math.min(1, hours / 4),
      seed: values.seed ? Number(values.seed) : Date.now() % 1_000_000,
      root,
      log: (l) => console.log(l),
    });
    console.log(`\n${formatFigures(soakFigures(report))}`);
    if (values.json) writeFileSync(values.json, JSON.stringify(report));
    if (!soakFlat(report)) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
