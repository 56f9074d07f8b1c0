import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AddonConfigurationResponse,
  AddonVersionsResponse,
  ClusterHealth,
  ClustersResponse,
  IamPrincipalsResponse,
  InstanceTypesResponse,
  KubernetesVersionsResponse,
  SubnetsResponse,
  VpcsResponse,
} from '@backstage-eks/plugin-eks-common';

/**
 * The AWS account and region a request is about; the backend's defaults
 * (`eks.defaultAccountId`, `eks.defaultRegion`) apply when left out.
 *
 * @public
 */
export interface EksTarget {
  region?: string;
  accountId?: string;
}

/**
 * Client of the `eks` backend plugin.
 *
 * @public
 */
export interface EksApi {
  /**
   * The health document of the cluster a catalog entity stands for.
   * `refresh: true` bypasses the backend's cache.
   */
  getClusterHealth(
    entityRef: CompoundEntityRef | string,
    options?: { refresh?: boolean },
  ): Promise<ClusterHealth>;
  /** Clusters in an account and region. */
  listClusters(options?: EksTarget): Promise<ClustersResponse>;
  /** The Kubernetes versions EKS offers, with its default marked. */
  getKubernetesVersions(
    options?: EksTarget,
  ): Promise<KubernetesVersionsResponse>;
  /** Add-ons and their versions for a Kubernetes version. */
  getAddonVersions(
    options?: EksTarget & { kubernetesVersion?: string; addonName?: string },
  ): Promise<AddonVersionsResponse>;
  /**
   * The configuration JSON Schema of one add-on version; `version` may be
   * `latest` or `default` (which needs `kubernetesVersion`).
   */
  getAddonConfiguration(
    addonName: string,
    options: EksTarget & { version: string; kubernetesVersion?: string },
  ): Promise<AddonConfigurationResponse>;
  /**
   * The account's IAM roles and users whose name or ARN contains `search`
   * (any case), at most 50; `truncated` when more matched.
   */
  listIamPrincipals(
    options?: EksTarget & { search?: string },
  ): Promise<IamPrincipalsResponse>;
  /** The VPCs of an account and region. */
  listVpcs(options?: EksTarget): Promise<VpcsResponse>;
  /** The subnets of a VPC. */
  listSubnets(options: EksTarget & { vpcId: string }): Promise<SubnetsResponse>;
  /** The EC2 instance types offered in a region. */
  listInstanceTypes(options?: EksTarget): Promise<InstanceTypesResponse>;
}

/**
 * The {@link EksApi} reference.
 *
 * @public
 */
export const eksApiRef = createApiRef<EksApi>({ id: 'plugin.eks.service' });
