import {
  DescribeAddonCommand,
  DescribeCapabilityCommand,
  DescribeFargateProfileCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  paginateDescribeAddonVersions,
  type Addon,
  type AddonInfo,
  type CapabilitySummary,
  type Cluster,
  type ClusterVersionInformation,
  type InsightSummary,
  type PodIdentityAssociationSummary as AssociationListItem,
} from '@aws-sdk/client-eks';
import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import type {
  AddonSummary,
  ClusterInsight,
  ClusterSummary,
  EksCapabilityHealth,
  NodeGroupSummary,
  PodIdentityAssociationSummary,
} from '@backstage-eks/plugin-eks-common';
import {
  addonVersionFacts,
  newestKubernetesVersion,
  toAddonSummary,
  toClusterInsight,
  toClusterSummary,
  toFargateProfileObservation,
  toNodeGroupSummary,
  toPodIdentityAssociationSummary,
  type LaunchTemplateMetadataOptions,
} from '../sources/eks';
import type { ClusterHealthTarget, FargateProfileObservation } from '../types';
import {
  allPages,
  awsCall,
  describeEach,
  type ObserveContext,
} from './context';

// Round 2 of a health document: the details of what round 1 listed.

/** The cluster section: the cluster and the newest Kubernetes version it could go to. */
export function summarizeCluster(
  target: ClusterHealthTarget,
  cluster: Cluster,
  versions: ClusterVersionInformation[],
): ClusterSummary {
  return toClusterSummary(
    target,
    cluster,
    cluster.version
      ? newestKubernetesVersion(versions, cluster.version)
      : undefined,
  );
}

/** Insights, with DescribeInsight's details for those in WARNING or ERROR. */
export function describeInsights(
  ctx: ObserveContext,
  summaries: InsightSummary[],
): Promise<ClusterInsight[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, summaries, async summary => {
    const status = summary.insightStatus?.status;
    if (status !== 'WARNING' && status !== 'ERROR') {
      return toClusterInsight(summary);
    }
    const details = await awsCall(ctx, 'eks:DescribeInsight', signal =>
      ctx.aws.eks.send(
        new DescribeInsightCommand({ clusterName, id: summary.id }),
        { abortSignal: signal },
      ),
    );
    return toClusterInsight(summary, details.insight);
  });
}

/** Node groups (DescribeNodegroup), with their launch template's metadata options. */
export function describeNodeGroups(
  ctx: ObserveContext,
  names: string[],
): Promise<NodeGroupSummary[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, names, async nodegroupName => {
    const { nodegroup } = await awsCall(ctx, 'eks:DescribeNodegroup', signal =>
      ctx.aws.eks.send(
        new DescribeNodegroupCommand({ clusterName, nodegroupName }),
        { abortSignal: signal },
      ),
    );
    const template = nodegroup?.launchTemplate;
    let metadata: LaunchTemplateMetadataOptions | undefined;
    if (template?.id || template?.name) {
      metadata = await launchTemplateMetadata(ctx, template);
    }
    return toNodeGroupSummary(nodegroup ?? { nodegroupName }, metadata);
  });
}

/** A launch template version's IMDS options (DescribeLaunchTemplateVersions). */
export async function launchTemplateMetadata(
  ctx: ObserveContext,
  template: { id?: string; name?: string; version?: string },
): Promise<LaunchTemplateMetadataOptions> {
  const out = await awsCall(ctx, 'ec2:DescribeLaunchTemplateVersions', signal =>
    ctx.aws.ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: template.id,
        LaunchTemplateName: template.id ? undefined : template.name,
        Versions: [template.version ?? '$Default'],
      }),
      { abortSignal: signal },
    ),
  );
  const options =
    out.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.MetadataOptions;
  return {
    httpTokens: options?.HttpTokens,
    httpPutResponseHopLimit: options?.HttpPutResponseHopLimit,
  };
}

/**
 * Every add-on and its versions for a Kubernetes version
 * (DescribeAddonVersions), from the context's cache when it has them for the
 * cluster's account, region and version.
 */
