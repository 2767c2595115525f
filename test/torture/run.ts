/**
 * `npm run torture [-- options]`: issue 16's reliability campaigns, ending with one table.
 *   (default)        short mode: 50 kills; 20 fuzz cases per import target, 500 per file target, 1,000 IPC
 *   --long           long mode: 1,000 kills; 10,000 fuzz cases per target
 *   --kills N        kills of the crash campaign
 *   --fuzz-cases N   cases per fuzz target (the suite's own fuzz tests run 300 per format, 500 per IPC and file target)
 *   --only a,b       only these campaigns: crash, fuzz, disk
 *   --seed S         the seed (default: from the clock, printed; replays a campaign's choices)
 *   --minutes M      start no kill after M minutes (the table says how many were made)
 *   --power-loss     each kill followed by a simulated power loss: only what was fsynced survives
 *   --soak-hours H   also the office soak (test/soak) for H simulated hours, in a process of its own
 *   --speed S        the soak's simulated hours per real hour (default 8; 'max': no waiting)
 * Exits 1 when any campaign lost a write or failed a check.
 */
import { parseArgs } from 'node:util';
import { runTarget, type TargetReport } from '../fuzz/campaign';
import { importTargets } from '../fuzz/import-campaign';
import { FILE_TARGETS, fileTargets } from '../fuzz/file-campaign';
import { ipcTarget } from '../fuzz/ipc-campaign';
import { runCampaign, type CampaignReport } from './campaign';
import { runDiskFullCampaign, type DiskFullReport } from '../disk-full/campaign';
import { crashFigures, diskFigures, formatFigures, fuzzFigures } from './figures';
import { runSoakProcess } from '../soak/process';
import { soakFigures, soakFlat, type SoakReport } from '../soak/soak';

const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    kills: { type: 'string' },
    'fuzz-cases': { type: 'string' },
    only: { type: 'string', default: 'crash,fuzz,disk' },
    seed: { type: 'string' },
    minutes: { type: 'string' },
    'power-loss': { type: 'boolean', default: false },
    'soak-hours': { type: 'string' },
    speed: { type: 'string', default: '8' },
  },
});
const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
const kills = Number(values.kills ?? (values.long ? 1000 : 50));
const fuzzCases = Number(values['fuzz-cases'] ?? (values.long ? 10_000 : 20));
const only = new Set(values.only.split(','));
const surfaceCases = Number(values['fuzz-cases'] ?? (values.long ? 10_000 : 500));
const files = only.has('fuzz') ? await fileTargets() : null;
const targets = [
  ...importTargets(20).map((t) => ({ t, cases: fuzzCases, timeoutMs: 10_000 })),
  // An IPC case may sign a user in first (Argon2id): a longer limit on a loaded 2-core machine.
  // IPC has a seed per channel and caller (about 400): 1,000 in short mode, so most get mutated payloads too.
  { t: ipcTarget(), cases: values.long ? surfaceCases : Math.max(surfaceCases, 1000), timeoutMs: 20_000 },
  ...(files?.targets ?? []).map((t) => ({ t, cases: surfaceCases, timeoutMs: 20_000 })),
];
console.log(`torture (${values.long ? 'long' : 'short'} mode), seed ${seed}`);

let crash: CampaignReport | null = null;
if (only.has('crash')) {
  const stopAt = values.minutes ? Date.now() + Number(values.minutes) * 60_000 : undefined;
  crash = await runCampaign({ kills, seed, stopAt, powerLoss: values['power-loss'], log: (l) => console.log(l) });
  for (const f of crash.failures) console.log(`FAIL ${f}`);
}

let fuzz: TargetReport[] | null = null;
if (only.has('fuzz')) {
  fuzz = [];
  for (const { t, cases, timeoutMs } of targets) {
    const r = await runTarget(t, { cases, seed, timeoutMs, log: (l) => console.log(l) });
    console.log(`fuzz ${t.name}: ${r.cases} cases, ${r.failures.length} failures`);
    for (const f of r.failures) console.log(`FAIL fuzz ${t.name} ${f.kind} case ${f.case} (${f.seed}): ${f.message}`);
    fuzz.push(r);
  }
  await files?.cleanup();
}

// Full disks and I/O errors (item 2): tmpfs mounts, so it needs root; said so in the table when skipped.
let disk: DiskFullReport | null = null;
if (only.has('disk')) {
  disk = await runDiskFullCampaign();
  if (disk.skipped) console.log(`disk full: skipped (${disk.skipped})`);
  for (const f of disk.failures) console.log(`FAIL disk ${f}`);
}

// The soak measures its own process's memory and files: it runs in one of its own.
let soak: SoakReport | null = null;
if (values['soak-hours']) soak = await runSoakProcess(Number(values['soak-hours']), values.speed, seed);

console.log(
  `\n${formatFigures([
    ...crashFigures(crash),
    ...fuzzFigures(fuzz, [...targets.map(({ t }) => t.name), ...(files ? [] : FILE_TARGETS)]),
    ...diskFigures(disk),
    ...soakFigures(soak),
  ])}`,
);
const failed =
  (crash?.failures.length ?? 0) +
  (fuzz ?? []).reduce((n, r) => n + r.failures.length, 0) +
  (disk?.failures.length ?? 0) +
  (disk?.selfTest && !disk.selfTest.caught ? 1 : 0) +
  (soak && !soakFlat(soak) ? 1 : 0) +
  (values['soak-hours'] && !soak ? 1 : 0);
if (failed) process.exitCode = 1;
