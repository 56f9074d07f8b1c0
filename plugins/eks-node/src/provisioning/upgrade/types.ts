import type { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import type { AddonVersionChoice } from '@backstage-eks/plugin-eks-common';

/**
 * What `upgradeCluster` is asked: one cluster, one minor version up.
 *
 * @public
 */
export interface UpgradeClusterOptions {
  clusterName: string;
  /** The next minor version after the cluster's, e.g. `1.34` on a 1.33 cluster. */
  targetVersion: string;
  /**
   * Override upgrade-blocking findings: EKS's UPGRADE_READINESS insights
   * with ERROR status (UpdateClusterVersion's `force`), and the preflight's
   * own (add-ons without a version for both, Karpenter's compatibility,
   * PodDisruptionBudgets: node groups then replace their nodes whatever
   * the budgets say, UpdateNodegroupVersion's `force`). Not what EKS
   * refuses even forced (node groups behind the cluster's version).
   */
  force?: boolean;
  /** The add-on version to move each add-on to on the target: `default` (EKS's) or `latest`. */
  addonVersion?: AddonVersionChoice;
  /** Upgrade the managed node groups to the target version too (default true). */
  upgradeNodegroups?: boolean;
  /** Wait until Karpenter's drift has replaced nodes of the older version (default true). */
  waitForKarpenterDrift?: boolean;
}

/**
 * A finding of the preflight: an EKS insight or one of the preflight's own
 * checks (ids of the latter start with `preflight:`).
 *
 * @public
 */
export interface UpgradeFinding {
  id: string;
  name: string;
  /** PASSING, WARNING, ERROR or UNKNOWN, as EKS insights say. */
  status: string;
  reason: string;
  recommendation: string;
}

/** A version change of one add-on or node group. @public */
export interface VersionChange {
  name: string;
  from: string;
  to: string;
}

/** How long a named step of the run took. @public */
export interface UpgradeStepTiming {
  title: string;
  elapsedMs: number;
}

/**
 * What `upgradeCluster` did (or, in a dry run, would do).
 *
 * @public
 */
export interface UpgradeClusterResult {
  clusterName: string;
  fromVersion: string;
  toVersion: string;
  /** The control plane's version update id (undefined in a dry run, or when already at the target). */
  updateId?: string;
  /** True when the cluster was already at the target when the run began. */
  alreadyAtTarget: boolean;
  /** The plan's lines, logged before acting (the dry run's output). */
  plan: string[];
  steps: UpgradeStepTiming[];
  addons: VersionChange[];
  nodegroups: VersionChange[];
  /** Karpenter's nodes: replaced by drift, and still on an older kubelet. */
  karpenterNodes?: { replaced: number; remaining: number };
  /** What still runs an older version when the run ends. */
  lagging: string[];
  findings: UpgradeFinding[];
}

/**
 * What `rollbackCluster` is asked: roll a cluster back to the version it
 * was upgraded from, within EKS's rollback window.
 *
 * @public
 */
export interface RollbackClusterOptions {
  clusterName: string;
  /**
   * Override rollback-blocking findings: ROLLBACK_READINESS insights with
   * ERROR status and the preflight's own. Not the rollback window, the
   * in-place upgrade or the support policy, which EKS enforces even forced.
   */
  force?: boolean;
  /** rollbackConfig.timeoutMinutes of UpdateClusterVersion (120..10080, EKS's default 720). */
  timeoutMinutes?: number;
}

/**
 * What `rollbackCluster` did (or, in a dry run, would do).
 *
 * @public
 */
export interface RollbackClusterResult {
  clusterName: string;
  fromVersion: string;
  toVersion: string;
  updateId?: string;
  /** When the rollback window closes(d). */
  windowClosesAt?: string;
  plan: string[];
  steps: UpgradeStepTiming[];
  addons: VersionChange[];
  nodegroups: VersionChange[];
  lagging: string[];
  findings: UpgradeFinding[];
}

/**
 * The plan of an upgrade: the preflight's findings and the lines the dry
 * run shows and the run logs before acting.
 *
 * @public
 */
export interface ClusterUpgradePlan {
  clusterName: string;
  fromVersion: string;
  toVersion: string;
  alreadyAtTarget: boolean;
  plan: string[];
  findings: UpgradeFinding[];
}

/**
 * The plan of a rollback: the preflight's findings, the window and the
 * lines the dry run shows and the run logs before acting.
 *
 * @public
 */
export interface ClusterRollbackPlan {
  clusterName: string;
  fromVersion: string;
  toVersion: string;
  windowClosesAt?: string;
  plan: string[];
  findings: UpgradeFinding[];
}

/**
 * What the upgrade and rollback flows need beyond the run: Kubernetes API
 * access to the cluster (PodDisruptionBudgets, nodes, Karpenter's
 * NodeClaims and controller).
 *
 * @public
 */
export interface UpgradeDependencies {
  kubernetes: KubernetesClientFactory;
}
