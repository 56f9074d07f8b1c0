import type { AwsContext } from '../context';
import { catalogEntry, compatibleVersions } from './addonCatalog';
import type { Insight, InsightBase, InsightStatus } from './insights';
import { EksAddon, EksCluster, EksNodegroup, EksState } from './model';
import { minorDistance } from './versionHistory';

/**
 * A readiness check's subject: upgrade readiness for the next version, or
 * rollback readiness for the version a rollback returns to.
 */
export interface ReadinessTarget {
  category: 'UPGRADE_READINESS' | 'ROLLBACK_READINESS';
  /** The version the cluster would run: the upgrade's target, or the previous version. */
  version: string;
}

/** What one check says in one category, at the version it checks. */
interface CheckWording {
  kind: string;
  name: string;
  description: string;
  recommendation: string;
}

/** The add-ons, kubelet, kube-proxy and health checks of a category, each its own wording. */
interface ReadinessRules {
  addons: (version: string) => CheckWording;
  kubelet: (version: string) => CheckWording & {
    status: InsightStatus;
    /** Node groups whose kubelet the check flags. */
    flags: (nodegroup: EksNodegroup, cluster: EksCluster, v: string) => boolean;
    reason: (version: string, flagged: string) => string;
    passing: (version: string) => string;
    resourceReason: (nodegroup: EksNodegroup, version: string) => string;
  };
  kubeProxy: (version: string) => CheckWording & {
    /** Whether the installed kube-proxy build is flagged. */
    flags: (installed: string, cluster: EksCluster, v: string) => boolean;
    reason: (installed: string, cluster: EksCluster, v: string) => string;
    passing: (version: string) => string;
  };
  health: (version: string) => CheckWording;
}

