import { CatalogApi } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterListItem,
  EKS_CLUSTER_RESOURCE_TYPE,
  getEksClusterRef,
} from '@backstage-eks/plugin-eks-common';
import { EksApi, EksTarget } from '../../../api';

/** A cluster the picker offers. */
export interface ClusterOption extends ClusterListItem {
  /** The catalog entity's title, when it has one. */
  title?: string;
}

function matchesTarget(cluster: ClusterListItem, target: EksTarget): boolean {
  return (
    (!target.region || cluster.region === target.region) &&
    (!target.accountId || cluster.accountId === target.accountId)
  );
}

/** Cluster Resources in the catalog that carry an EKS cluster ARN. */
export async function loadCatalogClusters(
  catalogApi: CatalogApi,
  target: EksTarget,
): Promise<ClusterOption[]> {
  const { items } = await catalogApi.getEntities({
    filter: { kind: 'Resource', 'spec.type': EKS_CLUSTER_RESOURCE_TYPE },
  });
  return items
    .flatMap(entity => {
      const ref = getEksClusterRef(entity);
      return ref
        ? [
            {
              name: ref.clusterName,
              arn: ref.arn,
              region: ref.region,
              accountId: ref.accountId,
              entityRef: stringifyEntityRef(entity),
              title: entity.metadata.title,
            },
          ]
        : [];
    })
    .filter(cluster => matchesTarget(cluster, target))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The clusters EKS lists in an account and region. */
export async function loadAwsClusters(
  eksApi: EksApi,
  target: EksTarget,
): Promise<ClusterOption[]> {
  const { clusters } = await eksApi.listClusters(target);
  return [...clusters].sort((a, b) => a.name.localeCompare(b.name));
}

/** How a cluster is shown in the picker. */
export function clusterLabel(cluster: ClusterOption): string {
  const details = [
    cluster.region,
    cluster.accountId,
    cluster.version ? `Kubernetes ${cluster.version}` : undefined,
    cluster.status,
  ].filter(Boolean);
  return `${cluster.title ?? cluster.name} (${details.join(', ')})`;
}
