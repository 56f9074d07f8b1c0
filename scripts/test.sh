#!/usr/bin/env bash
# The README's second command (and what CI runs): set up, then type check,
# lint, check formatting and run every test. Fails on the first failure.
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
step "formatting"
yarn prettier:check
step "unit and integration tests"
mkdir -p test-results
CI=true yarn test:ci --json --outputFile=test-results/jest.json
node scripts/summarize-jest.js test-results/jest.json
step "done"
