import { createHash } from 'node:crypto';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { nextVersion } from './clusterVersions';
import { requireCluster } from './lookup';
import { usagePath } from '../../kubernetes/deprecatedApis';
import { readinessInsights } from './insightsReadiness';
import { rollbackWindow } from './versionHistory';
import { EksCluster } from './model';
import { EksRequest, epoch, notFound } from './request';

export type InsightStatus = 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN';

/**
 * EKS's insight categories: upgrade insights, configuration insights about
 * Hybrid Nodes, and (with cluster version rollback) readiness to roll back.
 * The AWS SDK's `Category` lists all three; botocore's still lists two.
 */
type InsightCategory =
  | 'UPGRADE_READINESS'
  | 'MISCONFIGURATION'
  | 'ROLLBACK_READINESS';

export interface Insight {
  id: string;
  name: string;
  category: InsightCategory;
  kubernetesVersion: string;
  lastRefreshTime: number;
  lastTransitionTime: number;
  description: string;
  insightStatus: { status: InsightStatus; reason: string };
  recommendation: string;
  additionalInfo: Record<string, string>;
  resources: {
    insightStatus: { status: InsightStatus; reason: string };
    kubernetesResourceUri?: string;
    arn?: string;
  }[];
  categorySpecificSummary: {
    deprecationDetails: DeprecationDetail[];
    addonCompatibilityDetails: { name: string; compatibleVersions: string[] }[];
  };
}

/** EKS's DeprecationDetail: a deprecated API, its replacement and who calls it. */
interface DeprecationDetail {
  usage: string;
  replacedWith: string;
  stopServingVersion: string;
  startServingReplacementVersion: string;
  clientStats: {
    userAgent: string;
    numberOfRequestsLast30Days: number;
    lastRequestTime: number;
  }[];
}

