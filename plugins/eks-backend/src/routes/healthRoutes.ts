import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  EKS_CLUSTER_ARN_ANNOTATION,
  EKS_CLUSTER_ARN_ANNOTATIONS,
  getEksClusterRef,
  type ClusterHealth,
  type ClusterHealthResponse,
  type EksClusterRef,
} from '@backstage-eks/plugin-eks-common';
import { clusterOfArn } from '../requestProblems';
import { credentialsOf, type RouteContext } from './context';

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
    const entityRef = { kind, namespace, name };
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: credentialsOf(res),
    });
    if (!entity) {
      throw new NotFoundError(
        `entity ${stringifyEntityRef(entityRef)} not found in the catalog`,
      );
    }
    const cluster = getEksClusterRef(entity);
    if (!cluster) {
      throw new InputError(
        `entity ${stringifyEntityRef(
          entity,
        )} has no EKS cluster ARN: set the annotation ${EKS_CLUSTER_ARN_ANNOTATION} (or one of ${EKS_CLUSTER_ARN_ANNOTATIONS.slice(
          1,
        ).join(', ')}) to the cluster's ARN`,
      );
    }
    res.json(await clusterHealth(cluster, req.query.refresh === 'true'));
  });

  router.get('/clusters/by-arn/health', async (req, res) => {
    const cluster = clusterOfArn(req.query.arn);
    res.json(await clusterHealth(cluster, req.query.refresh === 'true'));
  });
}
