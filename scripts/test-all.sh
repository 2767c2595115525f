#!/usr/bin/env bash
# Every check LedgerVault has, as CI runs it: lint, both typechecks, the build, and every test
# against a real Secret Service (scripts/with-keyring.sh). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LEDGERVAULT_IN_DBUS:-}" ]; then
  exec bash scripts/with-keyring.sh bash "$0" "$@"
fi
npm run lint || exit 1
npm run typecheck || exit 1
npm run build || exit 1
mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
status=$?
node scripts/test-summary.mjs test-results/vitest.json || status=1
exit $status
