import {
  type ClusterHealth,
  type ClusterHealthResponse,
  type EksClusterRef,
} from '@backstage-eks/plugin-eks-common';
import { clusterOfArn } from '../requestProblems';
import { credentialsOf, type RouteContext } from './context';
import { entityCluster } from './entityCluster';

/** Documents with a failed section are kept at most this long. */
const DEGRADED_DOCUMENT_TTL_MS = 5000;

function hasFailedSection(health: ClusterHealth): boolean {
  return [
    health.cluster,
    health.insights,
    health.nodeGroups,
    health.nodes,
    health.addons,
    health.podIdentityAssociations,
    health.karpenter,
  ].some(section => section.error !== undefined);
}

/** The health document routes: by catalog entity and by cluster ARN. */
export function healthRoutes({ router, catalog, read, cache }: RouteContext) {
  function clusterHealth(
    cluster: EksClusterRef,
    refresh: boolean,
  ): Promise<ClusterHealthResponse> {
    const key = `health:${cluster.accountId}:${cluster.region}:${cluster.clusterName}`;
    return cache.get(
      key,
      () =>
        read.health.getClusterHealth({
          accountId: cluster.accountId,
          region: cluster.region,
          clusterName: cluster.clusterName,
        }),
      {
        refresh,
        ttlMs: health =>
          hasFailedSection(health) ? DEGRADED_DOCUMENT_TTL_MS : undefined,
      },
    );
  }

  router.get('/clusters/:namespace/:kind/:name/health', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const { cluster } = await entityCluster(
      catalog,
      { kind, namespace, name },
      credentialsOf(res),
    );
    res.json(await clusterHealth(cluster, req.query.refresh === 'true'));
  });

  router.get('/clusters/by-arn/health', async (req, res) => {
    const cluster = clusterOfArn(req.query.arn);
    res.json(await clusterHealth(cluster, req.query.refresh === 'true'));
  });
}
