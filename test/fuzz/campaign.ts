/**
 * The fuzz campaign runner (issue 14 Must show; issue 16 item 3 reuses it for `npm run torture`).
 * The parent makes every case (seeded, so a case replays from seed, target and number), sends it
 * to a child process (child.ts) and waits at most `timeoutMs`: a case over the limit is a hang,
 * the child is killed and a fresh one takes the next case; a child that dies is a crash. Either,
 * and any property the child reports broken, is a failure, kept with its input on disk.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FromChild, ToChild } from './child';
import { mutateWith, type Mutator } from './mutators';
import { caseSeed, rng } from './rng';

const REPO = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'child.ts');

export interface Seed {
  /** Where it came from: a fixture's path, or corpus:<path> (never copied anywhere). */
  name: string;
  bytes: Buffer;
  meta: Record<string, unknown>;
  /** Its own mutators (a workbook in a target of mixed kinds); else the target's. */
  mutators?: readonly Mutator[];
}

export interface CampaignTarget {
  name: string;
  /** The module the child loads (absolute path) and the check in its `fuzzTargets`. */
  module: string;
  check: string;
  seeds: Seed[];
  mutators: readonly Mutator[];
  /** Every n-th case also has `meta.pipeline = true` (the costlier end-to-end property). */
  pipelineEvery?: number;
}

export interface Failure {
  case: number;
  seed: string;
  kind: 'property' | 'hang' | 'crash';
  message: string;
  /** The failing input, saved for replay and minimising. */
  file: string;
}

export interface TargetReport {
  target: string;
  seeds: number;
  cases: number;
  pipelineCases: number;
  failures: Failure[];
  slowestMs: number;
  slowestCase: number;
  wallMs: number;
}

export interface RunOptions {
  cases: number;
  seed: number;
  /** A case over this is a hang. */
  timeoutMs: number;
  /** Where failing inputs are written. */
  saveDir?: string;
  /** Progress lines (long runs). */
  log?: (line: string) => void;
}

/** Case `index` of a target: the seeds as they are first, then mutated ones, round robin. */
export function makeCase(
  t: CampaignTarget,
  seed: number,
  index: number,
): { seed: Seed; bytes: Buffer; meta: Record<string, unknown> } {
  const s = t.seeds[index % t.seeds.length]!;
  const pipeline = t.pipelineEvery !== undefined && index % t.pipelineEvery === 0;
  const meta = { ...s.meta, pipeline };
  if (index < t.seeds.length) return { seed: s, bytes: s.bytes, meta };
  const others = t.seeds.filter((o) => o !== s).map((o) => o.bytes);
  return {
    seed: s,
    bytes: mutateWith(s.mutators ?? t.mutators, s.bytes, rng(caseSeed(seed, t.name, index)), others),
    meta,
  };
}

class Child {
  private proc: ChildProcess;
  private stderr = '';
  private waiting?: (m: FromChild | { type: 'exit'; detail: string }) => void;
  /** Exited: a crash between cases is found by the next case, which a fresh child runs. */
  dead = false;
  readonly ready: Promise<void>;

