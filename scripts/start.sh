#!/usr/bin/env bash
# The README's first command: set up, then start the portal (frontend on
# http://localhost:3000, backend on http://localhost:7007) against the local
# AWS/Kubernetes sandbox, which the backend starts on 127.0.0.1:4599.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
. scripts/env.sh
exec yarn start "$@"