const RULES: Record<ReadinessTarget['category'], ReadinessRules> = {
  UPGRADE_READINESS: {
    addons: () => ({
      kind: 'addon-compat',
      name: 'Amazon EKS add-on version compatibility',
      description: `Checks version of installed EKS add-ons to ensure they are compatible with the next version of Kubernetes.`,
      recommendation:
        'Upgrade the EKS add-on to a version that is compatible with the next Kubernetes version before upgrading the cluster.',
    }),
    // EKS upgrades the control plane only once the node groups run its version
    kubelet: () => ({
      kind: 'kubelet-skew',
      name: 'Kubelet version skew',
      description:
        'Checks for kubelet versions of worker nodes in the cluster to see if upgrade would cause non compliance with supported Kubernetes kubelet version skew policy.',
      recommendation:
        'Upgrade your worker nodes to match the Kubernetes version of your cluster control plane.',
      status: 'WARNING',
      flags: (ng, cluster) => ng.version !== cluster.version,
      reason: (_, flagged) =>
        `Node groups run an older kubelet than the control plane: ${flagged}.`,
      passing: () =>
        'Node kubelet versions match the cluster control plane version.',
      resourceReason: ng => `kubelet ${ng.version}`,
    }),
    kubeProxy: () => ({
      kind: 'kube-proxy-skew',
      name: 'kube-proxy version skew',
      description:
        'Checks version of kube-proxy in cluster to see if upgrade would cause non compliance with supported Kubernetes kube-proxy version skew policy.',
      recommendation:
        'Upgrade your kube-proxy to match the Kubernetes version of your cluster control plane.',
      flags: (installed, cluster) =>
        !installed.startsWith(`v${cluster.version}.`),
      reason: (installed, cluster) =>
        `kube-proxy ${installed} does not match the control plane version ${cluster.version}.`,
      passing: () =>
        'kube-proxy versions match the cluster control plane version.',
    }),
    health: () => ({
      kind: 'cluster-health',
      name: 'Cluster health issues',
      description:
        'Checks for any cluster health issues that prevent successful upgrade to the next Kubernetes version on EKS.',
      recommendation:
        'Refer to the cluster health issue details and resolve them before upgrading.',
    }),
  },
  ROLLBACK_READINESS: {
    addons: v => ({
      kind: 'rollback-addon-compat',
      name: 'Amazon EKS add-on version compatibility for rollback',
      description: `Checks version of installed EKS add-ons to ensure they are compatible with Kubernetes ${v}, the version a rollback returns to.`,
      recommendation: `Before rolling back, move the add-ons to versions that support Kubernetes ${v}.`,
    }),
    // a kubelet must never be newer than the control plane: node groups roll back first
    kubelet: v => ({
      kind: 'rollback-kubelet-skew',
      name: 'Kubelet version skew for rollback',
      description: `Checks that no managed node group runs a kubelet newer than Kubernetes ${v}: a kubelet must never be newer than the control plane.`,
      recommendation: `Roll the managed node groups back to ${v} (UpdateNodegroupVersion with version ${v}) before rolling back the control plane.`,
      status: 'ERROR',
      flags: (ng, _, version) => minorDistance(version, ng.version) > 0,
      reason: (version, flagged) =>
        `Managed node groups run a kubelet newer than ${version} and must be rolled back first: ${flagged}.`,
      passing: version =>
        `No managed node group runs a kubelet newer than ${version}.`,
      resourceReason: (ng, version) =>
        `kubelet ${ng.version} is newer than ${version}`,
    }),
    kubeProxy: v => ({
      kind: 'rollback-kube-proxy-skew',
      name: 'kube-proxy version skew for rollback',
      description: `Checks that kube-proxy is not newer than Kubernetes ${v}, the version a rollback returns to.`,
      recommendation: `Move kube-proxy to a ${v} build once the control plane is back at ${v}.`,
      // v1.33.0-eksbuild.1 -> 1.33
      flags: (installed, _, version) =>
        minorDistance(
          version,
          installed.replace(/^v/, '').split('.').slice(0, 2).join('.'),
        ) > 0,
      reason: (installed, _, version) =>
        `kube-proxy ${installed} is newer than ${version}.`,
      passing: version => `kube-proxy is not newer than ${version}.`,
    }),
    health: v => ({
      kind: 'rollback-cluster-health',
      name: 'Cluster health for rollback',
      description: `Checks for cluster health issues that prevent a successful rollback to Kubernetes ${v}.`,
      recommendation:
        'Refer to the cluster health issue details and resolve them before rolling back.',
    }),
  },
};

/** The common part of a check's insight: its id, name and texts, at the version checked. */
function checkBase(
  base: InsightBase,
  { category, version }: ReadinessTarget,
  wording: CheckWording,
) {
  const { kind, name, description, recommendation } = wording;
  return {
    ...base(kind, name, category, version),
    description,
    recommendation,
  };
}

/**
 * Add-ons the version does not run (kube-proxy aside: it has builds per
 * minor version only, and the skew policy lets it run older than the
 * control plane, which its own check judges).
 */
function addonCompatibilityInsight(
  addons: EksAddon[],
  target: ReadinessTarget,
  base: InsightBase,
): Insight {
  const { version } = target;
  const incompatible = addons.filter(a => {
    const entry = catalogEntry(a.addonName);
    return (
      a.addonName !== 'kube-proxy' &&
      entry &&
      !compatibleVersions(entry, version).includes(a.addonVersion)
    );
  });
  const insight: Insight = {
    ...checkBase(base, target, RULES[target.category].addons(version)),
    insightStatus: incompatible.length
      ? {
          status: 'ERROR',
          reason: `Add-on versions are not compatible with Kubernetes ${version}: ${incompatible
            .map(a => `${a.addonName} ${a.addonVersion}`)
            .join(', ')}.`,
        }
      : {
          status: 'PASSING',
          reason: `All installed add-on versions are compatible with Kubernetes ${version}.`,
        },
    resources: incompatible.map(a => ({
      insightStatus: {
        status: 'ERROR' as const,
        reason: `${a.addonName} ${a.addonVersion} is not compatible with ${version}`,
      },
      arn: a.addonArn,
    })),
  };
  insight.categorySpecificSummary.addonCompatibilityDetails = addons.map(a => ({
    name: a.addonName,
    compatibleVersions: catalogEntry(a.addonName)
      ? compatibleVersions(catalogEntry(a.addonName)!, version)
      : [],
  }));
  return insight;
}

