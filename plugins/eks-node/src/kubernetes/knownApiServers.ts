import type { AwsTarget } from '../aws/AwsClientFactory';
import type { EksClusterEndpoint } from './KubernetesClientFactory';

/** Clusters whose API server is kept; past it, the least recently used are forgotten. */
const MOST_CLUSTERS = 4096;

/**
 * The API server (endpoint and CA) each cluster was last reached at, by
 * account, region and cluster name. An EKS cluster keeps its endpoint and CA
 * for its life, so a health view of a cluster reached before can start its
 * Kubernetes reads without waiting for DescribeCluster; a cluster made again
 * under the same name has new ones, which DescribeCluster then shows. Holds
 * the most recently used {@link MOST_CLUSTERS} clusters (a CA is about 1.5 KB).
 */
export class KnownApiServers {
  private readonly servers = new Map<string, EksClusterEndpoint>();

  /** Where the cluster was last reached, if it was. */
  get(
    target: Required<AwsTarget>,
    clusterName: string,
  ): EksClusterEndpoint | undefined {
    const key = keyOf(target, clusterName);
    const server = this.servers.get(key);
    if (server) {
      // most recently used last
      this.servers.delete(key);
      this.servers.set(key, server);
    }
    return server;
  }

  /** Keeps where the cluster is reached now. */
  remember(target: Required<AwsTarget>, cluster: EksClusterEndpoint): void {
    const key = keyOf(target, cluster.name);
    this.servers.delete(key);
    this.servers.set(key, {
      name: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthorityData,
    });
    while (this.servers.size > MOST_CLUSTERS) {
      this.servers.delete(this.servers.keys().next().value!);
    }
  }

  /** How many clusters' API servers are kept. */
  get size(): number {
    return this.servers.size;
  }
}

function keyOf(target: Required<AwsTarget>, clusterName: string): string {
  return `${target.accountId}\u0000${target.region}\u0000${clusterName}`;
}
