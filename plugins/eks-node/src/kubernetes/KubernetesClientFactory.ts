import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import type { AwsClients, RequestGate } from '../aws/AwsClientFactory';
import { ClusterConnections } from './clusterConnections';
import { createEksToken, EksTokenCache } from './eksToken';
import { KnownApiServers } from './knownApiServers';

/** The auth provider name of the users this factory makes (a token per request). */
const EKS_AUTH_PROVIDER = 'eks-token';

/**
 * How long EKS accepts a token after it was signed (aws-iam-authenticator
 * refuses an X-Amz-Date older than 15 minutes).
 *
 * @public
 */
export const EKS_TOKEN_VALIDITY_SECONDS = 15 * 60;

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
  /**
   * @param tokens - the EKS token cache (shared by clients of this factory).
   * @param requestGate - awaited before each request of the clients, with
   * the AWS target of the cluster (the fleet's rate limit).
   */
  constructor(
    private readonly tokens = new EksTokenCache(),
    private readonly requestGate?: RequestGate,
  ) {}

  /**
   * Connections to the clusters' API servers, kept open between requests
   * and shared by the clients of this factory (and of its gated copies).
   */
  private connections = new ClusterConnections();

  /** The API server each cluster was last reached at (shared like the connections). */
  private apiServers = new KnownApiServers();

  /** A factory sharing this one's tokens, connections and known API servers whose clients' requests first await `gate`. */
  withRequestGate(gate: RequestGate): KubernetesClientFactory {
    const gated = new KubernetesClientFactory(this.tokens, gate);
    gated.connections = this.connections;
    gated.apiServers = this.apiServers;
    return gated;
  }

  /**
   * The endpoint and CA that DescribeCluster last named for the cluster, in
   * the account and region of `aws` ({@link KubernetesClientFactory.rememberApiServer});
   * undefined for a cluster not seen since the factory was made (or among
   * the least recently used of many).
   */
  knownApiServer(
    aws: AwsClients,
    clusterName: string,
  ): EksClusterEndpoint | undefined {
    return this.apiServers.get(aws.target, clusterName);
  }

  /** Keeps the endpoint and CA DescribeCluster names for the cluster. */
  rememberApiServer(aws: AwsClients, cluster: EksClusterEndpoint): void {
    this.apiServers.remember(aws.target, cluster);
  }

  /**
   * A kubeconfig for the cluster. Its user signs (and caches) an EKS token per
   * request, so clients made from it stay authenticated for as long as they
   * are used; EKS refuses a token 15 minutes after it was signed.
   */
  async kubeConfig(
    aws: AwsClients,
    cluster: EksClusterEndpoint,
  ): Promise<KubeConfig> {
    const token = () =>
      this.tokens.get({
        clusterName: cluster.name,
        region: aws.target.region,
        accountId: aws.target.accountId,
        credentials: aws.credentials,
      });
    // sign one now, so that missing credentials fail here rather than on a call
    await token();
    const kubeConfig = this.connections.share(
      cluster,
      this.baseConfig(aws, cluster, {
        authProvider: { name: EKS_AUTH_PROVIDER, config: {} },
      }),
    );
    kubeConfig.addAuthenticator({
      isAuthProvider: user => user.authProvider?.name === EKS_AUTH_PROVIDER,
      applyAuthentication: async (_user, opts) => {
        if (this.requestGate) await this.requestGate(aws.target);
        opts.headers = {
          ...opts.headers,
          Authorization: `Bearer ${await token()}`,
        };
      },
    });
    return kubeConfig;
  }

  /**
   * The kubeconfig file content for one `helm` run: the cluster's endpoint
   * and CA, and an EKS token signed now (helm cannot refresh it), so it is
   * good for {@link EKS_TOKEN_VALIDITY_SECONDS} from this call.
   */
  async helmKubeconfig(
    aws: AwsClients,
    cluster: EksClusterEndpoint,
  ): Promise<string> {
    const token = await createEksToken({
      clusterName: cluster.name,
      region: aws.target.region,
      credentials: aws.credentials,
    });
    return this.baseConfig(aws, cluster, { token }).exportConfig();
  }

  private baseConfig(
    aws: AwsClients,
    cluster: EksClusterEndpoint,
    user: { token?: string; authProvider?: { name: string; config: object } },
  ): KubeConfig {
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
      users: [{ name: contextName, ...user }],
      contexts: [
        { name: contextName, cluster: contextName, user: contextName },
      ],
      currentContext: contextName,
    });
    return kubeConfig;
  }

  /** Clients for the cluster's Kubernetes API. */
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
