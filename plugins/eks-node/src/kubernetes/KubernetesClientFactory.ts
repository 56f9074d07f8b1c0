import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import { AwsClients } from '../aws/AwsClientFactory';
import { EksTokenCache } from './eksToken';

/** What is needed to reach a cluster's Kubernetes API (from DescribeCluster). @public */
export interface EksClusterEndpoint {
  name: string;
  endpoint: string;
  /** Base64 PEM of the cluster CA (`certificateAuthority.data`). */
  certificateAuthorityData?: string;
}

/** Kubernetes API clients for one cluster. @public */
export interface KubernetesClients {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  networking: NetworkingV1Api;
  customObjects: CustomObjectsApi;
  objects: KubernetesObjectApi;
}

/**
 * Builds `@kubernetes/client-node` clients for an EKS cluster, authenticated
 * with an EKS token signed by the same AWS credentials the AWS clients use.
 *
 * @public
 */
export class KubernetesClientFactory {
  constructor(private readonly tokens = new EksTokenCache()) {}

  /** A kubeconfig for the cluster (also written to a file for `helm`). */
  async kubeConfig(
    aws: AwsClients,
    cluster: EksClusterEndpoint,
  ): Promise<KubeConfig> {
    const token = await this.tokens.get({
      clusterName: cluster.name,
      region: aws.target.region,
      accountId: aws.target.accountId,
      credentials: aws.credentials,
    });
    const kubeConfig = new KubeConfig();
    const contextName = `${aws.target.accountId}/${aws.target.region}/${cluster.name}`;
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: contextName,
          server: cluster.endpoint,
          // TLS is always verified against the cluster's own CA
          caData: cluster.certificateAuthorityData,
        },
      ],
      users: [{ name: contextName, token }],
      contexts: [
        { name: contextName, cluster: contextName, user: contextName },
      ],
      currentContext: contextName,
    });
    return kubeConfig;
  }

  async forCluster(
    aws: AwsClients,
    cluster: EksClusterEndpoint,
  ): Promise<KubernetesClients> {
    const kubeConfig = await this.kubeConfig(aws, cluster);
    return {
      kubeConfig,
      core: kubeConfig.makeApiClient(CoreV1Api),
      apps: kubeConfig.makeApiClient(AppsV1Api),
      networking: kubeConfig.makeApiClient(NetworkingV1Api),
      customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
      objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    };
  }
}
