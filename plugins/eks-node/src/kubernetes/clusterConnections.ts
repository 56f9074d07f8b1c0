import type { KubeConfig } from '@kubernetes/client-node';

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** Clusters whose connections are kept; past it, the least recently used are closed. */
const MOST_CLUSTERS = 256;

/**
 * The connections of Kubernetes clients to each cluster's API server, shared
 * between requests. `@kubernetes/client-node` gives every request a new
 * connection pool (its KubeConfig makes a dispatcher per request): each
 * request then parses the cluster's CA and makes a TCP connection and a TLS
 * handshake of its own, which is most of a Kubernetes read's CPU in a
 * health view (11 reads per view). Here a cluster's requests reuse the first
 * request's dispatcher (an undici Agent keeping its connections open for a
 * few seconds), whatever KubeConfig made it. One per API server endpoint and
 * CA, for the most recently used {@link MOST_CLUSTERS} clusters.
 */
export class ClusterConnections {
  private readonly dispatchers = new Map<string, Dispatcher>();

  /** `kubeConfig`, its requests to `cluster` going through the shared connections. */
  share(
    cluster: { endpoint: string; certificateAuthorityData?: string },
    kubeConfig: KubeConfig,
  ): KubeConfig {
    const key = `${cluster.endpoint}\n${
      cluster.certificateAuthorityData ?? ''
    }`;
    const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
    kubeConfig.applySecurityAuthentication = async (
      context: RequestContext,
    ) => {
      await apply(context);
      const made = context.getDispatcher();
      if (!made) return;
      const shared = this.dispatchers.get(key);
      if (shared) {
        // most recently used last
        this.dispatchers.delete(key);
        this.dispatchers.set(key, shared);
        context.setDispatcher(shared);
        // the new one never connected: nothing to close
        return;
      }
      this.dispatchers.set(key, made);
      this.closeLeastRecentlyUsed();
    };
    return kubeConfig;
  }

  /** How many clusters' connections are kept. */
  get size(): number {
    return this.dispatchers.size;
  }

  private closeLeastRecentlyUsed() {
    while (this.dispatchers.size > MOST_CLUSTERS) {
      const [oldestKey, oldest] = this.dispatchers.entries().next().value!;
      this.dispatchers.delete(oldestKey);
      // lets requests in flight finish
      oldest.close().catch(() => {});
    }
  }
}
