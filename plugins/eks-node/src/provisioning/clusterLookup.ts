import { Cluster, DescribeClusterCommand } from '@aws-sdk/client-eks';
import { NotFoundError } from '@backstage/errors';
import { EksClusterEndpoint } from '../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from './ProvisioningRun';
import { ifExists } from './waiters';

/** DescribeCluster, or undefined when the cluster does not exist. @public */
export async function findCluster(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Cluster | undefined> {
  const response = await ifExists(() =>
    run.aws.eks.send(new DescribeClusterCommand({ name: clusterName })),
  );
  return response?.cluster;
}

/** DescribeCluster; a NotFoundError naming account and region when absent. @public */
export async function requireCluster(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Cluster> {
  const cluster = await findCluster(run, clusterName);
  if (!cluster) {
    throw new NotFoundError(
      `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
    );
  }
  return cluster;
}

/** Requires the cluster to be ACTIVE, explaining otherwise. @public */
export async function requireActiveCluster(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Cluster> {
  const cluster = await requireCluster(run, clusterName);
  if (cluster.status !== 'ACTIVE') {
    throw new Error(
      `Cluster ${clusterName} is ${cluster.status}; it must be ACTIVE for this step`,
    );
  }
  return cluster;
}

/** What the Kubernetes client factory needs from a described cluster. @public */
export function clusterEndpoint(cluster: Cluster): EksClusterEndpoint {
  return {
    name: cluster.name ?? '',
    endpoint: cluster.endpoint ?? '',
    certificateAuthorityData: cluster.certificateAuthority?.data,
  };
}
