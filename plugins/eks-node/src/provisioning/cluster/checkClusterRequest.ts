import { Cluster } from '@aws-sdk/client-eks';
import { checkClusterCreateOwnership } from './clusterOwnership';
import { CreateClusterPreflight, preflightCreateCluster } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import type { CreateClusterOptions } from './createCluster';

/** Title of the {@link checkClusterRequest} step. */
export const CHECK_CLUSTER_REQUEST_STEP =
  'preflight: region, Kubernetes version, principals, subnets, roles and instance types';

/**
 * Step 1 of {@link createCluster}, read-only: the preflight checks (region,
 * version, principals, subnets, roles, instance types), the drift of an
 * existing cluster's version, and the ownership rule (a cluster, node group
 * or role of this name that this request did not make is refused here,
 * before any write, unless the run adopts it). Logs the chosen subnets.
 */
export async function checkClusterRequest(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  existing: Cluster | undefined,
): Promise<CreateClusterPreflight> {
  const checked = await preflightCreateCluster(run, opts, existing);
  if (
    existing?.version &&
    opts.kubernetesVersion &&
    existing.version !== opts.kubernetesVersion
  ) {
    run.reportDrift(
      `cluster ${opts.clusterName} runs Kubernetes ${existing.version}, not ${opts.kubernetesVersion} (upgrades are not done by this action)`,
    );
  }
  await checkClusterCreateOwnership(run, opts, existing);
  const { source, subnetIds, availabilityZones } = checked.subnets;
  run.logger.info(
    `Subnets (${source}): ${subnetIds.join(', ')} in ${availabilityZones.join(
      ', ',
    )}`,
  );
  return checked;
}
