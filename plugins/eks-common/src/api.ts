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
  /** `GET` IAM roles and users of an account, filtered (`?search=&accountId=`). */
  iamPrincipals: '/account/iam-principals',
  /** `GET` VPCs of an account and region (`?region=&accountId=`). */
  vpcs: '/account/vpcs',
  /** `GET` subnets of a VPC (`?vpcId=&region=&accountId=`). */
  subnets: '/account/subnets',
  /** `GET` EC2 instance types offered in a region (`?region=&accountId=`). */
  instanceTypes: '/account/instance-types',
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

/** One IAM role or user in {@link IamPrincipalsResponse}. @public */
export interface IamPrincipal {
  arn: string;
  name: string;
  type: 'role' | 'user';
  /** The IAM path, `/` for most. */
  path: string;
}

/** `GET /account/iam-principals`. @public */
export interface IamPrincipalsResponse {
  /** Roles and users whose name or ARN contains the search (any case), by name. */
  principals: IamPrincipal[];
  /** More matched than the answer holds: type more of the name to narrow. */
  truncated: boolean;
}

/** One VPC in {@link VpcsResponse}. @public */
export interface VpcListItem {
  vpcId: string;
  cidrBlock?: string;
  /** The `Name` tag. */
  name?: string;
  isDefault: boolean;
}

/** `GET /account/vpcs`. @public */
export interface VpcsResponse {
  vpcs: VpcListItem[];
}

/** One subnet in {@link SubnetsResponse}. @public */
export interface SubnetListItem {
  subnetId: string;
  vpcId: string;
  availabilityZone?: string;
  cidrBlock?: string;
  /** The `Name` tag. */
  name?: string;
  /**
   * By the load balancer role tags EKS and the AWS Load Balancer Controller
   * read: `kubernetes.io/role/elb` public, `kubernetes.io/role/internal-elb`
   * private; absent when the subnet has neither.
   */
  visibility?: 'public' | 'private';
}

/** `GET /account/subnets`. @public */
export interface SubnetsResponse {
  subnets: SubnetListItem[];
}

/** `GET /account/instance-types`. @public */
export interface InstanceTypesResponse {
  /** The region the offerings are of. */
  region: string;
  /** Instance types EC2 offers in the region, sorted. */
  instanceTypes: string[];
}
