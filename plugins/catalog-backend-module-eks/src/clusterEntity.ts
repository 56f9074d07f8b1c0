import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  clusterResourceEntity,
  type DiscoveredCluster,
} from '@backstage-eks/plugin-eks-node';

/**
 * The `Resource` entity of a discovered cluster: the same entity, with the
 * same annotations, that the create action writes (cluster ARN for this
 * plugin and the catalog AWS module, account, and what the Kubernetes
 * plugin's catalog cluster locator reads), plus the provider's location. The
 * cluster's `owner` tag, when set, names the owner.
 */
export function clusterEntity(
  cluster: DiscoveredCluster,
  opts: { location: string; owner: string; system?: string },
): Entity {
  const entity = clusterResourceEntity({
    clusterName: cluster.name,
    arn: cluster.arn,
    accountId: cluster.accountId,
    region: cluster.region,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.certificateAuthorityData,
    owner: cluster.tags.owner ?? opts.owner,
    system: opts.system,
  });
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        [ANNOTATION_LOCATION]: opts.location,
        [ANNOTATION_ORIGIN_LOCATION]: opts.location,
        ...entity.metadata.annotations,
      },
    },
  };
}
