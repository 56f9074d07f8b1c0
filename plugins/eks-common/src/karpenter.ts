import type { KarpenterSummary } from './health';

/**
 * The interruption queue name Karpenter setups use by default:
 * `Karpenter-<cluster>` (terraform-aws-eks's karpenter submodule). The health
 * check looks for it before it has read Karpenter's own `interruptionQueue`
 * setting, and follows that setting when it differs.
 *
 * @public
 */
export function defaultKarpenterInterruptionQueueName(
  clusterName: string,
): string {
  return `Karpenter-${clusterName}`;
}

/**
 * Whether a Karpenter controller of the cluster's own runs in it (installed
 * with Helm), as opposed to none or only EKS Auto Mode's, which runs outside
 * the cluster with its own credentials and interruption handling: the checks
 * of the controller's credentials and interruption queue apply only to the
 * cluster's own.
 *
 * @public
 */
export function runsOwnKarpenter(karpenter: KarpenterSummary): boolean {
  if (!karpenter.installed) return false;
  return (
    karpenter.runBy !== 'eks-auto-mode' || karpenter.controller !== undefined
  );
}
