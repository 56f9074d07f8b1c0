import type {
  Cluster,
  ClusterVersionInformation,
  Update,
} from '@aws-sdk/client-eks';
import {
  extendedSupportMonthlyCostUsd,
  nextKubernetesVersion,
  previousKubernetesVersion,
  rollbackWindowOf,
  ROLLBACK_READINESS_CATEGORY,
  UPGRADE_READINESS_CATEGORY,
  type ClusterInsight,
  type ClusterUpgradeSummary,
  type ClusterVersionUpdate,
  type KubernetesVersionSupport,
  type NodegroupVersionUpdate,
  type SectionError,
  type UpdateErrorSummary,
  type VersionChangeReadiness,
} from '@backstage-eks/plugin-eks-common';
import type { NodegroupUpdate } from '../observe/eksUpdates';

/** What the upgrade section is made of. */
export interface UpgradeFacts {
  cluster: Cluster;
  /** DescribeClusterVersions; empty when it failed (no support dates then). */
  versions: ClusterVersionInformation[];
  /** The insights section's data; undefined when it failed. */
  insights: ClusterInsight[] | undefined;
  /** The control plane's version updates, or why they could not be read. */
  versionUpdates: Update[] | { error: SectionError };
  /** Node groups' version updates in progress, or why they could not be read. */
  nodegroupUpdates: NodegroupUpdate[] | { error: SectionError };
  now: Date;
}

const iso = (date: Date | undefined) => date?.toISOString();

/**
 * A version's support window, its status now, whether its standard support
 * has ended, and whether the cluster is in extended support now (not under
 * the STANDARD upgrade policy, with which EKS upgrades the cluster instead).
 * The dates decide over the status EKS reported: DescribeClusterVersions'
 * status is the version's status when it was read, and a snapshot outlives
 * it (past the end of extended support a version is UNSUPPORTED, and EKS
 * upgrades its clusters to the oldest version still supported).
 */
export function versionSupport(
  version: string,
  versions: ClusterVersionInformation[],
  supportType: string | undefined,
  now: Date,
): KubernetesVersionSupport {
  const info = versions.find(v => v.clusterVersion === version);
  const reported = info?.versionStatus ?? info?.status;
  const endOfStandard = info?.endOfStandardSupportDate;
  const endOfExtended = info?.endOfExtendedSupportDate;
  const passed = (date: Date | undefined) =>
    date !== undefined && now.getTime() >= date.getTime();
  const extendedSupportEnded =
    reported === 'UNSUPPORTED' || passed(endOfExtended);
  const standardSupportEnded =
    extendedSupportEnded ||
    reported === 'EXTENDED_SUPPORT' ||
    passed(endOfStandard);
  let status = reported;
  if (extendedSupportEnded) status = 'UNSUPPORTED';
  else if (standardSupportEnded) status = 'EXTENDED_SUPPORT';
  return {
    status,
    endOfStandardSupport: iso(endOfStandard),
    endOfExtendedSupport: iso(endOfExtended),
    standardSupportEnded,
    inExtendedSupport:
      standardSupportEnded &&
      !extendedSupportEnded &&
      supportType !== 'STANDARD',
  };
}

const STATUS_RANK: Record<string, number> = { ERROR: 0, WARNING: 1 };

/** Readiness insights of one category at a glance: counts, and the findings ERROR first. */
export function readinessOf(
  insights: ClusterInsight[],
  category: string,
  version: string,
  aboutVersions: string[] = [version],
): VersionChangeReadiness {
  const about = insights.filter(
    i =>
      i.category === category &&
      (!i.kubernetesVersion || aboutVersions.includes(i.kubernetesVersion)),
  );
  const count = (status: string) =>
    about.filter(i => i.status === status).length;
  return {
    version,
    errors: count('ERROR'),
    warnings: count('WARNING'),
    passing: count('PASSING'),
    findings: about
      .filter(i => i.status in STATUS_RANK)
      .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]),
  };
}

const paramOf = (update: Update, type: string) =>
  update.params?.find(p => p.type === type)?.value;

const errorsOf = (update: Update): UpdateErrorSummary[] =>
  (update.errors ?? []).map(e => ({
    code: e.errorCode ?? 'Unknown',
    message: e.errorMessage ?? '',
    resourceIds: e.resourceIds ?? [],
  }));

