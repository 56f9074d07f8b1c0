import { dirname, join } from 'node:path';

/**
 * The sandbox's stand-in `helm` executable (bin/helm, which runs the
 * TypeScript in src/helm): it reaches a cluster as real helm does (HTTPS
 * verified with the kubeconfig's CA, the bearer token or exec credential
 * plugin), installs the Karpenter chart by server-side apply and records every
 * call to `$SANDBOX_HELM_LOG`. The development portal puts its folder first
 * on PATH while the sandbox runs, so the Karpenter action works offline.
 */
export const SANDBOX_HELM_PATH = join(
  dirname(require.resolve('@backstage-eks/sandbox/package.json')),
  'bin',
  'helm',
);
