#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright
# drives it through playwright-core; no browser is downloaded).
set -euo pipefail
chromium_path="${PLAYWRIGHT_CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $chromium_path: install it with" >&2
  echo "  sudo apt-get install -y --no-install-recommends chromium" >&2
  echo "or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
echo "[setup] installing Debian's chromium for the browser tests" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$chromium_path" --version
