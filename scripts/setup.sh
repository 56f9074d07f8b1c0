#!/usr/bin/env bash
# Sets up a fresh clone: Node 22 (from the npm registry when the system Node is
# older), Yarn 4 through corepack, and the dependencies from yarn.lock.
# Sourced by start.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
. scripts/env.sh
echo "[setup] node $(node --version), yarn $(yarn --version)" >&2
yarn install --immutable
