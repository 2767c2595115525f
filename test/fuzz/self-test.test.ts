/**
 * The fuzz campaign can fail (issue 16: each campaign has a self-test that plants a known fault):
 * a reader that throws a TypeError, a reader that never returns, and a commit that writes and then
 * reports a refusal are each reported as failures of the right kind, with their inputs kept;
 * the same cases with the real readers pass.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTarget, type CampaignTarget } from './campaign';
import { importTargets } from './import-campaign';

const PLANTED = path.join(import.meta.dirname, 'planted.ts');
const qif = importTargets().find((t) => t.name === 'qif')!;
// The committed QIF fixtures only: the self-test does not depend on the corpus being there.
const seeds = qif.seeds.filter((s) => !s.name.startsWith('corpus:'));
const planted = (check: string, extra: Partial<CampaignTarget> = {}): CampaignTarget => ({
  ...qif,
  name: `planted-${check}`,
  module: PLANTED,
  check,
  seeds,
  pipelineEvery: undefined,
  ...extra,
});
const SEED = 4242;

describe('fuzz campaign self-test: planted faults are caught', () => {
  it('a TypeError in a reader is a failure, the real readers on the same cases are not', async () => {
    const caught = await runTarget(planted('typeError'), { cases: 30, seed: SEED, timeoutMs: 10_000 });
    expect(caught.cases).toBe(30);
    expect(caught.failures.length).toBeGreaterThan(3);
    expect(caught.failures.every((f) => f.kind === 'property' && /read as qif: TypeError/.test(f.message))).toBe(true);
    expect(existsSync(caught.failures[0]!.file)).toBe(true);

    const control = await runTarget(planted('control'), { cases: 30, seed: SEED, timeoutMs: 10_000 });
    expect(control.failures).toEqual([]);
  });

  it('a reader that never returns is a hang, and the next cases still run in a fresh child', async () => {
    const caught = await runTarget(planted('hang'), { cases: 8, seed: SEED, timeoutMs: 1500 });
    expect(caught.cases).toBe(8);
    const hangs = caught.failures.filter((f) => f.kind === 'hang');
    expect(hangs.length).toBeGreaterThan(0);
    expect(hangs.length).toBe(caught.failures.length);
    // Cases after the first hang were answered (not all timed out): the child was replaced.
    expect(hangs.length).toBeLessThan(8);
  });

  it('a commit that writes and then refuses is a partial import', async () => {
    const caught = await runTarget(planted('partial', { pipelineEvery: 1 }), {
      cases: 3,
      seed: SEED,
      timeoutMs: 30_000,
    });
    expect(caught.failures.length).toBeGreaterThan(0);
    expect(caught.failures[0]!.message).toMatch(/partial import: the commit refused .* batches \d+->\d+/);
  });
});
