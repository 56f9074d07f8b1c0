#!/usr/bin/env bash
# The README's second command (and what CI runs): set up, then type check,
# lint, check formatting, run every unit and integration test, then the
# browser end-to-end tests against the portal, then the adoption test (the
# packed packages in a fresh create-app portal). Fails on the first failure.
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
step "packages publish-ready: repo fix --publish changes nothing; the seven build, pack and hold only what runs"
yarn backstage-cli repo fix --publish --check
PACK_SKIP_TSC=1 scripts/pack-packages.sh test-results/packages
step "IAM policies in docs/iam generated from the AWS calls in the code, up to date"
yarn iam-policy:check
step "formatting"
yarn prettier:check
step "unit and integration tests"
mkdir -p test-results
rm -f test-results/aws-calls.jsonl
CI=true SANDBOX_CALL_LOG="$PWD/test-results/aws-calls.jsonl" yarn test:ci --json --outputFile=test-results/jest.json
step "every AWS call the product made in the tests is allowed by the IAM policy"
yarn iam-policy:check-calls test-results/aws-calls.jsonl
step "browser end-to-end tests (Playwright, Debian Chromium, the portal on the sandbox)"
scripts/ensure-chromium.sh
CI=true yarn test:e2e
step "adoption test: a fresh create-app portal, the packed packages installed as their READMEs say, checked in Chromium"
ADOPTION_PACKED="$PWD/test-results/packages" yarn test:adoption
step "done"
node scripts/summarize-jest.js test-results/jest.json