  constructor(t: CampaignTarget, tmp: string) {
    this.proc = fork(CHILD, [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
      serialization: 'advanced',
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.proc.on('message', (m: FromChild) => this.waiting?.(m));
    this.proc.on('error', () => undefined); // a send to a dead child: its exit says the rest
    this.proc.on('exit', (code, signal) => {
      this.dead = true;
      this.waiting?.({ type: 'exit', detail: `child exited (${signal ?? code}): ${this.stderr.trim().slice(-600)}` });
    });
    this.ready = this.next(120_000).then((m) => {
      if (m?.type !== 'ready') throw new Error(`fuzz child did not start: ${JSON.stringify(m)} ${this.stderr}`);
    });
    this.send({ type: 'init', module: t.module, target: t.check, warmUp: t.pipelineEvery !== undefined });
  }

  send(m: ToChild): void {
    this.proc.send(m);
  }

  /** The child's next message, its exit, or undefined after `ms`. */
  next(ms: number): Promise<FromChild | { type: 'exit'; detail: string } | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve(undefined);
      }, ms);
      this.waiting = (m) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(m);
      };
    });
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.kill(), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function runTarget(t: CampaignTarget, o: RunOptions): Promise<TargetReport> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `lv-fuzz-${t.name}-`));
  const saveDir = o.saveDir ?? path.join(os.tmpdir(), 'ledgervault-fuzz');
  const report: TargetReport = {
    target: t.name,
    seeds: t.seeds.length,
    cases: 0,
    pipelineCases: 0,
    failures: [],
    slowestMs: 0,
    slowestCase: -1,
    wallMs: 0,
  };
  const started = Date.now();
  let child: Child | undefined;
  try {
    for (let i = 0; i < o.cases; i += 1) {
      if (!child || child.dead) {
        child = new Child(t, tmp);
        await child.ready;
      }
      const c = makeCase(t, o.seed, i);
      const sent = performance.now();
      child.send({ type: 'case', id: i, bytes: c.bytes, meta: c.meta });
      const answer = await child.next(o.timeoutMs);
      const ms = performance.now() - sent;
      report.cases += 1;
      if (c.meta.pipeline) report.pipelineCases += 1;
      if (ms > report.slowestMs) [report.slowestMs, report.slowestCase] = [ms, i];
      let failure: Pick<Failure, 'kind' | 'message'> | undefined;
      if (!answer) failure = { kind: 'hang', message: `no answer in ${o.timeoutMs} ms` };
      else if (answer.type === 'exit') failure = { kind: 'crash', message: answer.detail };
      else if (answer.type === 'fatal') failure = { kind: 'crash', message: answer.failure };
      else if (answer.type === 'result' && !answer.ok) failure = { kind: 'property', message: answer.failure ?? '' };
      if (failure) {
        mkdirSync(saveDir, { recursive: true });
        const file = path.join(saveDir, `${t.name}-seed${o.seed}-case${i}.bin`);
        writeFileSync(file, c.bytes);
        report.failures.push({ case: i, seed: c.seed.name, file, ...failure });
        o.log?.(`${t.name} case ${i} (${c.seed.name}): ${failure.kind}: ${failure.message}`);
      }
      if (failure && failure.kind !== 'property') {
        child.kill();
        child = undefined;
      }
      if (o.log && (i + 1) % 1000 === 0)
        o.log(`${t.name}: ${i + 1}/${o.cases} cases, ${report.failures.length} failures`);
    }
  } finally {
    await child?.stop().catch(() => child?.kill());
    rmSync(tmp, { recursive: true, force: true });
    report.wallMs = Date.now() - started;
  }
  return report;
}

/** The campaign's counts as one table (issue 16 item 5 quotes it). */
export function formatTable(reports: readonly TargetReport[]): string {
  const head = ['target', 'seeds', 'cases', 'pipeline', 'failures', 'hangs', 'crashes', 'slowest ms', 'wall s'];
  const rows = reports.map((r) => [
    r.target,
    String(r.seeds),
    String(r.cases),
    String(r.pipelineCases),
    String(r.failures.length),
    String(r.failures.filter((f) => f.kind === 'hang').length),
    String(r.failures.filter((f) => f.kind === 'crash').length),
    `${Math.round(r.slowestMs)} (#${r.slowestCase})`,
    (r.wallMs / 1000).toFixed(0),
  ]);
  const sum = (k: (r: TargetReport) => number) => String(reports.reduce((a, r) => a + k(r), 0));
  rows.push([
    'total',
    sum((r) => r.seeds),
    sum((r) => r.cases),
    sum((r) => r.pipelineCases),
    sum((r) => r.failures.length),
    sum((r) => r.failures.filter((f) => f.kind === 'hang').length),
    sum((r) => r.failures.filter((f) => f.kind === 'crash').length),
    `${Math.round(Math.max(0, ...reports.map((r) => r.slowestMs)))}`,
    (reports.reduce((a, r) => a + r.wallMs, 0) / 1000).toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
