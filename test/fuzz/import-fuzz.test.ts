/**
 * The importer's fuzz campaign in the test suite (issue 14 Must show: mutated corpus and fixture
 * files never crash, hang or partially import). Short mode: 300 cases per format, every 10th also
 * through preview + commit into a real vault. Long mode (LEDGERVAULT_FUZZ=long, or `npm run fuzz
 * -- --long` with its table): 10,000 per format. LEDGERVAULT_FUZZ_SEED replays a run; a failure
 * names its case and keeps its input in the temp folder (`npm run fuzz -- --target T --seed S
 * --case I` replays it with its stack).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable, runTarget, type TargetReport } from './campaign';
import { importTargets } from './import-campaign';

const LONG = process.env.LEDGERVAULT_FUZZ === 'long' || Boolean(process.env.LEDGERVAULT_FUZZ_LONG);
const CASES = Number(process.env.LEDGERVAULT_FUZZ_CASES ?? (LONG ? 10_000 : 300));
const SEED = Number(process.env.LEDGERVAULT_FUZZ_SEED ?? Date.now() % 1_000_000);
const reports: TargetReport[] = [];

describe(`import fuzz (seed ${SEED}, ${CASES} cases per format)`, () => {
  it.each(importTargets(LONG ? 20 : 10).map((t) => [t.name, t] as const))(
    '%s: no crash, hang or partial import',
    async (_, target) => {
      const report = await runTarget(target, { cases: CASES, seed: SEED, timeoutMs: 10_000 });
      reports.push(report);
      expect(report.cases).toBe(CASES);
      expect(report.pipelineCases).toBeGreaterThan(0);
      expect(report.failures.map((f) => `${f.kind} case ${f.case} (${f.seed}): ${f.message} [${f.file}]`)).toEqual([]);
    },
    LONG ? 6 * 3600_000 : 180_000,
  );
});

afterAll(() => console.log(`import fuzz, seed ${SEED}\n${formatTable(reports)}`));
