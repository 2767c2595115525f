/**
 * The soak in a process of its own (`npm run torture -- --soak-hours H`): its memory and open
 * files are the soak's alone, not those of the campaigns that ran before it in the parent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SoakReport } from './soak';

const RUN = path.join(import.meta.dirname, 'run.ts');

/** Null when the soak did not finish (its output, printed as it goes, says why). */
export async function runSoakProcess(hours: number, speed: string, seed: number): Promise<SoakReport | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-soak-report-'));
  const json = path.join(dir, 'report.json');
  try {
    const args = ['--expose-gc', '--import', 'tsx', RUN, '--hours', String(hours), '--speed', speed];
    const child = spawn(process.execPath, [...args, '--seed', String(seed), '--json', json], { stdio: 'inherit' });
    await new Promise((resolve) => child.on('close', resolve));
    return JSON.parse(readFileSync(json, 'utf8')) as SoakReport;
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
