/**
 * Issue 16 item 3 in the test suite: every IPC channel (random and boundary payloads through the
 * core host's dispatch and the zod contract, signed out and as a manager or an accountant), the
 * backup reader, the keys-file and pending-file parsers and the update manifest verifier. Short
 * mode: 500 cases per target (1,000 for IPC); long mode (LEDGERVAULT_FUZZ=long, or `npm run fuzz -- --long`):
 * 10,000. LEDGERVAULT_FUZZ_SEED replays a run; a failing case's input is kept in the temp folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable, runTarget, type TargetReport } from './campaign';
import { FILE_TARGETS, fileTargets, type FileSeeds } from './file-campaign';
import { ipcTarget } from './ipc-campaign';

const LONG = process.env.LEDGERVAULT_FUZZ === 'long' || Boolean(process.env.LEDGERVAULT_FUZZ_LONG);
const CASES = Number(process.env.LEDGERVAULT_FUZZ_CASES ?? (LONG ? 10_000 : 500));
// The IPC target has a seed per channel and caller (about 400): short mode runs 1,000 cases so that
// most channels also get mutated payloads, not only their valid one.
const IPC_CASES = LONG ? CASES : Math.max(CASES, 1000);
const SEED = Number(process.env.LEDGERVAULT_FUZZ_SEED ?? Date.now() % 1_000_000);
const TIMEOUT = LONG ? 6 * 3600_000 : 300_000;
const reports: TargetReport[] = [];
let files: FileSeeds | undefined;

const expectClean = (r: TargetReport, cases = CASES) => {
  expect(r.cases).toBe(cases);
  expect(r.failures.map((f) => `${f.kind} case ${f.case} (${f.seed}): ${f.message} [${f.file}]`)).toEqual([]);
};

describe(`IPC and file fuzz (seed ${SEED}, ${CASES} cases per target)`, () => {
  beforeAll(async () => {
    files = await fileTargets();
  }, 120_000);
  afterAll(async () => {
    await files?.cleanup();
    console.log(`IPC and file fuzz, seed ${SEED}\n${formatTable(reports)}`);
  });

  it(
    'ipc: every channel answers a typed result, never E_INTERNAL, and a refused call changes nothing',
    async () => {
      const r = await runTarget(ipcTarget(), { cases: IPC_CASES, seed: SEED, timeoutMs: 20_000 });
      reports.push(r);
      expectClean(r, IPC_CASES);
    },
    TIMEOUT,
  );

  it.each(FILE_TARGETS.map((n) => [n]))(
    '%s: mutated real files are refused with a typed code, never believed',
    async (name) => {
      const r = await runTarget(
        files!.targets.find((t) => t.name === name)!,
        {
          cases: CASES,
          seed: SEED,
          timeoutMs: 10_000,
        },
      );
      reports.push(r);
      expectClean(r);
    },
    TIMEOUT,
  );
});
