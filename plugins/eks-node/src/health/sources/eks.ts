import type {
  Addon,
  AddonInfo,
  Cluster,
  ClusterVersionInformation,
  FargateProfile,
  Insight,
  InsightSummary,
  Nodegroup,
  PodIdentityAssociation,
} from '@aws-sdk/client-eks';
import type {
  AddonSummary,
  ClusterInsight,
  ClusterSummary,
  NodeGroupSummary,
  PodIdentityAssociationSummary,
} from '@backstage-eks/plugin-eks-common';
import {
  compareAddonVersions,
  compareKubernetesVersions,
  partitionForRegion,
} from '@backstage-eks/plugin-eks-common';
import type { ClusterHealthTarget, FargateProfileObservation } from '../types';

/** The AWS console page of a cluster. @public */
export function clusterConsoleUrl(target: ClusterHealthTarget): string {
  const { region, clusterName } = target;
  const partition = partitionForRegion(region);
  const hosts: Record<string, string> = {
    'aws-cn': 'console.amazonaws.cn',
    'aws-us-gov': 'console.amazonaws-us-gov.com',
  };
  const host = hosts[partition] ?? `${region}.console.aws.amazon.com`;
  return `https://${host}/eks/clusters/${encodeURIComponent(
    clusterName,
  )}?region=${region}`;
}

/** The newest Kubernetes version EKS offers, when newer than `current`. */
export function newestKubernetesVersion(
  versions: ClusterVersionInformation[],
  current: string,
): string | undefined {
  const newest = versions
    .map(v => v.clusterVersion)
    .filter((v): v is string => !!v && /^\d+\.\d+$/.test(v))
    .sort(compareKubernetesVersions)
    .pop();
  return newest && compareKubernetesVersions(newest, current) > 0
    ? newest
    : undefined;
}

export function toClusterSummary(
  target: ClusterHealthTarget,
  cluster: Cluster,
  upgradeAvailable: string | undefined,
): ClusterSummary {
  const vpc = cluster.resourcesVpcConfig;
  return {
    name: cluster.name ?? target.clusterName,
    arn: cluster.arn ?? '',
    accountId: target.accountId,
    region: target.region,
    status: cluster.status ?? 'UNKNOWN',
    version: cluster.version ?? '',
    platformVersion: cluster.platformVersion,
    endpoint: cluster.endpoint,
    endpointPublicAccess: vpc?.endpointPublicAccess,
    endpointPrivateAccess: vpc?.endpointPrivateAccess,
    publicAccessCidrs: vpc?.publicAccessCidrs,
    authenticationMode: cluster.accessConfig?.authenticationMode,
    autoMode: cluster.computeConfig?.enabled === true,
    oidcIssuer: cluster.identity?.oidc?.issuer,
    createdAt: cluster.createdAt?.toISOString(),
    tags: cluster.tags ?? {},
    upgradeAvailable,
    supportType: cluster.upgradePolicy?.supportType,
    deletionProtection: cluster.deletionProtection,
    zonalShift: cluster.zonalShiftConfig?.enabled,
    controlPlaneTier: cluster.controlPlaneScalingConfig?.tier,
    controlPlaneEgressMode: vpc?.controlPlaneEgressMode,
    remoteNetworks: remoteNetworksOf(cluster),
    consoleUrl: clusterConsoleUrl(target),
  };
}

/** The remote networks of EKS Hybrid Nodes, or undefined when none are set. */
function remoteNetworksOf(cluster: Cluster): ClusterSummary['remoteNetworks'] {
  const remote = cluster.remoteNetworkConfig;
  const nodeCidrs = (remote?.remoteNodeNetworks ?? []).flatMap(
    n => n.cidrs ?? [],
  );
  const podCidrs = (remote?.remotePodNetworks ?? []).flatMap(
    n => n.cidrs ?? [],
  );
  return nodeCidrs.length + podCidrs.length > 0
    ? { nodeCidrs, podCidrs }
    : undefined;
}

export function toClusterInsight(
  summary: InsightSummary,
  details?: Insight,
): ClusterInsight {
  return {
    id: summary.id ?? '',
    name: summary.name ?? '',
    category: summary.category ?? '',
    status: summary.insightStatus?.status ?? 'UNKNOWN',
    reason: summary.insightStatus?.reason,
    description: summary.description,
    recommendation: details?.recommendation,
    kubernetesVersion: summary.kubernetesVersion,
  };
}

