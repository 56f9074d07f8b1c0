import { KubernetesCluster } from '../kubernetes/KubernetesCluster';
import { createNodeGroupNodes } from '../kubernetes/nodeGroups';

/**
 * A cluster for simulation tests: no write log, the `default` namespace,
 * and, when `zones` are given, a managed node group `workers` with a node
 * in each.
 */
export function newTestCluster(zones?: string[]): KubernetesCluster {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
  });
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default' },
  });
  if (zones) createNodeGroupNodes(cluster, { nodeGroup: 'workers', zones });
  return cluster;
}