export function describeAddonVersions(
  ctx: ObserveContext,
  kubernetesVersion: string,
): Promise<AddonInfo[]> {
  const load = () =>
    allPages(
      ctx,
      'eks:DescribeAddonVersions',
      () =>
        paginateDescribeAddonVersions(
          { client: ctx.aws.eks, pageSize: 100 },
          { kubernetesVersion },
        ),
      page => page.addons,
    );
  return ctx.addonVersionsCache
    ? ctx.addonVersionsCache.get(ctx.aws.target, kubernetesVersion, load)
    : load();
}

/** The cluster's add-ons (DescribeAddon each). */
export function describeAddons(
  ctx: ObserveContext,
  names: string[],
): Promise<Addon[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, names, async addonName => {
    const out = await awsCall(ctx, 'eks:DescribeAddon', signal =>
      ctx.aws.eks.send(new DescribeAddonCommand({ clusterName, addonName }), {
        abortSignal: signal,
      }),
    );
    return out.addon ?? { addonName };
  });
}

/**
 * The add-ons section: each add-on with its newest and default versions for
 * the cluster's Kubernetes version, when both are known.
 */
export function summarizeAddons(
  addons: Addon[],
  versions: AddonInfo[] | undefined,
  kubernetesVersion: string | undefined,
): AddonSummary[] {
  const facts =
    versions && kubernetesVersion
      ? addonVersionFacts(versions, kubernetesVersion)
      : undefined;
  return addons.map(addon =>
    toAddonSummary(
      addon,
      facts?.get(addon.addonName ?? ''),
      // Chosen once everything is observed: a remedy follows from the
      // cause, and the cause needs the rest of the document.
      () => undefined,
    ),
  );
}

/** Pod Identity associations (DescribePodIdentityAssociation each). */
export function describePodIdentityAssociations(
  ctx: ObserveContext,
  list: AssociationListItem[],
): Promise<PodIdentityAssociationSummary[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, list, async item => {
    const out = await awsCall(
      ctx,
      'eks:DescribePodIdentityAssociation',
      signal =>
        ctx.aws.eks.send(
          new DescribePodIdentityAssociationCommand({
            clusterName,
            associationId: item.associationId,
          }),
          { abortSignal: signal },
        ),
    );
    return toPodIdentityAssociationSummary(out.association ?? item);
  });
}

/** Fargate profiles (DescribeFargateProfile each). */
export function describeFargateProfiles(
  ctx: ObserveContext,
  names: string[],
): Promise<FargateProfileObservation[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, names, async fargateProfileName => {
    const out = await awsCall(ctx, 'eks:DescribeFargateProfile', signal =>
      ctx.aws.eks.send(
        new DescribeFargateProfileCommand({ clusterName, fargateProfileName }),
        { abortSignal: signal },
      ),
    );
    return toFargateProfileObservation(
      out.fargateProfile ?? { fargateProfileName },
    );
  });
}

/**
 * The capabilities section: each capability listed, described
 * (DescribeCapability) for its role, Argo CD's server URL, its delete
 * propagation policy and its health issues.
 */
export function describeCapabilities(
  ctx: ObserveContext,
  summaries: CapabilitySummary[],
): Promise<EksCapabilityHealth[]> {
  const { clusterName } = ctx.target;
  return describeEach(ctx, summaries, async summary => {
    const capabilityName = summary.capabilityName ?? '';
    const out = await awsCall(ctx, 'eks:DescribeCapability', signal =>
      ctx.aws.eks.send(
        new DescribeCapabilityCommand({ clusterName, capabilityName }),
        { abortSignal: signal },
      ),
    );
    const c = out.capability ?? summary;
    return {
      name: capabilityName,
      type: c.type ?? summary.type ?? 'UNKNOWN',
      status: c.status ?? summary.status ?? 'UNKNOWN',
      version: c.version ?? summary.version,
      roleArn: out.capability?.roleArn,
      serverUrl: out.capability?.configuration?.argoCd?.serverUrl,
      deletePropagationPolicy: out.capability?.deletePropagationPolicy,
      issues: (out.capability?.health?.issues ?? []).map(i => ({
        code: i.code ?? 'Unknown',
        message: i.message ?? '',
      })),
    };
  });
}
