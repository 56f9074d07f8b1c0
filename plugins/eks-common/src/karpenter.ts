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
