/**
 * The REST API of the `eks` backend plugin (mounted at `/api/eks`): routes and
 * response shapes, shared by the backend, the frontend client and tests.
 *
 * @packageDocumentation
 */

import { ClusterHealth } from './health';

/** The route paths, relative to the plugin's base URL. @public */
export const eksApiRoutes = {
  /** `GET` the health document of the cluster an entity stands for; `?refresh=true` bypasses the cache. */
  entityHealth: (ref: { namespace: string; kind: string; name: string }) =>
    `/clusters/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
      ref.kind,
    )}/${encodeURIComponent(ref.name)}/health`,
  /** `GET` the health document by cluster ARN (`?arn=`). */
  arnHealth: '/clusters/by-arn/health',
  /** `GET` clusters in an account/region (`?region=&accountId=`). */
  clusters: '/clusters',
  /** `GET` Kubernetes versions EKS offers (`?region=&accountId=`). */
  kubernetesVersions: '/kubernetes-versions',
  /** `GET` add-ons and their versions (`?kubernetesVersion=&addonName=&region=&accountId=`). */
  addonVersions: '/addons/versions',
  /** `GET` an add-on version's configuration JSON Schema (`?version=&region=&accountId=`). */
  addonConfiguration: (addonName: string) =>
    `/addons/${encodeURIComponent(addonName)}/configuration`,
} as const;

/** The health route's response. @public */
export type ClusterHealthResponse = ClusterHealth;

/** One cluster in {@link ClustersResponse}. @public */
export interface ClusterListItem {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  status?: string;
  version?: string;
  /** The catalog entity that stands for the cluster, when there is one. */
  entityRef?: string;
}

/** `GET /clusters`. @public */
export interface ClustersResponse {
  clusters: ClusterListItem[];
}

/** `GET /kubernetes-versions`. @public */
export interface KubernetesVersionsResponse {
  versions: {
    version: string;
    /** EKS's default for new clusters. */
    default: boolean;
    /** `STANDARD_SUPPORT`, `EXTENDED_SUPPORT`... */
    status?: string;
    /** When standard support ends (ISO 8601), from DescribeClusterVersions. */
    endOfStandardSupport?: string;
    /** When extended support ends (ISO 8601), from DescribeClusterVersions. */
    endOfExtendedSupport?: string;
  }[];
}

/** One add-on in {@link AddonVersionsResponse}. @public */
export interface AddonCatalogItem {
  name: string;
  type?: string;
  publisher?: string;
  owner?: string;
  /** Versions compatible with the requested Kubernetes version, newest first. */
  versions: {
    version: string;
    /** The version EKS installs by default for that Kubernetes version. */
    default: boolean;
    requiresConfiguration?: boolean;
    requiresIamPermissions?: boolean;
  }[];
}

/** `GET /addons/versions`. @public */
export interface AddonVersionsResponse {
  kubernetesVersion?: string;
  addons: AddonCatalogItem[];
}

/** `GET /addons/:name/configuration`. @public */
export interface AddonConfigurationResponse {
  addonName: string;
  addonVersion: string;
  /** The add-on's configuration JSON Schema (parsed from DescribeAddonConfiguration). */
  configurationSchema?: Record<string, unknown>;
  /** Service accounts that need AWS permissions, with the recommended managed policies. */
  podIdentityConfiguration: {
    serviceAccount: string;
    recommendedManagedPolicies: string[];
  }[];
}
