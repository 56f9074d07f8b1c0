import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_ARN_ANNOTATION,
  EKS_CLUSTER_ARN_ANNOTATION,
  EKS_CLUSTER_RESOURCE_TYPE,
  eksClusterEntityName,
  KUBERNETES_API_SERVER_ANNOTATION,
  KUBERNETES_API_SERVER_CA_ANNOTATION,
  KUBERNETES_AUTH_PROVIDER_ANNOTATION,
  KUBERNETES_AWS_CLUSTER_ID_ANNOTATION,
} from '@backstage-eks/plugin-eks-common';

/** A catalog `Resource` entity for a cluster (catalog-info.yaml shape). @public */
export interface ClusterResourceEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Resource';
  metadata: {
    name: string;
    title: string;
    description: string;
    annotations: Record<string, string>;
    tags: string[];
  };
  spec: { type: string; owner: string; system?: string };
}

/**
 * The catalog entity of an EKS cluster, annotated for this plugin (cluster
 * ARN, account), for `@backstage/plugin-catalog-backend-module-aws`
 * (`amazonaws.com/arn`) and for the Backstage Kubernetes plugin's catalog
 * cluster locator (api-server, CA, auth-provider aws, x-k8s-aws-id).
 *
 * @public
 */
export function clusterResourceEntity(opts: {
  clusterName: string;
  arn: string;
  accountId: string;
  region: string;
  endpoint?: string;
  certificateAuthorityData?: string;
  owner: string;
  system?: string;
}): ClusterResourceEntity {
  const annotations: Record<string, string> = {
    [EKS_CLUSTER_ARN_ANNOTATION]: opts.arn,
    [AWS_ARN_ANNOTATION]: opts.arn,
    [AWS_ACCOUNT_ID_ANNOTATION]: opts.accountId,
    [KUBERNETES_AUTH_PROVIDER_ANNOTATION]: 'aws',
    [KUBERNETES_AWS_CLUSTER_ID_ANNOTATION]: opts.clusterName,
  };
  if (opts.endpoint) {
    annotations[KUBERNETES_API_SERVER_ANNOTATION] = opts.endpoint;
  }
  if (opts.certificateAuthorityData) {
    annotations[KUBERNETES_API_SERVER_CA_ANNOTATION] =
      opts.certificateAuthorityData;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: eksClusterEntityName(opts.clusterName),
      title: opts.clusterName,
      description: `EKS cluster ${opts.clusterName} in ${opts.region} (account ${opts.accountId})`,
      annotations,
      tags: ['eks', 'kubernetes'],
    },
    spec: {
      type: EKS_CLUSTER_RESOURCE_TYPE,
      owner: opts.owner,
      ...(opts.system ? { system: opts.system } : {}),
    },
  };
}