function insightId(cluster: EksCluster, kind: string) {
  const h = createHash('sha256').update(`${cluster.arn}|${kind}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

const UPGRADE_DOCS =
  'https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html';

/** EKS refreshes every cluster's insights once a day on its own. */
const PERIODIC_REFRESH_MS = 24 * 60 * 60_000;

/** How long an on-demand refresh (StartInsightsRefresh) takes, at latency 1. */
export const INSIGHTS_REFRESH_MS = 60_000;

/** The latest on-demand refresh of a cluster's insights (DescribeInsightsRefresh). */
interface InsightsRefresh {
  status: 'IN_PROGRESS' | 'FAILED' | 'COMPLETED';
  message: string;
  startedAt: Date;
  endedAt?: Date;
}

/** Keyed by the cluster object: a cluster deleted and created again starts afresh. */
const refreshes = new WeakMap<EksCluster, InsightsRefresh>();

/**
 * When the cluster's insights were last refreshed: the latest of EKS's daily
 * refreshes since the cluster was created, or of a completed on-demand one.
 */
function lastRefreshTime(cluster: EksCluster, now: Date): number {
  const created = cluster.createdAt.getTime();
  const periodic =
    created +
    Math.floor((now.getTime() - created) / PERIODIC_REFRESH_MS) *
      PERIODIC_REFRESH_MS;
  const onDemand = refreshes.get(cluster)?.endedAt?.getTime() ?? 0;
  return epoch(new Date(Math.max(periodic, onDemand)));
}

/** The insights EKS computes for a cluster, evaluated against its current state. */
export function insightsOf(ctx: AwsContext, cluster: EksCluster): Insight[] {
  const target = nextVersion(cluster.version) ?? cluster.version;
  const refreshed = lastRefreshTime(cluster, new Date());
  const since = epoch(cluster.createdAt);
  const base: InsightBase = (
    kind,
    name,
    category = 'UPGRADE_READINESS',
    kubernetesVersion = target,
  ) => ({
    id: insightId(cluster, kind),
    name,
    category,
    kubernetesVersion,
    lastRefreshTime: refreshed,
    lastTransitionTime: since,
    additionalInfo: { 'EKS update cluster documentation': UPGRADE_DOCS },
    categorySpecificSummary: {
      deprecationDetails: [] as DeprecationDetail[],
      addonCompatibilityDetails: [] as {
        name: string;
        compatibleVersions: string[];
      }[],
    },
  });
  const window = rollbackWindow(cluster);
  return [
    ...readinessInsights(
      ctx,
      cluster,
      { category: 'UPGRADE_READINESS', version: target },
      base,
    ),
    deprecatedApiInsight(cluster, target, base),
    ...hybridInsights(cluster, base),
    // while the rollback window is open (an in-place upgrade less than 7 days ago)
    ...(window?.open
      ? readinessInsights(
          ctx,
          cluster,
          { category: 'ROLLBACK_READINESS', version: window.previousVersion },
          base,
        )
      : []),
  ];
}

/**
 * Deprecated APIs removed in the target version: the requests the cluster's
 * API server served in the last 30 days to an API the target no longer
 * serves (ERROR: the upgrade would break those clients).
 */
function deprecatedApiInsight(
  cluster: EksCluster,
  target: string,
  base: InsightBase,
): Insight {
  const now = Date.now();
  const usages = (cluster.kube?.deprecatedApiUsage.recent(now) ?? []).filter(
    u => u.removal.removedIn === target,
  );
  const byApi = new Map<string, typeof usages>();
  for (const u of usages) {
    const key = usagePath(u.removal);
    byApi.set(key, [...(byApi.get(key) ?? []), u]);
  }
  const details: DeprecationDetail[] = [...byApi.values()].map(group => {
    const removal = group[0].removal;
    return {
      usage: usagePath(removal),
      replacedWith: usagePath(removal, removal.replacementVersion),
      stopServingVersion: removal.removedIn,
      startServingReplacementVersion: removal.replacementSince,
      clientStats: group.map(u => ({
        userAgent: u.userAgent,
        numberOfRequestsLast30Days: u.times.length,
        lastRequestTime: epoch(new Date(u.times[u.times.length - 1])),
      })),
    };
  });
  const insight = base(
    'deprecated-apis',
    `Deprecated APIs removed in Kubernetes v${target}`,
  );
  return {
    ...insight,
    // changes with the usage: the last request, or when it fell out of the window
    lastTransitionTime: usages.length
      ? epoch(new Date(Math.max(...usages.flatMap(u => u.times))))
      : insight.lastTransitionTime,
    description: `Checks for usage of deprecated APIs that are scheduled for removal in Kubernetes v${target}. Upgrading your cluster before migrating to the updated APIs supported by v${target} could cause application impact.`,
    insightStatus: details.length
      ? {
          status: 'ERROR',
          reason: `Deprecated API usage detected within the last 30 days: ${details
            .map(d => d.usage)
            .join(', ')}.`,
        }
      : {
          status: 'PASSING',
          reason: `No deprecated API usage detected within the last 30 days.`,
        },
    recommendation: `Update manifests and API clients to use newer Kubernetes APIs if applicable before upgrading to Kubernetes v${target}.`,
    resources: details.map(d => ({
      insightStatus: {
        status: 'ERROR' as const,
        reason: `${d.usage} is no longer served in Kubernetes v${d.stopServingVersion}; use ${d.replacedWith}`,
      },
      kubernetesResourceUri: d.usage,
    })),
    categorySpecificSummary: {
      ...insight.categorySpecificSummary,
      deprecationDetails: details,
    },
  };
}

export type InsightBase = (
  kind: string,
  name: string,
  category?: InsightCategory,
  kubernetesVersion?: string,
) => Omit<
  Insight,
  'description' | 'insightStatus' | 'recommendation' | 'resources'
>;

/**
 * Configuration insights (MISCONFIGURATION) about Hybrid Nodes, for a
 * cluster with remote node networks: without remote pod networks, the
 * control plane cannot reach pods on hybrid nodes (webhooks, metrics-server).
 */
function hybridInsights(cluster: EksCluster, base: InsightBase): Insight[] {
  const config = cluster.remoteNetworkConfig;
  const nodeCidrs = (config?.remoteNodeNetworks ?? []).flatMap(n => n.cidrs);
  if (nodeCidrs.length === 0) return [];
  const podCidrs = (config?.remotePodNetworks ?? []).flatMap(n => n.cidrs);
  return [
    {
      ...base(
        'hybrid-remote-pod-networks',
        'Hybrid nodes remote pod network configuration',
        'MISCONFIGURATION',
      ),
      kubernetesVersion: cluster.version,
      description:
        'Checks that the cluster with remote node networks also names its remote pod networks, so the control plane can reach pods on hybrid nodes.',
      insightStatus: podCidrs.length
        ? {
            status: 'PASSING',
            reason: `Remote pod networks are configured: ${podCidrs.join(
              ', ',
            )}.`,
          }
        : {
            status: 'WARNING',
            reason: `Remote node networks ${nodeCidrs.join(
              ', ',
            )} have no remote pod networks: webhooks and metrics-server running on hybrid nodes cannot be reached from the control plane.`,
          },
      recommendation:
        'Add the CIDRs your CNI gives pods on hybrid nodes as remote pod networks (UpdateClusterConfig remoteNetworkConfig), and route them from your on-premises network.',
      resources: [],
    },
  ];
}

function summary(i: Insight) {
  return {
    id: i.id,
    name: i.name,
    category: i.category,
    kubernetesVersion: i.kubernetesVersion,
    lastRefreshTime: i.lastRefreshTime,
    lastTransitionTime: i.lastTransitionTime,
    description: i.description,
    insightStatus: i.insightStatus,
  };
}

export function listInsights(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const filter = (req.body.filter ?? {}) as {
    categories?: string[];
    kubernetesVersions?: string[];
    statuses?: string[];
  };
  const maxResults = (req.body.maxResults as number | undefined) ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new AwsError(
      'InvalidParameterException',
      'maxResults must be an integer between 1 and 100',
    );
  }
  const all = insightsOf(ctx, cluster).filter(
    i =>
      (!filter.categories?.length || filter.categories.includes(i.category)) &&
      (!filter.kubernetesVersions?.length ||
        filter.kubernetesVersions.includes(i.kubernetesVersion)) &&
      (!filter.statuses?.length ||
        filter.statuses.includes(i.insightStatus.status)),
  );
  const start = req.body.nextToken
    ? Number(Buffer.from(String(req.body.nextToken), 'base64').toString())
    : 0;
  const page = all.slice(start, start + maxResults);
  const nextToken =
    start + maxResults < all.length
      ? Buffer.from(String(start + maxResults)).toString('base64')
      : undefined;
  return { insights: page.map(summary), nextToken };
}

export function describeInsight(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const insight = insightsOf(ctx, cluster).find(
    i => i.id === req.pathParams.id,
  );
  if (!insight) throw notFound(`No insight found for id: ${req.pathParams.id}`);
  return { insight };
}

function refreshView(refresh: InsightsRefresh) {
  return {
    status: refresh.status,
    message: refresh.message,
    startedAt: epoch(refresh.startedAt),
    endedAt: refresh.endedAt ? epoch(refresh.endedAt) : undefined,
  };
}

/**
 * StartInsightsRefresh: starts an on-demand refresh of an ACTIVE cluster's
 * insights (one at a time: while one runs, it is the answer), which
 * completes after {@link INSIGHTS_REFRESH_MS} and moves every insight's
 * `lastRefreshTime` to its end.
 */
export function startInsightsRefresh(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  if (cluster.status !== 'ACTIVE') {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster '${cluster.name}' is in ${cluster.status} state; insights can be refreshed only while it is ACTIVE.`,
    );
  }
  const current = refreshes.get(cluster);
  if (current?.status === 'IN_PROGRESS') {
    return { status: current.status, message: current.message };
  }
  const refresh: InsightsRefresh = {
    status: 'IN_PROGRESS',
    message: 'Insights refresh started.',
    startedAt: new Date(),
  };
  refreshes.set(cluster, refresh);
  ctx.recordWrite({ name: cluster.name });
  ctx.scheduler.after(INSIGHTS_REFRESH_MS, () => {
    refresh.status = 'COMPLETED';
    refresh.message = 'Insights refresh completed.';
    refresh.endedAt = new Date();
  });
  return { status: refresh.status, message: refresh.message };
}

/**
 * DescribeInsightsRefresh: the latest on-demand refresh of the cluster's
 * insights; an empty answer when there has been none.
 */
export function describeInsightsRefresh(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const refresh = refreshes.get(cluster);
  return refresh ? refreshView(refresh) : {};
}
