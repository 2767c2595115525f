/**
 * The crash campaign (issue 16, Build 1): a child process (child.ts) runs random mixes of the
 * core's writes on one vault; the parent SIGKILLs it at a random moment, checks the vault
 * (verify.ts), and starts the next child on the same vault, so that damage would accumulate.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from '../helpers/backup-vault';
import { newModel } from './model';
import type { Fault, Line } from './protocol';
import { applyPowerLoss, baseline } from './power-loss';
import { setUpCampaignVault } from './setup';
import { verifyRound } from './verify';

export interface CampaignOptions {
  kills: number;
  seed: number;
  /** Longest wait after the child's first sign-in before the kill (uniform from 0). */
  maxDelayMs?: number;
  fault?: Fault;
  /**
   * After each kill, a simulated power loss too (power-loss.ts): the vault folder's files put
   * back to what the child had fsynced. Always on with the dropped-fsync fault.
   */
  powerLoss?: boolean;
  /** Starts no kill after this moment (Date.now() value): a long run cut to the time there is. */
  stopAt?: number;
  log?: (line: string) => void;
}

export interface CampaignReport {
  seed: number;
  kills: number;
  confirmed: number;
  found: number;
  lost: number;
  /** Ops the child finished per kind, and ops in flight at a kill per kind. */
  done: Record<string, number>;
  inFlight: Record<string, number>;
  failures: string[];
  /** With powerLoss: kills followed by a power loss, and files the power losses put back or removed. */
  powerLosses: number;
  filesLost: number;
  wallMs: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

/**
 * The child as one ES module (Vite's SSR build; packages stay imports from node_modules), built
 * once per campaign: it starts in a third of the time and CPU that tsx takes to load the core
 * file by file, and on two cores the next child loads while the parent checks a kill. Kept under
 * node_modules so that its imports, and the core's search for drizzle/, resolve as from the repo.
 */
async function bundleChild(): Promise<{ file: string; dir: string }> {
  const { build } = await import('vite');
  const cache = path.join(REPO, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, 'lv-torture-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO,
    build: {
      ssr: path.join(HERE, 'child.ts'),
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: 'child.mjs' } },
    },
  });
  return { file: path.join(dir, 'child.mjs'), dir };
}

/** When the parent kills a child: some milliseconds after `go`, or after its first sign-in. */
interface KillPoint {
  from: 'go' | 'session';
  ms: number;
}

interface ChildRun {
  lines: Line[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * A child, started ahead: it loads the core while the parent still checks the previous kill, says
 * `ready`, and touches the vault only when `go` hands it the passwords in force.
 */
interface Started {
  go(passwords: Map<string, string>, kill: KillPoint): Promise<ChildRun>;
  stop(): void;
}

function startChild(childFile: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [childFile, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const run: ChildRun = { lines: [], signal: null, code: null, stderr: '' };
  let buffered = '';
  let kill: KillPoint | null = null;
  let ready = false;
  let signedIn = false;
  let armed = false;
  let watchdog: NodeJS.Timeout | undefined;
  const armKill = () => {
    if (armed || !ready || kill === null || (kill.from === 'session' && !signedIn)) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), kill.ms);
    watchdog = setTimeout(() => child.kill('SIGKILL'), 120_000);
  };
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const p of parts) {
      const line = JSON.parse(p) as Line;
      run.lines.push(line);
      if (line.t === 'ready') ready = true;
      if (line.t === 'session') signedIn = true;
      armKill();
    }
  });
  const closed = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      Object.assign(run, { code, signal });
      resolve(run);
    });
  });
  return {
    go(passwords, at) {
      child.stdin.write(`${JSON.stringify(Object.fromEntries(passwords))}\n`);
      kill = at;
      armKill();
      return closed;
    },
    stop: () => child.kill('SIGKILL'),
  };
}

