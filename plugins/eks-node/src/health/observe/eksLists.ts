import {
  DescribeClusterCommand,
  paginateDescribeClusterVersions,
  paginateListAddons,
  paginateListCapabilities,
  paginateListFargateProfiles,
  paginateListInsights,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
  type CapabilitySummary,
  type Cluster,
  type ClusterVersionInformation,
  type InsightSummary,
  type PodIdentityAssociationSummary,
} from '@aws-sdk/client-eks';
import { isNotFoundError } from '../../provisioning/waiters';
import { SourceError, toSectionError } from '../sources/section';
import { allPages, awsCall, type ObserveContext } from './context';

// Round 1 of a health document: the reads keyed on the cluster's name only.

/** DescribeCluster answered that the cluster does not exist. */
export class ClusterNotFoundError extends SourceError {
  override name = 'ClusterNotFoundError';
}

/** The cluster (DescribeCluster); {@link ClusterNotFoundError} when EKS has none of that name. */
export function describeCluster(ctx: ObserveContext): Promise<Cluster> {
  const name = ctx.target.clusterName;
  return awsCall(ctx, 'eks:DescribeCluster', async signal => {
    const out = await ctx.aws.eks
      .send(new DescribeClusterCommand({ name }), { abortSignal: signal })
      .catch(error => {
        if (isNotFoundError(error)) {
          throw new ClusterNotFoundError(
            toSectionError('eks:DescribeCluster', error),
          );
        }
        throw error;
      });
    if (!out.cluster) throw new Error(`cluster ${name} not found`);
    return out.cluster;
  });
}

/**
 * The Kubernetes versions EKS offers (DescribeClusterVersions), the same for
 * every cluster of the account and region: from the context's cache when it
 * has them.
 */
export function listClusterVersions(
  ctx: ObserveContext,
): Promise<ClusterVersionInformation[]> {
  const load = () =>
    allPages(
      ctx,
      'eks:DescribeClusterVersions',
      () => paginateDescribeClusterVersions({ client: ctx.aws.eks }, {}),
      page => page.clusterVersions,
    );
  return ctx.clusterVersionsCache
    ? ctx.clusterVersionsCache.get(ctx.aws.target, 'all', load)
    : load();
}

/** The cluster's upgrade and configuration insights (ListInsights). */
export function listInsights(ctx: ObserveContext): Promise<InsightSummary[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListInsights',
    () => paginateListInsights({ client: ctx.aws.eks }, { clusterName }),
    page => page.insights,
  );
}

/** The names of the cluster's managed node groups (ListNodegroups). */
export function listNodegroups(ctx: ObserveContext): Promise<string[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListNodegroups',
    () => paginateListNodegroups({ client: ctx.aws.eks }, { clusterName }),
    page => page.nodegroups,
  );
}

/** The names of the cluster's add-ons (ListAddons). */
export function listAddons(ctx: ObserveContext): Promise<string[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListAddons',
    () => paginateListAddons({ client: ctx.aws.eks }, { clusterName }),
    page => page.addons,
  );
}

/** The cluster's Pod Identity associations (ListPodIdentityAssociations). */
export function listPodIdentityAssociations(
  ctx: ObserveContext,
): Promise<PodIdentityAssociationSummary[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListPodIdentityAssociations',
    () =>
      paginateListPodIdentityAssociations(
        { client: ctx.aws.eks },
        { clusterName },
      ),
    page => page.associations,
  );
}

/** The names of the cluster's Fargate profiles (ListFargateProfiles). */
export function listFargateProfiles(ctx: ObserveContext): Promise<string[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListFargateProfiles',
    () => paginateListFargateProfiles({ client: ctx.aws.eks }, { clusterName }),
    page => page.fargateProfileNames,
  );
}

/** The cluster's EKS Capabilities (ListCapabilities). */
export function listCapabilities(
  ctx: ObserveContext,
): Promise<CapabilitySummary[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListCapabilities',
    () => paginateListCapabilities({ client: ctx.aws.eks }, { clusterName }),
    page => page.capabilities,
  );
}
