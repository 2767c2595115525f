/**
 * The full-disk and I/O-error campaign (issue 16 item 2), for `npm run torture`'s table ("disk
 * full / I/O error: cases / clear errors") and for test/disk-full/disk-full.test.ts, which runs
 * the same cases one `it` each. A case is a clear error when the operation failed with the right
 * code and a message naming the folder (and the space needed and free), lost nothing committed,
 * left nothing that looks complete, and worked again once space was freed.
 *
 *   import { runDiskFullCampaign } from '../disk-full/campaign';
 *   const r = await runDiskFullCampaign();   // { cases, clearErrors, failures, skipped, selfTest }
 *
 * Where no tmpfs can be mounted (not root), only the cases made by the node:fs shim run and
 * `skipped` says why the others did not.
 */
import { VAULT_CASES, type CaseResult, type DiskCase } from './cases';
import { writeFileSync } from 'node:fs';
import { FILE_CASES, REOPEN, exportCase } from './cases-files';
import { setUpFixture, tearDownFixture, type Fixture } from './fixture';
import { whyNoMount } from './small-disk';

export interface DiskFullReport {
  cases: number;
  clearErrors: number;
  /** One line per problem, prefixed with its case. */
  failures: string[];
  results: CaseResult[];
  /** Why the tmpfs cases did not run (null: they did). */
  skipped: string | null;
  /** The planted fault (PLANTED) and whether the campaign caught it; null when skipped. */
  selfTest: { planted: string; caught: boolean } | null;
}

/** Every case, in the order they run against one vault (each leaves it as the next expects). */
export const ALL_CASES: readonly DiskCase[] = [...VAULT_CASES, ...FILE_CASES, REOPEN];

export async function runCase(c: DiskCase, fx: Fixture): Promise<CaseResult> {
  try {
    const out = await c.run(fx);
    const { err, problems } = Array.isArray(out) ? { err: undefined, problems: out } : out;
    const code = err === undefined ? null : ((err as { code?: string } | null)?.code ?? null);
    return { name: c.name, code, clear: problems.length === 0, problems };
  } catch (err) {
    return { name: c.name, code: null, clear: false, problems: [`the case itself failed: ${String(err)}`] };
  }
}

/**
 * The campaign's self-test (issue 16: "a self-test that plants a known fault"): an export whose
 * writer swallows the full disk and leaves half a file under the final name. The case must come
 * out not clear; `selfTest.caught` says whether it did.
 */
export const PLANTED: DiskCase = exportCase(
  'full',
  (file, bytes) => {
    try {
      writeFileSync(file, bytes);
    } catch {
      // The planted fault: the error swallowed, the half-written file kept.
    }
  },
  ' (planted: the error swallowed)',
);

export async function runDiskFullCampaign(): Promise<DiskFullReport> {
  // The shim cases share the vault with the tmpfs ones, so without a mount none can run here.
  const skipped = whyNoMount();
  if (skipped) return { cases: 0, clearErrors: 0, failures: [], results: [], skipped, selfTest: null };
  const results: CaseResult[] = [];
  let fx: Fixture | null = null;
  let planted: CaseResult;
  try {
    fx = await setUpFixture();
    for (const c of ALL_CASES) results.push(await runCase(c, fx));
    planted = await runCase(PLANTED, fx);
  } finally {
    await tearDownFixture(fx);
  }
  // The closing check is not a fault of its own: its problems count, it does not.
  const faults = results.filter((r) => r.name !== REOPEN.name);
  return {
    cases: faults.length,
    clearErrors: faults.filter((r) => r.clear).length,
    failures: results.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    results,
    skipped: null,
    selfTest: { planted: PLANTED.name, caught: !planted.clear },
  };
}
