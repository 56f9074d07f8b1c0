import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EKS_CLUSTER_ARN_ANNOTATIONS,
  getEksClusterRef,
  type ClusterListItem,
  type ClustersResponse,
} from '@backstage-eks/plugin-eks-common';
import {
  awsTarget,
  credentialsOf,
  targetKey,
  type RouteContext,
} from './context';

/** ARN -> entity ref of the catalog entities that stand for clusters. */
async function clusterEntityRefs(
  { catalog, logger }: RouteContext,
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  try {
    const { items } = await catalog.getEntities(
      {
        filter: EKS_CLUSTER_ARN_ANNOTATIONS.map(annotation => ({
          [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
        })),
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    for (const entity of items) {
      const cluster = getEksClusterRef(entity);
      if (cluster && !refs.has(cluster.arn)) {
        refs.set(cluster.arn, stringifyEntityRef(entity));
      }
    }
  } catch (error) {
    logger.warn(`could not match clusters to catalog entities: ${error}`);
  }
  return refs;
}

/** What EKS offers: clusters, Kubernetes versions, add-ons and their configuration. */
export function inventoryRoutes(context: RouteContext) {
  const { router, read, cache } = context;

  router.get('/clusters', async (req, res) => {
    const target = awsTarget(req.query);
    const clusters = await cache.get(`clusters:${targetKey(target)}`, () =>
      read.inventory.listClusters(target),
    );
    const entityRefs = await clusterEntityRefs(context, credentialsOf(res));
    const body: ClustersResponse = {
      clusters: clusters.map(
        (c): ClusterListItem => ({ ...c, entityRef: entityRefs.get(c.arn) }),
      ),
    };
    res.json(body);
  });

  router.get('/kubernetes-versions', async (req, res) => {
    const target = awsTarget(req.query);
    res.json(
      await cache.get(`kubernetes-versions:${targetKey(target)}`, () =>
        read.inventory.kubernetesVersions(target),
      ),
    );
  });

  router.get('/addons/versions', async (req, res) => {
    const target = awsTarget(req.query);
    const { kubernetesVersion, addonName } = req.query;
    res.json(
      await cache.get(
        `addon-versions:${targetKey(target)}:${kubernetesVersion ?? ''}:${
          addonName ?? ''
        }`,
        () =>
          read.inventory.addonVersions(
            { kubernetesVersion, addonName },
            target,
          ),
      ),
    );
  });

  router.get('/addons/:name/configuration', async (req, res) => {
    const target = awsTarget(req.query);
    const addonName = req.params.name;
    const { version, kubernetesVersion } = req.query;
    res.json(
      await cache.get(
        `addon-configuration:${targetKey(target)}:${addonName}:${version}:${
          kubernetesVersion ?? ''
        }`,
        () =>
          read.inventory.addonConfiguration(
            { addonName, version, kubernetesVersion },
            target,
          ),
      ),
    );
  });
}
