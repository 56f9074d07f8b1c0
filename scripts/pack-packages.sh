#!/usr/bin/env bash
# Builds and packs every published package (every workspace that is not
# "private": the six plugins and @backstage-eks/sandbox) into one folder, as
# `npm publish` would ship them, then checks the tarballs
# (scripts/verify-packs.js). Install them anywhere with
# `npm install <folder>/*.tgz`: their dependencies on each other are the
# packed versions, the rest come from the registry.
#
#   scripts/pack-packages.sh [folder]     default: test-results/packages
#
# PACK_SKIP_TSC=1 skips `yarn tsc` (the packages' type declarations are built
# from its output in dist-types/; scripts/test.sh has just run it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
start=$(date +%s)

out="${1:-test-results/packages}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out"/*.tgz

# "name folder" of every workspace that is not private
mapfile -t packages < <(node -e '
  const { execSync } = require("node:child_process");
  const { readFileSync } = require("node:fs");
  for (const line of execSync("yarn workspaces list --json", { encoding: "utf8" }).trim().split("\n")) {
    const { name, location } = JSON.parse(line);
    const pkg = JSON.parse(readFileSync(`${location}/package.json`, "utf8"));
    if (location !== "." && !pkg.private) console.log(`${name} ${location}`);
  }')
echo "[pack] ${#packages[@]} packages: $(printf '%s ' "${packages[@]%% *}")"

if [ "${PACK_SKIP_TSC:-}" != 1 ]; then
  echo "[pack] yarn tsc (type declarations into dist-types/)"
  yarn tsc
fi

# Each package: `backstage-cli package build` (dist/: rollup output and the
# bundled type declarations), then `yarn pack`, whose prepack
# (`backstage-cli package prepack`) points main/types/exports at dist/, adds
# the default feature types and the generated config.schema.json, and whose
# postpack restores package.json. Two packages at a time: each step writes
# only in its own package's folder.
pack_one() {
  local name="$1" dir="$2" log
  log="$(mktemp)"
  if (cd "$dir" && yarn backstage-cli package build &&
    yarn pack --out "$out/%s-%v.tgz") >"$log" 2>&1; then
    echo "[pack] $name"
    rm -f "$log"
  else
    cat "$log" >&2
    rm -f "$log"
    # a pack that failed between prepack and postpack leaves the rewritten
    # package.json: put the package's own back
    if [ -f "$dir/package.json-prepack" ]; then
      mv "$dir/package.json-prepack" "$dir/package.json"
    fi
    echo "[pack] $name: build or pack failed" >&2
    return 255
  fi
}
export -f pack_one
export out
printf '%s\n' "${packages[@]}" | xargs -P 2 -L 1 bash -c 'pack_one "$@"' _

node scripts/verify-packs.js "$out"
echo "[pack] ${#packages[@]} tarballs in $out ($(($(date +%s) - start)) s)"
