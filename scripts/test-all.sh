#!/usr/bin/env bash
# Every check LedgerVault has, as CI runs it: lint, both typechecks, the build, unit and
# integration tests (vitest) and end-to-end tests of the real renderer in Debian's Chromium
# through the browser harness (Playwright), all against a real Secret Service
# (scripts/with-keyring.sh). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LEDGERVAULT_IN_DBUS:-}" ]; then
  exec bash scripts/with-keyring.sh bash "$0" "$@"
fi
npm run lint || exit 1
npm run typecheck || exit 1
npm run build || exit 1
rm -rf test-results && mkdir -p test-results
# The crash campaign's short mode (issue 16: at least 50 kills) runs inside vitest
# (test/core/torture.test.ts, 12 kills when vitest is run alone); `npm run torture -- --long` is the long one.
LEDGERVAULT_TORTURE_KILLS=50 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
status=$?
npx playwright test || status=1
node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json || status=1
exit $status
