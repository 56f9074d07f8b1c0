/**
 * A stand-in for the `helm` CLI (bin/helm runs it), for tests and the sandbox
 * portal.
 *
 * It reaches the Kubernetes API named by `--kubeconfig` as helm does through
 * client-go: HTTPS verified with the cluster's CA (`certificate-authority-data`
 * or `certificate-authority`), a bearer token (`token`, `tokenFile` or an exec
 * credential plugin such as `aws eks get-token`) sent only over TLS, and 429/5xx
 * answers with Retry-After retried. It stores releases as helm does (Secrets
 * `sh.helm.release.v1.<release>.v<revision>` in the release namespace) and
 * knows one chart, Karpenter (any chart reference ending in `/karpenter`),
 * whose CRDs, ServiceAccount and Deployment it applies with server-side apply.
 * Commands: version, upgrade [--install], install, uninstall
 * [--keep-history], status, list [--all], get values [--all] [--revision].
 * Every invocation is appended as a JSON line to $SANDBOX_HELM_LOG when set.
 */
export { runHelm } from './main';
