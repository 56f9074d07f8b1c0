import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EksCluster } from './aws/eks/model';
import { listenHttpAndHttps, type DualListener } from './listener';
import type { SandboxTls } from './tls';

/** Serves one request to a cluster's endpoint (the path is the whole URL path). */
export type ClusterRequestHandler = (
  cluster: EksCluster,
  req: IncomingMessage,
  res: ServerResponse,
) => void;

/** `host:port` of a URL, with an IPv6 address in brackets. */
export function authority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Every cluster's Kubernetes endpoint: as on EKS, where each cluster's API
 * server is the root of its own host
 * (`https://<id>.<zone>.<region>.eks.amazonaws.com`), each sandbox cluster
 * gets the root of its own HTTPS listener, `https://127.0.0.1:<port>`, so
 * clients that build URLs from the server's root (`kubectl get --raw /apis`)
 * reach it. The listener opens when the cluster is created (DescribeCluster
 * names it once the cluster is ACTIVE, as EKS does) and closes when the
 * cluster is deleted, when the sandbox resets its state and when it stops.
 * Plain HTTP to it gets the API server's answer to plain HTTP (the listener
 * tells TLS from HTTP by the first byte).
 */
export class ClusterEndpoints {
  private readonly listeners = new Map<EksCluster, Promise<DualListener>>();

  constructor(
    private readonly host: string,
    private readonly tls: SandboxTls,
    private readonly handler: ClusterRequestHandler,
  ) {}

  /** Starts listening for `cluster`; sets `cluster.endpoint` once it listens. */
  open(cluster: EksCluster): void {
    if (this.listeners.has(cluster)) return;
    const listening = listenHttpAndHttps({
      port: 0,
      host: this.host,
      tls: this.tls,
      handler: (req, res) => this.handler(cluster, req, res),
    });
    this.listeners.set(cluster, listening);
    listening.then(
      listener => {
        if (this.listeners.get(cluster) === listening) {
          cluster.endpoint = `https://${authority(this.host, listener.port)}`;
        }
      },
      () => this.listeners.delete(cluster),
    );
  }

  /** Stops the listener of a deleted cluster and ends its connections. */
  async close(cluster: EksCluster): Promise<void> {
    const listening = this.listeners.get(cluster);
    if (!listening) return;
    this.listeners.delete(cluster);
    cluster.endpoint = undefined;
    const listener = await listening.catch(() => undefined);
    await listener?.close();
  }

  /** Resolves once every listener opened so far listens (or failed to). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.listeners.values());
  }

  /** Closes every listener (reset and stop). */
  async closeAll(): Promise<void> {
    await Promise.allSettled(
      [...this.listeners.keys()].map(cluster => this.close(cluster)),
    );
  }

  /** How many listeners are open or opening (tests check none leak). */
  get size(): number {
    return this.listeners.size;
  }
}