/** Metadata options of a launch template version. */
export interface LaunchTemplateMetadataOptions {
  httpTokens?: string;
  httpPutResponseHopLimit?: number;
}

export function toNodeGroupSummary(
  nodegroup: Nodegroup,
  metadataOptions?: LaunchTemplateMetadataOptions,
): NodeGroupSummary {
  return {
    name: nodegroup.nodegroupName ?? '',
    status: nodegroup.status ?? 'UNKNOWN',
    version: nodegroup.version,
    amiType: nodegroup.amiType,
    capacityType: nodegroup.capacityType,
    instanceTypes: nodegroup.instanceTypes ?? [],
    desiredSize: nodegroup.scalingConfig?.desiredSize,
    minSize: nodegroup.scalingConfig?.minSize,
    maxSize: nodegroup.scalingConfig?.maxSize,
    httpPutResponseHopLimit: metadataOptions?.httpPutResponseHopLimit,
    httpTokens: metadataOptions?.httpTokens,
    issues: (nodegroup.health?.issues ?? []).map(issue => ({
      code: issue.code ?? 'Unknown',
      message: issue.message ?? '',
    })),
  };
}

/** Newest and default versions of one add-on for a Kubernetes version. */
export interface AddonVersionFacts {
  newest?: string;
  default?: string;
}

/**
 * From one DescribeAddonVersions answer for the cluster's Kubernetes
 * version: each add-on's newest compatible and default version.
 */
export function addonVersionFacts(
  addons: AddonInfo[],
  kubernetesVersion: string,
): Map<string, AddonVersionFacts> {
  const facts = new Map<string, AddonVersionFacts>();
  for (const addon of addons) {
    if (!addon.addonName) continue;
    const entry: AddonVersionFacts = facts.get(addon.addonName) ?? {};
    for (const version of addon.addonVersions ?? []) {
      const compatibility = version.compatibilities?.find(
        c => c.clusterVersion === kubernetesVersion,
      );
      if (!version.addonVersion || !compatibility) continue;
      if (
        !entry.newest ||
        compareAddonVersions(version.addonVersion, entry.newest) > 0
      ) {
        entry.newest = version.addonVersion;
      }
      if (compatibility.defaultVersion) {
        entry.default = version.addonVersion;
      }
    }
    facts.set(addon.addonName, entry);
  }
  return facts;
}

export function toAddonSummary(
  addon: Addon,
  facts: AddonVersionFacts | undefined,
  remedyFor: (code: string) => string | undefined,
): AddonSummary {
  const version = addon.addonVersion ?? '';
  return {
    name: addon.addonName ?? '',
    status: addon.status ?? 'UNKNOWN',
    version,
    newerVersion:
      facts?.newest && compareAddonVersions(facts.newest, version) > 0
        ? facts.newest
        : undefined,
    defaultVersion: facts?.default,
    health: (addon.health?.issues ?? []).map(issue => ({
      code: issue.code ?? 'Unknown',
      message: issue.message ?? '',
      resourceIds: issue.resourceIds,
      remedy: remedyFor(issue.code ?? ''),
    })),
    serviceAccountRoleArn: addon.serviceAccountRoleArn,
    podIdentityAssociations: addon.podIdentityAssociations ?? [],
    configurationValues: addon.configurationValues,
    namespace: addon.namespaceConfig?.namespace,
    createdAt: addon.createdAt?.toISOString(),
    modifiedAt: addon.modifiedAt?.toISOString(),
  };
}

export function toPodIdentityAssociationSummary(
  association: PodIdentityAssociation,
): PodIdentityAssociationSummary {
  return {
    associationId: association.associationId ?? '',
    namespace: association.namespace ?? '',
    serviceAccount: association.serviceAccount ?? '',
    roleArn: association.roleArn ?? '',
    ownerArn: association.ownerArn,
    targetRoleArn: association.targetRoleArn,
    // the external id matters only for a target role's trust
    externalId: association.targetRoleArn ? association.externalId : undefined,
    disableSessionTags: association.disableSessionTags,
    sessionPolicy: association.policy,
  };
}

export function toFargateProfileObservation(
  profile: FargateProfile,
): FargateProfileObservation {
  return {
    name: profile.fargateProfileName ?? '',
    selectors: (profile.selectors ?? []).map(s => ({
      namespace: s.namespace,
      labels: s.labels ?? {},
    })),
  };
}
