import {
  versionChangeInProgress,
  type ClusterHealth,
  type ClusterHealthResponse,
  type EksClusterRef,
} from '@backstage-eks/plugin-eks-common';
import { clusterOfArn } from '../requestProblems';
import { credentialsOf, type RouteContext } from './context';
import { entityCluster } from './entityCluster';

/** Documents with a failed section are kept at most this long. */
const DEGRADED_DOCUMENT_TTL_MS = 5000;

/**
 * Documents taken while a version update, rollback or node group version
 * update runs are kept at most this long: the entity page reloads them
 * while it runs and shows its progress.
 */
const VERSION_CHANGE_DOCUMENT_TTL_MS = 5000;

function hasFailedSection(health: ClusterHealth): boolean {
  return [
    health.cluster,
    health.insights,
    health.nodeGroups,
    health.nodes,
    health.addons,
    health.podIdentityAssociations,
    health.karpenter,
    health.upgrade,
  ].some(section => section.error !== undefined);
}

function changingVersion(health: ClusterHealth): boolean {
  return health.upgrade.data
    ? versionChangeInProgress(health.upgrade.data)
    : false;
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
        ttlMs: health => {
          if (hasFailedSection(health)) return DEGRADED_DOCUMENT_TTL_MS;
          if (changingVersion(health)) return VERSION_CHANGE_DOCUMENT_TTL_MS;
          return undefined;
        },
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
