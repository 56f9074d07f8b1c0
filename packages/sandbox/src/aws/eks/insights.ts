import { createHash } from 'node:crypto';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { catalogEntry, compatibleVersions } from './addonCatalog';
import { nextVersion } from './clusterVersions';
import { requireCluster } from './lookup';
import { EksCluster, EksState } from './model';
import { EksRequest, epoch, notFound } from './request';

type InsightStatus = 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN';

interface Insight {
  id: string;
  name: string;
  category: 'UPGRADE_READINESS' | 'MISCONFIGURATION';
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
    deprecationDetails: unknown[];
    addonCompatibilityDetails: { name: string; compatibleVersions: string[] }[];
  };
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

/** The upgrade insights EKS computes for a cluster, evaluated against its current state. */
export function insightsOf(ctx: AwsContext, cluster: EksCluster): Insight[] {
  const target = nextVersion(cluster.version) ?? cluster.version;
  const refreshed = epoch(new Date());
  const since = epoch(cluster.createdAt);
  const base = (kind: string, name: string) => ({
    id: insightId(cluster, kind),
    name,
    category: 'UPGRADE_READINESS' as const,
    kubernetesVersion: target,
    lastRefreshTime: refreshed,
    lastTransitionTime: since,
    additionalInfo: { 'EKS update cluster documentation': UPGRADE_DOCS },
    categorySpecificSummary: {
      deprecationDetails: [],
      addonCompatibilityDetails: [] as {
        name: string;
        compatibleVersions: string[];
      }[],
    },
  });

  const addons = [
    ...EksState.of(ctx.regional.eks.addons, cluster.name).values(),
  ];
  const incompatible = addons.filter(a => {
    const entry = catalogEntry(a.addonName);
    return entry && !compatibleVersions(entry, target).includes(a.addonVersion);
  });
  const addonInsight: Insight = {
    ...base('addon-compat', 'Amazon EKS add-on version compatibility'),
    description: `Checks version of installed EKS add-ons to ensure they are compatible with the next version of Kubernetes.`,
    insightStatus: incompatible.length
      ? {
          status: 'ERROR',
          reason: `Add-on versions are not compatible with Kubernetes ${target}: ${incompatible
            .map(a => `${a.addonName} ${a.addonVersion}`)
            .join(', ')}.`,
        }
      : {
          status: 'PASSING',
          reason: `All installed add-on versions are compatible with Kubernetes ${target}.`,
        },
    recommendation:
      'Upgrade the EKS add-on to a version that is compatible with the next Kubernetes version before upgrading the cluster.',
    resources: incompatible.map(a => ({
      insightStatus: {
        status: 'ERROR' as const,
        reason: `${a.addonName} ${a.addonVersion} is not compatible with ${target}`,
      },
      arn: a.addonArn,
    })),
  };
  addonInsight.categorySpecificSummary.addonCompatibilityDetails = addons.map(
    a => ({
      name: a.addonName,
      compatibleVersions: catalogEntry(a.addonName)
        ? compatibleVersions(catalogEntry(a.addonName)!, target)
        : [],
    }),
  );

  const nodegroups = [
    ...EksState.of(ctx.regional.eks.nodegroups, cluster.name).values(),
  ];
  const skewed = nodegroups.filter(ng => ng.version !== cluster.version);
  const kubeletInsight: Insight = {
    ...base('kubelet-skew', 'Kubelet version skew'),
    description:
      'Checks for kubelet versions of worker nodes in the cluster to see if upgrade would cause non compliance with supported Kubernetes kubelet version skew policy.',
    insightStatus: skewed.length
      ? {
          status: 'WARNING',
          reason: `Node groups run an older kubelet than the control plane: ${skewed
            .map(n => `${n.nodegroupName} (${n.version})`)
            .join(', ')}.`,
        }
      : {
          status: 'PASSING',
          reason:
            'Node kubelet versions match the cluster control plane version.',
        },
    recommendation:
      'Upgrade your worker nodes to match the Kubernetes version of your cluster control plane.',
    resources: skewed.map(n => ({
      insightStatus: {
        status: 'WARNING' as const,
        reason: `kubelet ${n.version}`,
      },
      arn: n.nodegroupArn,
    })),
  };

  const kubeProxy = addons.find(a => a.addonName === 'kube-proxy');
  const proxySkewed =
    kubeProxy && !kubeProxy.addonVersion.startsWith(`v${cluster.version}.`);
  const proxyInsight: Insight = {
    ...base('kube-proxy-skew', 'kube-proxy version skew'),
    description:
      'Checks version of kube-proxy in cluster to see if upgrade would cause non compliance with supported Kubernetes kube-proxy version skew policy.',
    insightStatus: proxySkewed
      ? {
          status: 'WARNING',
          reason: `kube-proxy ${
            kubeProxy!.addonVersion
          } does not match the control plane version ${cluster.version}.`,
        }
      : {
          status: 'PASSING',
          reason:
            'kube-proxy versions match the cluster control plane version.',
        },
    recommendation:
      'Upgrade your kube-proxy to match the Kubernetes version of your cluster control plane.',
    resources: proxySkewed
      ? [
          {
            insightStatus: {
              status: 'WARNING',
              reason: kubeProxy!.addonVersion,
            },
            arn: kubeProxy!.addonArn,
          },
        ]
      : [],
  };

  const healthInsight: Insight = {
    ...base('cluster-health', 'Cluster health issues'),
    description:
      'Checks for any cluster health issues that prevent successful upgrade to the next Kubernetes version on EKS.',
    insightStatus: cluster.healthIssues.length
      ? {
          status: 'ERROR',
          reason: cluster.healthIssues.map(i => i.code).join(', '),
        }
      : { status: 'PASSING', reason: 'No cluster health issues detected.' },
    recommendation:
      'Refer to the cluster health issue details and resolve them before upgrading.',
    resources: [],
  };

  const deprecated: Insight = {
    ...base(
      'deprecated-apis',
      `Deprecated APIs removed in Kubernetes v${target}`,
    ),
    description: `Checks for usage of deprecated APIs that are scheduled for removal in Kubernetes v${target}. Upgrading your cluster before migrating to the updated APIs supported by v${target} could cause application impact.`,
    insightStatus: {
      status: 'PASSING',
      reason: `No deprecated API usage detected within the last 30 days.`,
    },
    recommendation: `Update manifests and API clients to use newer Kubernetes APIs if applicable before upgrading to Kubernetes v${target}.`,
    resources: [],
  };
  return [
    addonInsight,
    kubeletInsight,
    proxyInsight,
    healthInsight,
    deprecated,
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
