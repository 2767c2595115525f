/**
 * `npm run fuzz [-- options]`: the importer's fuzz campaign outside the test suite.
 *   --long               10,000 cases per target (also LEDGERVAULT_FUZZ=long); default 500
 *   --cases N            cases per target
 *   --seed S             the campaign seed (default: from the clock, printed)
 *   --target a,b         only these targets (names as in the table: the import formats, ipc, backup,
 *                        keys-file, pending-file, update-manifest)
 *   --timeout MS         a case over this is a hang (default 10000)
 *   --pipeline-every N   every n-th case also through preview + commit into a vault (default 20)
 *   --case I             replay case I of --target (with --seed) here, in this process, with its stack
 * Prints progress, then one table of counts per target; exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { formatTable, makeCase, runTarget, type TargetReport } from './campaign';
import { CORPUS, importTargets } from './import-campaign';
import { existsSync } from 'node:fs';
import { FILE_TARGETS, fileTargets } from './file-campaign';
import { ipcTarget } from './ipc-campaign';

const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: process.env.LEDGERVAULT_FUZZ === 'long' },
    cases: { type: 'string' },
    seed: { type: 'string' },
    target: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    'pipeline-every': { type: 'string', default: '20' },
    case: { type: 'string' },
  },
});

const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
const cases = values.cases ? Number(values.cases) : values.long ? 10_000 : 500;
const only = values.target?.split(',');
// The file targets' seeds are made for the run (a vault, its backup, a signed manifest): only when asked for.
const wantsFiles = !only || FILE_TARGETS.some((n) => only.includes(n));
const files = wantsFiles && values.case === undefined ? await fileTargets() : null;
const targets = [...importTargets(Number(values['pipeline-every'])), ipcTarget(), ...(files?.targets ?? [])].filter(
  (t) => !only || only.includes(t.name),
);
if (!targets.length) throw new Error(`no such target: ${values.target}`);

if (values.case !== undefined) {
  const t = targets[0]!;
  const c = makeCase(t, seed, Number(values.case));
  console.log(`replaying ${t.name} case ${values.case} (seed ${seed}) from ${c.seed.name}: ${c.bytes.length} bytes`);
  const mod = (await import(t.module)) as {
    fuzzTargets: Record<string, (b: Uint8Array, m: unknown) => Promise<void>>;
    fuzzCleanup?: () => Promise<void>;
  };
  try {
    await mod.fuzzTargets[t.check]!(c.bytes, c.meta);
    console.log('passes');
  } catch (e) {
    console.log(e);
    process.exitCode = 1;
  } finally {
    await mod.fuzzCleanup?.();
  }
} else {
  console.log(
    `fuzz: seed ${seed}, ${cases} cases per target, corpus ${existsSync(CORPUS) ? 'read from ' + CORPUS : 'absent'}`,
  );
  const reports: TargetReport[] = [];
  for (const t of targets) {
    reports.push(await runTarget(t, { cases, seed, timeoutMs: Number(values.timeout), log: (l) => console.log(l) }));
  }
  console.log(`\n${formatTable(reports)}`);
  const failures = reports.flatMap((r) => r.failures);
  for (const f of failures) console.log(`FAIL ${f.kind} case ${f.case} (${f.seed}): ${f.message}\n  input: ${f.file}`);
  if (failures.length) process.exitCode = 1;
}
await files?.cleanup();
