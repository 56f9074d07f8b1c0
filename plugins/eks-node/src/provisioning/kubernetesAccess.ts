import { KubeConfig } from '@kubernetes/client-node';
import { Cluster } from '@aws-sdk/client-eks';
import {
  KubernetesClientFactory,
  KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { clusterEndpoint } from './clusterLookup';
import { ProvisioningRun } from './ProvisioningRun';

/**
 * The kubeconfig of a described cluster for the provisioning steps (and helm).
 *
 * @public
 */
export async function provisioningKubeConfig(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<KubeConfig> {
  return factory.kubeConfig(run.aws, clusterEndpoint(cluster));
}

/** Kubernetes API clients for a described cluster. @public */
export async function provisioningKubernetesClients(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<KubernetesClients> {
  return factory.forCluster(run.aws, clusterEndpoint(cluster));
}
