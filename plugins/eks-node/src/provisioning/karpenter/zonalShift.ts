import { Cluster } from '@aws-sdk/client-eks';
import { updateClusterConfig } from '../clusterConfigUpdate';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * The zonal shift step (with `enableZonalShift`): Karpenter respects ARC
 * zonal shifts only on a cluster whose zonal shift config is enabled
 * (Karpenter's Zonal Shift Onboarding), so the cluster's config is turned
 * on with UpdateClusterConfig and the update waited for. Returns whether
 * it changed the cluster. Without the option, nothing is read or changed.
 */
export async function ensureClusterZonalShift(
  run: ProvisioningRun,
  clusterName: string,
  cluster: Cluster | undefined,
  enableZonalShift: boolean,
): Promise<boolean> {
  if (!enableZonalShift) return false;
  const change = {
    action: 'update' as const,
    resource: `cluster ${clusterName} zonal shift config`,
    detail: 'enabled: true (Karpenter settings.enableZonalShift)',
  };
  if (!cluster) {
    run.plan.push(change);
    return false;
  }
  if (cluster.zonalShiftConfig?.enabled) {
    run.logger.info(`Cluster ${clusterName} has zonal shift enabled already`);
    return false;
  }
  return updateClusterConfig(run, {
    clusterName,
    what: 'zonal shift',
    change,
    checkpoint: ['zonal-shift', clusterName],
    input: { zonalShiftConfig: { enabled: true } },
  });
}
