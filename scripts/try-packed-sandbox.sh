#!/usr/bin/env bash
# Installs the packed sandbox as an adopter would and uses it with the real
# clients: `npm install` of its tarball in a temporary folder outside the
# repository (its dependencies from the registry), its `eks-sandbox` bin on a
# free port, then the AWS CLI (list-clusters, describe-cluster), kubectl (get
# nodes, create and delete a Deployment) and the stand-in helm from the
# installed package. Fails on the first check that does not hold.
#
#   scripts/try-packed-sandbox.sh [folder]   a folder scripts/pack-packages.sh
#                                            filled (default: test-results/packages;
#                                            packed first when it has no sandbox)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
start=$(date +%s)

packs="${1:-test-results/packages}"
if ! ls "$packs"/@backstage-eks-sandbox-*.tgz >/dev/null 2>&1; then
  scripts/pack-packages.sh "$packs"
fi
tarball="$(cd "$packs" && pwd)/$(cd "$packs" && ls @backstage-eks-sandbox-*.tgz | head -1)"

work="$(mktemp -d "${TMPDIR:-/tmp}/eks-sandbox-try.XXXXXX")"
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill -TERM "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "[try] npm install $(basename "$tarball") in $work"
(cd "$work" && echo '{"name":"try-eks-sandbox","private":true}' >package.json &&
  npm install --no-audit --no-fund --loglevel=error "$tarball" >/dev/null)

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
echo "[try] eks-sandbox --port $port"
(cd "$work" && exec node_modules/.bin/eks-sandbox --port "$port" --latency-factor 0.01 --quiet >sandbox.log 2>&1) &
sandbox_pid=$!
for _ in $(seq 1 60); do
  grep -q "sandbox listening on" "$work/sandbox.log" 2>/dev/null && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then cat "$work/sandbox.log" >&2; exit 1; fi
  sleep 0.5
done
grep -q "sandbox listening on http://127.0.0.1:$port" "$work/sandbox.log" || {
  cat "$work/sandbox.log" >&2
  echo "[try] eks-sandbox did not start" >&2
  exit 1
}

export AWS_ACCESS_KEY_ID=000000000000 AWS_SECRET_ACCESS_KEY=sandbox AWS_DEFAULT_REGION=eu-west-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
endpoint="http://127.0.0.1:$port"
clusters="$(aws --endpoint-url "$endpoint" eks list-clusters --query 'clusters' --output text)"
echo "[try] aws eks list-clusters: $clusters"
[ "$clusters" = demo ] || { echo "[try] expected the seeded cluster demo" >&2; exit 1; }
status="$(aws --endpoint-url "$endpoint" eks describe-cluster --name demo --query 'cluster.status' --output text)"
echo "[try] aws eks describe-cluster --name demo: $status"
[ "$status" = ACTIVE ] || exit 1

if command -v kubectl >/dev/null; then
  export KUBECONFIG="$work/kubeconfig"
  aws --endpoint-url "$endpoint" eks update-kubeconfig --name demo --kubeconfig "$KUBECONFIG" >/dev/null
  nodes="$(kubectl get nodes --no-headers | wc -l)"
  echo "[try] kubectl get nodes: $nodes nodes"
  [ "$nodes" -gt 0 ] || exit 1
  kubectl create namespace try-packed >/dev/null
  kubectl -n try-packed create deployment web --image=nginx --replicas=2 >/dev/null
  kubectl -n try-packed rollout status deployment/web --timeout=60s >/dev/null
  echo "[try] kubectl: a Deployment created, rolled out and deleted"
  kubectl -n try-packed delete deployment web >/dev/null
else
  echo "[try] kubectl not on PATH: its checks skipped"
fi

helm_version="$("$work/node_modules/@backstage-eks/sandbox/bin/helm" version --short)"
echo "[try] stand-in helm (installed package): $helm_version"

echo "[try] the packed sandbox works installed ($(($(date +%s) - start)) s)"
