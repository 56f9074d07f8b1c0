import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AddonConfigurationResponse,
  AddonVersionsResponse,
  ClusterHealthResponse,
  ClustersResponse,
  FleetResponse,
  GetAddonConfigurationQuery,
  IamPrincipalsResponse,
  InsightsRefreshResponse,
  InstanceTypesResponse,
  KubernetesVersionsResponse,
  ListAddonVersionsQuery,
  ListClustersQuery,
  ListIamPrincipalsQuery,
  ListInstanceTypesQuery,
  ListKubernetesVersionsQuery,
  ListSubnetsQuery,
  ListVpcsQuery,
  SubnetsResponse,
  VpcsResponse,
} from '@backstage-eks/plugin-eks-common';

/**
 * The AWS account and region a request is about; the backend's defaults
 * (`eks.defaultAccountId`, `eks.defaultRegion`) apply when left out.
 *
 * @public
 */
export type EksTarget = Pick<ListClustersQuery, 'region' | 'accountId'>;

/**
 * Client of the `eks` backend plugin. Parameters and answers are the types
 * generated from the backend's OpenAPI spec (`@backstage-eks/plugin-eks-common`).
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
  ): Promise<ClusterHealthResponse>;
  /**
   * The latest on-demand refresh of the EKS insights of the cluster a
   * catalog entity stands for, and whether the user may start one.
   */
  getInsightsRefresh(
    entityRef: CompoundEntityRef | string,
  ): Promise<InsightsRefreshResponse>;
  /**
   * Starts an on-demand refresh of the cluster's EKS insights; needs the
   * eks.cluster.insights.refresh permission on the entity (a 403
   * ResponseError without it).
   */
  startInsightsRefresh(
    entityRef: CompoundEntityRef | string,
  ): Promise<InsightsRefreshResponse>;
  /** Clusters in an account and region. */
  listClusters(options?: ListClustersQuery): Promise<ClustersResponse>;
  /** The Kubernetes versions EKS offers, with its default marked. */
  getKubernetesVersions(
    options?: ListKubernetesVersionsQuery,
  ): Promise<KubernetesVersionsResponse>;
  /** Add-ons and their versions for a Kubernetes version. */
  getAddonVersions(
    options?: ListAddonVersionsQuery,
  ): Promise<AddonVersionsResponse>;
  /**
   * The configuration JSON Schema of one add-on version; `version` may be
   * `latest` or `default` (which needs `kubernetesVersion`).
   */
  getAddonConfiguration(
    addonName: string,
    options: GetAddonConfigurationQuery,
  ): Promise<AddonConfigurationResponse>;
  /**
   * The account's IAM roles and users whose name or ARN contains `search`
   * (any case), at most 50; `truncated` when more matched.
   */
  listIamPrincipals(
    options?: ListIamPrincipalsQuery,
  ): Promise<IamPrincipalsResponse>;
  /** The VPCs of an account and region. */
  listVpcs(options?: ListVpcsQuery): Promise<VpcsResponse>;
  /** The subnets of a VPC. */
  listSubnets(options: ListSubnetsQuery): Promise<SubnetsResponse>;
  /** The EC2 instance types offered in a region. */
  listInstanceTypes(
    options?: ListInstanceTypesQuery,
  ): Promise<InstanceTypesResponse>;
  /**
   * The fleet: every cluster of the configured accounts and regions, from
   * the backend's last background refresh (never read from AWS on request),
   * with each account and region's last success or error.
   */
  getFleet(): Promise<FleetResponse>;
  /** The URL of the fleet's CSV (every row), `GET /fleet.csv`. */
  getFleetCsvUrl(): Promise<string>;
  /**
   * The fleet's CSV (every row), fetched with the user's credentials (a
   * plain link would go without them).
   */
  getFleetCsv(): Promise<Blob>;
}

/**
 * The {@link EksApi} reference.
 *
 * @public
 */
export const eksApiRef = createApiRef<EksApi>({ id: 'plugin.eks.service' });
