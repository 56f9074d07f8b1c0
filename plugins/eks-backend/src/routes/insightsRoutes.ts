import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eksClusterInsightsRefreshPermission,
  type EksClusterRef,
} from '@backstage-eks/plugin-eks-common';
import { credentialsOf, type RouteContext } from './context';
import { entityCluster } from './entityCluster';

/** The fleet's words for a cluster. */
function fleetKeyOf(cluster: EksClusterRef) {
  return {
    accountId: cluster.accountId,
    region: cluster.region,
    name: cluster.clusterName,
  };
}

/**
 * The on-demand insights refresh of the cluster an entity stands for: its
 * status (with whether the user may start one), and starting one, which
 * needs eks.cluster.insights.refresh on the entity.
 */
export function insightsRoutes({
  router,
  catalog,
  insights,
  permissions,
  logger,
  fleet,
}: RouteContext) {
  async function mayRefresh(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [
        {
          permission: eksClusterInsightsRefreshPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  const target = (cluster: EksClusterRef) => ({
    accountId: cluster.accountId,
    region: cluster.region,
    clusterName: cluster.clusterName,
  });

  router.get(
    '/clusters/:namespace/:kind/:name/insights-refresh',
    async (req, res) => {
      const credentials = credentialsOf(res);
      const { entity, cluster } = await entityCluster(
        catalog,
        req.params,
        credentials,
      );
      const [refresh, canRefresh] = await Promise.all([
        insights.refreshStatus(target(cluster)),
        mayRefresh(entity, credentials),
      ]);
      res.json({ refresh, canRefresh });
    },
  );

  router.post(
    '/clusters/:namespace/:kind/:name/insights-refresh',
    async (req, res) => {
      const credentials = credentialsOf(res);
      const { entity, cluster } = await entityCluster(
        catalog,
        req.params,
        credentials,
      );
      if (!(await mayRefresh(entity, credentials))) {
        throw new NotAllowedError(
          `permission ${
            eksClusterInsightsRefreshPermission.name
          } is required to refresh the insights of ${stringifyEntityRef(
            entity,
          )}`,
        );
      }
      const refresh = await insights.startRefresh(target(cluster));
      // the fleet reads it again at its next refresh (readiness changes)
      await fleet.markChanged(fleetKeyOf(cluster));
      logger.info(
        `Insights refresh of EKS cluster ${cluster.clusterName} (${
          cluster.region
        }) started for ${stringifyEntityRef(entity)}: ${refresh.status}`,
      );
      res.json({ refresh, canRefresh: true });
    },
  );
}
