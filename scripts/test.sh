#!/usr/bin/env bash
# The whole test suite: typecheck, unit and component tests, the production build, integration tests
# against it, and Playwright end-to-end tests in headless Chromium. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --loglevel=error || exit 1
fi
results=.test-results
rm -rf "$results" && mkdir -p "$results"
failed_steps=()
step() { # name, command...
  local name=$1; shift
  echo "::: $name"
  "$@" || failed_steps+=("$name")
}
step typecheck npx nuxt typecheck
step "unit and component tests" npx vitest run --project unit --project components \
  --reporter=default --reporter=json --outputFile.json="$results/vitest-unit.json"
step build bash -c 'npx nuxt build > .test-results/build.log 2>&1 || { tail -50 .test-results/build.log; exit 1; }'
step "integration tests" npx vitest run --project integration \
  --reporter=default --reporter=json --outputFile.json="$results/vitest-integration.json"
step "end-to-end tests" env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json
node scripts/test-summary.mjs "$results" "${failed_steps[@]}"
