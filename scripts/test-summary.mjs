// Prints the one closing line CI reads ("N passed, N failed, N skipped"), adding up vitest's and
// Playwright's JSON reports. A missing report counts as a failure: a suite that did not run is red.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`no test report at ${file}`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (r.stats && 'expected' in r.stats) {
    // Playwright
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected + (r.errors?.length ?? 0);
    skipped += r.stats.skipped;
  } else {
    // vitest
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += r.numPendingTests + r.numTodoTests;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