/** Managed node groups whose kubelet the category's skew rule flags. */
function kubeletSkewInsight(
  cluster: EksCluster,
  nodegroups: EksNodegroup[],
  target: ReadinessTarget,
  base: InsightBase,
): Insight {
  const { version } = target;
  const rule = RULES[target.category].kubelet(version);
  const flagged = nodegroups.filter(ng => rule.flags(ng, cluster, version));
  return {
    ...checkBase(base, target, rule),
    insightStatus: flagged.length
      ? {
          status: rule.status,
          reason: rule.reason(
            version,
            flagged.map(n => `${n.nodegroupName} (${n.version})`).join(', '),
          ),
        }
      : { status: 'PASSING', reason: rule.passing(version) },
    resources: flagged.map(n => ({
      insightStatus: {
        status: rule.status,
        reason: rule.resourceReason(n, version),
      },
      arn: n.nodegroupArn,
    })),
  };
}

/** The kube-proxy add-on's build against the category's skew rule (a warning). */
function kubeProxySkewInsight(
  cluster: EksCluster,
  addons: EksAddon[],
  target: ReadinessTarget,
  base: InsightBase,
): Insight {
  const { version } = target;
  const rule = RULES[target.category].kubeProxy(version);
  const kubeProxy = addons.find(a => a.addonName === 'kube-proxy');
  const flagged =
    kubeProxy && rule.flags(kubeProxy.addonVersion, cluster, version)
      ? kubeProxy
      : undefined;
  return {
    ...checkBase(base, target, rule),
    insightStatus: flagged
      ? {
          status: 'WARNING',
          reason: rule.reason(flagged.addonVersion, cluster, version),
        }
      : { status: 'PASSING', reason: rule.passing(version) },
    resources: flagged
      ? [
          {
            insightStatus: { status: 'WARNING', reason: flagged.addonVersion },
            arn: flagged.addonArn,
          },
        ]
      : [],
  };
}

/** The cluster's health issues, any of which stops the version change. */
function clusterHealthInsight(
  cluster: EksCluster,
  target: ReadinessTarget,
  base: InsightBase,
): Insight {
  return {
    ...checkBase(base, target, RULES[target.category].health(target.version)),
    insightStatus: cluster.healthIssues.length
      ? {
          status: 'ERROR',
          reason: cluster.healthIssues.map(i => i.code).join(', '),
        }
      : { status: 'PASSING', reason: 'No cluster health issues detected.' },
    resources: [],
  };
}

/**
 * The readiness checks of a category for a version: the add-ons must run
 * versions it supports, and the kubelets, kube-proxy and the cluster's
 * health must allow the change; UPGRADE_READINESS for the next version,
 * ROLLBACK_READINESS for the previous one (managed node groups not newer
 * than it: they roll back first).
 */
export function readinessInsights(
  ctx: AwsContext,
  cluster: EksCluster,
  target: ReadinessTarget,
  base: InsightBase,
): Insight[] {
  const addons = [
    ...EksState.of(ctx.regional.eks.addons, cluster.name).values(),
  ];
  const nodegroups = [
    ...EksState.of(ctx.regional.eks.nodegroups, cluster.name).values(),
  ];
  return [
    addonCompatibilityInsight(addons, target, base),
    kubeletSkewInsight(cluster, nodegroups, target, base),
    kubeProxySkewInsight(cluster, addons, target, base),
    clusterHealthInsight(cluster, target, base),
  ];
}
