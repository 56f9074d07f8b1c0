import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import type { AwsClients } from '../../aws/AwsClientFactory';
import type {
  EksClusterEndpoint,
  KubernetesClientFactory,
  KubernetesClients,
} from '../../kubernetes/KubernetesClientFactory';

/**
 * Kubernetes clients for a cluster, from the factory's kubeconfig. For a
 * plain-http endpoint (the local sandbox) there is no TLS to verify, but
 * `@kubernetes/client-node` 2.x refuses http unless `skipTLSVerify` is set:
 * the kubeconfig is reloaded with it for those endpoints only.
 */
export async function kubernetesClientsFor(
  factory: KubernetesClientFactory,
  aws: AwsClients,
  cluster: EksClusterEndpoint,
): Promise<KubernetesClients> {
  let kubeConfig = await factory.kubeConfig(aws, cluster);
  if (cluster.endpoint.startsWith('http://')) {
    const plain = new KubeConfig();
    plain.loadFromOptions({
      clusters: kubeConfig.clusters.map(c => ({ ...c, skipTLSVerify: true })),
      users: kubeConfig.users,
      contexts: kubeConfig.contexts,
      currentContext: kubeConfig.currentContext,
    });
    kubeConfig = plain;
  }
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    networking: kubeConfig.makeApiClient(NetworkingV1Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
  };
}
