import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_ARN_ANNOTATION,
  EKS_CLUSTER_ARN_ANNOTATION,
  EKS_CLUSTER_RESOURCE_TYPE,
  KUBERNETES_API_SERVER_ANNOTATION,
  KUBERNETES_API_SERVER_CA_ANNOTATION,
  KUBERNETES_AUTH_PROVIDER_ANNOTATION,
  KUBERNETES_AWS_CLUSTER_ID_ANNOTATION,
} from '@backstage-eks/plugin-eks-common';
import type { DiscoveredCluster } from '@backstage-eks/plugin-eks-node';

/** Catalog names allow letters, digits, `-`, `_` and `.`, up to 63 characters. */
function entityName(cluster: DiscoveredCluster): string {
  return cluster.name.replace(/[^A-Za-z0-9\-_.]/g, '-').slice(0, 63);
}

/**
 * The `Resource` entity of a discovered cluster, with the annotations the
 * create action writes: the cluster ARN (this plugin and the catalog AWS
 * module), the account, and what the Kubernetes plugin's catalog cluster
 * locator reads (API server, CA, `aws` auth provider, cluster id).
 */
export function clusterEntity(
  cluster: DiscoveredCluster,
  opts: { location: string; owner: string; system?: string },
): Entity {
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: opts.location,
    [ANNOTATION_ORIGIN_LOCATION]: opts.location,
    [EKS_CLUSTER_ARN_ANNOTATION]: cluster.arn,
    [AWS_ARN_ANNOTATION]: cluster.arn,
    [AWS_ACCOUNT_ID_ANNOTATION]: cluster.accountId,
    [KUBERNETES_AUTH_PROVIDER_ANNOTATION]: 'aws',
    [KUBERNETES_AWS_CLUSTER_ID_ANNOTATION]: cluster.name,
  };
  if (cluster.endpoint) {
    annotations[KUBERNETES_API_SERVER_ANNOTATION] = cluster.endpoint;
  }
  if (cluster.certificateAuthorityData) {
    annotations[KUBERNETES_API_SERVER_CA_ANNOTATION] =
      cluster.certificateAuthorityData;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entityName(cluster),
      title: cluster.name,
      description: `EKS cluster ${cluster.name} in ${cluster.region} (account ${cluster.accountId})`,
      annotations,
      tags: ['eks', 'kubernetes'],
    },
    spec: {
      type: EKS_CLUSTER_RESOURCE_TYPE,
      owner: cluster.tags.owner ?? opts.owner,
      ...(opts.system ? { system: opts.system } : {}),
    },
  };
}