/** Where the kill landed: the op in flight, a sign-in, a lock, or between two ops. */
function killedIn(lines: Line[]): string {
  const last = lines.at(-1);
  if (!last || last.t === 'ready' || last.t === 'locked') return 'sign-in';
  if (last.t === 'locking') return 'lock';
  return last.t === 'begin' ? last.op.op : 'between ops';
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const log = o.log ?? (() => {});
  const start = Date.now();
  const root = mkdtempSync(path.join(os.tmpdir(), 'lv-torture-'));
  const rng = seeded(o.seed);
  const report: CampaignReport = {
    seed: o.seed,
    kills: 0,
    confirmed: 0,
    found: 0,
    lost: 0,
    done: {},
    inFlight: {},
    failures: [],
    powerLosses: 0,
    filesLost: 0,
    wallMs: 0,
  };
  const powerLoss = o.powerLoss === true || o.fault === 'dropped-fsync';
  const journalOf = (round: number) => path.join(root, `journal-${round}.log`);
  let next: Started | undefined;
  const bundle = await bundleChild();
  try {
    const { state, passwords } = await setUpCampaignVault(root);
    const model = newModel(passwords);
    const env: Record<string, string> = o.fault ? { LEDGERVAULT_TORTURE_FAULT: o.fault } : {};
    const start = (round: number) =>
      startChild(
        bundle.file,
        [path.join(root, 'state.json'), String(Math.floor(rng() * 2 ** 31)), String(round)],
        powerLoss ? { ...env, LEDGERVAULT_TORTURE_JOURNAL: journalOf(round) } : env,
      );
    next = start(1);
    for (let round = 1; round <= o.kills && Date.now() < (o.stopAt ?? Infinity); round += 1) {
      // Mostly timed from the first sign-in, so that a loaded machine's slow start still leaves
      // the child time for writes; one kill in six lands in the first sign-in instead.
      const kill: KillPoint =
        rng() < 1 / 6
          ? { from: 'go', ms: Math.floor(rng() * 800) }
          : { from: 'session', ms: Math.floor(rng() * (o.maxDelayMs ?? 2500)) };
      const delay = `${kill.ms} ms after ${kill.from === 'go' ? 'the start' : 'sign-in'}`;
      const t0 = Date.now();
      // Everything on disk now is durable: the last power loss (or kill) is over.
      const durable = powerLoss ? baseline(state.dir) : null;
      const run = await next.go(model.passwords, kill);
      const t1 = Date.now();
      // The next child loads while this kill is checked; it waits for `go` before touching the vault.
      next = start(round + 1);
      if (run.signal !== 'SIGKILL') {
        report.failures.push(`round ${round}: the child ended by itself (${run.code}): ${run.stderr.slice(-2000)}`);
        break;
      }
      report.kills += 1;
      if (durable) {
        report.powerLosses += 1;
        report.filesLost += applyPowerLoss(state.dir, journalOf(round), durable);
      }
      for (const l of run.lines) if (l.t === 'done') report.done[l.op.op] = (report.done[l.op.op] ?? 0) + 1;
      const at = killedIn(run.lines);
      report.inFlight[at] = (report.inFlight[at] ?? 0) + 1;
      const r = await verifyRound(state, model, run.lines);
      // Backups checked once are let go: a thousand kills' worth would fill the temp disk.
      for (const [file, verified] of model.backups) if (verified) model.backups.delete(file);
      rmSync(path.join(state.backupRoot, `r${round}`), { recursive: true, force: true });
      report.confirmed += r.confirmed;
      report.found += r.found;
      report.lost += r.lost;
      report.failures.push(...r.failures.map((f) => `round ${round} (kill ${delay}, in ${at}): ${f}`));
      log(
        `kill ${round}/${o.kills} ${delay} (child ${t1 - t0} ms, check ${Date.now() - t1} ms) in ${at}: ${r.confirmed} writes confirmed, ${r.lost} lost${r.failures.length ? `, ${r.failures.length} failures` : ''}`,
      );
      for (const f of r.failures) log(`  FAIL ${f}`);
      if (r.fatal) break;
    }
  } finally {
    next?.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(bundle.dir, { recursive: true, force: true });
  }
  report.wallMs = Date.now() - start;
  return report;
}