/** A control plane version update or rollback; its `from` is one minor away from its target. */
export function toClusterVersionUpdate(update: Update): ClusterVersionUpdate {
  const toVersion = paramOf(update, 'Version');
  const fromVersion = toVersion
    ? (update.type === 'VersionRollback'
        ? nextKubernetesVersion
        : previousKubernetesVersion)(toVersion)
    : undefined;
  return {
    id: update.id ?? '',
    type: update.type ?? 'VersionUpdate',
    status: update.status ?? 'InProgress',
    fromVersion,
    toVersion,
    createdAt: iso(update.createdAt),
    errors: errorsOf(update),
  };
}

function newest(updates: Update[]): Update | undefined {
  return [...updates].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
}

function toNodegroupVersionUpdate({
  nodegroup,
  update,
}: NodegroupUpdate): NodegroupVersionUpdate {
  return {
    nodegroup: nodegroup.name,
    id: update.id ?? '',
    status: update.status ?? 'InProgress',
    fromVersion: nodegroup.version,
    toVersion: paramOf(update, 'Version'),
    createdAt: iso(update.createdAt),
    errors: errorsOf(update),
  };
}

/**
 * The upgrade section: the version's support and its cost, readiness for
 * the next version, the latest version update or rollback, node group
 * version updates in progress, and the rollback window while it is open
 * (the latest change was a successful upgrade to the version the cluster
 * still runs, less than the window's days ago).
 */
export function summarizeUpgrade(facts: UpgradeFacts): ClusterUpgradeSummary {
  const { cluster, versions, insights, now } = facts;
  const version = cluster.version ?? '';
  const next = nextKubernetesVersion(version);
  const nextVersion =
    next && versions.some(v => v.clusterVersion === next) ? next : undefined;
  const updates = Array.isArray(facts.versionUpdates)
    ? facts.versionUpdates
    : [];
  const latest = newest(updates);
  const latestUpdate = latest && toClusterVersionUpdate(latest);
  const window = latest && rollbackWindowOf(latest, now);
  const rollbackTo = latestUpdate?.fromVersion;
  const rollbackOpen =
    window?.open === true &&
    latestUpdate?.toVersion === version &&
    rollbackTo !== undefined;
  return {
    version,
    supportType: cluster.upgradePolicy?.supportType,
    support: versionSupport(
      version,
      versions,
      cluster.upgradePolicy?.supportType,
      now,
    ),
    extendedSupportMonthlyCostUsd: extendedSupportMonthlyCostUsd(),
    nextVersion,
    upgradeReadiness:
      nextVersion && insights
        ? readinessOf(insights, UPGRADE_READINESS_CATEGORY, nextVersion)
        : undefined,
    latestUpdate,
    nodegroupUpdates: Array.isArray(facts.nodegroupUpdates)
      ? facts.nodegroupUpdates.map(toNodegroupVersionUpdate)
      : [],
    rollbackWindow: rollbackOpen
      ? {
          toVersion: rollbackTo,
          since: window.since.toISOString(),
          closesAt: window.closesAt.toISOString(),
          readiness: rollbackReadiness(insights, rollbackTo),
        }
      : undefined,
    updatesError: updatesErrorOf(facts),
  };
}

function rollbackReadiness(
  insights: ClusterInsight[] | undefined,
  toVersion: string,
): VersionChangeReadiness | undefined {
  if (!insights) return undefined;
  // EKS's rollback insights are about going back from the version the
  // cluster runs to the previous one: either may be the version they name.
  const readiness = readinessOf(
    insights,
    ROLLBACK_READINESS_CATEGORY,
    toVersion,
    [toVersion, nextKubernetesVersion(toVersion) ?? toVersion],
  );
  return readiness.errors + readiness.warnings + readiness.passing > 0
    ? readiness
    : undefined;
}

/**
 * Why the version updates could not be read: the control plane's, or the
 * updating node groups' own update reads (a node group list that failed is
 * the node groups section's error, not repeated here).
 */
function updatesErrorOf(facts: UpgradeFacts): SectionError | undefined {
  if (!Array.isArray(facts.versionUpdates)) return facts.versionUpdates.error;
  if (Array.isArray(facts.nodegroupUpdates)) return undefined;
  const { error } = facts.nodegroupUpdates;
  return /^eks:(ListUpdates|DescribeUpdate)$/.test(error.source)
    ? error
    : undefined;
}
