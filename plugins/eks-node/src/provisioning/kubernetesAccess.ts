import { Cluster } from '@aws-sdk/client-eks';
import {
  KubernetesClientFactory,
  KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { clusterEndpoint } from './clusterLookup';
import { ProvisioningRun } from './ProvisioningRun';

/**
 * The kubeconfig file content for one `helm` run against a described
 * cluster: its endpoint and CA and a token signed now (EKS accepts it for
 * 15 minutes; helm cannot refresh it).
 *
 * @public
 */
export async function provisioningHelmKubeconfig(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<string> {
  return factory.helmKubeconfig(run.aws, clusterEndpoint(cluster));
}

/** Kubernetes API clients for a described cluster. @public */
export async function provisioningKubernetesClients(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<KubernetesClients> {
  return factory.forCluster(run.aws, clusterEndpoint(cluster));
}
