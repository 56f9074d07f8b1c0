#!/usr/bin/env bash
# The README's second command (and what CI runs): set up, then type check,
# lint, check formatting, run every unit and integration test, then the
# browser end-to-end tests against the portal. Fails on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)
scripts/setup.sh
. scripts/env.sh
step() { echo; echo "=== $* ($(($(date +%s) - start)) s)"; }

step "type check"
yarn tsc
step "lint"
yarn lint:all
step "HTTP contract generated from openapi.yaml, API reports up to date"
yarn contract:check
yarn build:api-reports:only --ci
step "formatting"
yarn prettier:check
step "unit and integration tests"
mkdir -p test-results
CI=true yarn test:ci --json --outputFile=test-results/jest.json
step "browser end-to-end tests (Playwright, Debian Chromium, the portal on the sandbox)"
scripts/ensure-chromium.sh
CI=true yarn test:e2e
step "done"
node scripts/summarize-jest.js test-results/jest.json
