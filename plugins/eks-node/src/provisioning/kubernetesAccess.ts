import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import { Cluster } from '@aws-sdk/client-eks';
import {
  KubernetesClientFactory,
  KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { clusterEndpoint } from './clusterLookup';
import { ProvisioningRun } from './ProvisioningRun';

/**
 * The kubeconfig of a cluster for the provisioning steps (and helm). A plain
 * http endpoint (the local sandbox) has no TLS to verify, but
 * `@kubernetes/client-node` 2.x refuses http unless `skipTLSVerify` is set,
 * so it is set for such endpoints only.
 *
 * @public
 */
export async function provisioningKubeConfig(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<KubeConfig> {
  const endpoint = clusterEndpoint(cluster);
  const kubeConfig = await factory.kubeConfig(run.aws, endpoint);
  if (!endpoint.endpoint.startsWith('http://')) return kubeConfig;
  const plain = new KubeConfig();
  plain.loadFromOptions({
    clusters: kubeConfig.clusters.map(c => ({ ...c, skipTLSVerify: true })),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
  return plain;
}

/** Kubernetes API clients for a cluster, from {@link provisioningKubeConfig}. @public */
export async function provisioningKubernetesClients(
  run: ProvisioningRun,
  factory: KubernetesClientFactory,
  cluster: Cluster,
): Promise<KubernetesClients> {
  const kubeConfig = await provisioningKubeConfig(run, factory, cluster);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    networking: kubeConfig.makeApiClient(NetworkingV1Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
  };
}
