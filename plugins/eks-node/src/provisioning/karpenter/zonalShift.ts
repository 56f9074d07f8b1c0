import {
  Cluster,
  DescribeUpdateCommand,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { pollUntil } from '../waiters';

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
  const updateId = await run.change(
    change,
    ['zonal-shift', clusterName],
    async () => {
      const out = await run.aws.eks.send(
        new UpdateClusterConfigCommand({
          name: clusterName,
          zonalShiftConfig: { enabled: true },
        }),
      );
      return out.update?.id ?? '';
    },
  );
  if (!updateId) return !run.dryRun;
  await pollUntil(
    run,
    `the zonal shift update ${updateId} of cluster ${clusterName}`,
    async () => {
      const { update } = await run.aws.eks.send(
        new DescribeUpdateCommand({ name: clusterName, updateId }),
      );
      if (update?.status === 'Failed' || update?.status === 'Cancelled') {
        throw new Error(
          `Enabling zonal shift on cluster ${clusterName} ${update.status.toLowerCase()}: ${(
            update.errors ?? []
          )
            .map(e => `${e.errorCode}: ${e.errorMessage}`)
            .join('; ')}`,
        );
      }
      return update?.status === 'Successful';
    },
  );
  return true;
}
