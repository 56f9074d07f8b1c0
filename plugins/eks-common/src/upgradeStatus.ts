/**
 * The upgrade section of the health document: a cluster's Kubernetes
 * version, its support, readiness for the next version, the latest version
 * update or rollback, and the rollback window.
 */

import type { ClusterInsight, SectionError } from './health';

/** The EKS insight category about rolling back to the previous Kubernetes version. @public */
export const ROLLBACK_READINESS_CATEGORY = 'ROLLBACK_READINESS';

/** A Kubernetes version's support window (DescribeClusterVersions). @public */
export interface KubernetesVersionSupport {
  /**
   * `STANDARD_SUPPORT`, `EXTENDED_SUPPORT` or `UNSUPPORTED` now: EKS's
   * versionStatus, or what the support dates say once they have passed.
   */
  status?: string;
  /** When standard support ends (ISO 8601). */
  endOfStandardSupport?: string;
  /** When extended support ends (ISO 8601). */
  endOfExtendedSupport?: string;
  /** Standard support of the version has ended. */
  standardSupportEnded: boolean;
  /**
   * The cluster is in extended support now, billed at the extended rate:
   * its version's standard support has ended, its extended support has not,
   * and its upgrade policy is not STANDARD (under STANDARD, EKS upgrades it
   * instead).
   */
  inExtendedSupport: boolean;
}

/** An error EKS reports on an update (DescribeUpdate `errors`). @public */
export interface UpdateErrorSummary {
  /** EKS's error code, e.g. `InsufficientFreeAddresses`. */
  code: string;
  message: string;
  /** The resources concerned (subnets, node groups...). */
  resourceIds: string[];
}

/**
 * A version update or rollback of a cluster's control plane
 * (DescribeUpdate with type `VersionUpdate` or `VersionRollback`).
 *
 * @public
 */
export interface ClusterVersionUpdate {
  /** EKS's update id. */
  id: string;
  /** An upgrade (`VersionUpdate`) or a rollback (`VersionRollback`). */
  type: 'VersionUpdate' | 'VersionRollback' | string;
  /** EKS's update status. */
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled' | string;
  /** The version before (one minor away from `toVersion`: EKS moves one at a time). */
  fromVersion?: string;
  /** The version the update moves the cluster to (its `Version` param). */
  toVersion?: string;
  /** When EKS started it (ISO 8601). */
  createdAt?: string;
  /** What EKS reports went wrong (a failed update). */
  errors: UpdateErrorSummary[];
}

/** A managed node group's version update that is still running. @public */
export interface NodegroupVersionUpdate {
  /** The node group's name. */
  nodegroup: string;
  /** EKS's update id. */
  id: string;
  /** EKS's update status (`InProgress`). */
  status: string;
  /** The node group's version now (it moves when the update completes). */
  fromVersion?: string;
  /** The version it moves the node group to. */
  toVersion?: string;
  /** When EKS started it (ISO 8601). */
  createdAt?: string;
  /** What EKS reports went wrong. */
  errors: UpdateErrorSummary[];
}

/**
 * EKS's readiness insights for a version change (UPGRADE_READINESS for the
 * next version, ROLLBACK_READINESS for the previous one), at a glance.
 *
 * @public
 */
export interface VersionChangeReadiness {
  /** The version the insights are about. */
  version: string;
  /** Insights in ERROR: EKS refuses the change unless forced. */
  errors: number;
  /** Insights in WARNING. */
  warnings: number;
  /** Insights that pass. */
  passing: number;
  /** The insights in ERROR, then WARNING, each with its recommendation. */
  findings: ClusterInsight[];
}

/**
 * The rollback window a successful version update opened, while open: EKS
 * lets the cluster go back to `toVersion` until `closesAt`.
 *
 * @public
 */
export interface ClusterRollbackWindow {
  /** The version a rollback returns to (the one before the upgrade). */
  toVersion: string;
  /** When the upgrade completed, as far as EKS tells (its update's createdAt). */
  since: string;
  /** When the window closes (ISO 8601). */
  closesAt: string;
  /** Readiness to roll back (ROLLBACK_READINESS insights), when EKS reports some. */
  readiness?: VersionChangeReadiness;
}

/**
 * The cluster's Kubernetes version, its support, readiness for the next
 * version and the latest version update or rollback.
 *
 * @public
 */
export interface ClusterUpgradeSummary {
  /** The cluster's Kubernetes version. */
  version: string;
  /** The upgrade policy (`upgradePolicy.supportType`): `STANDARD` or `EXTENDED`. */
  supportType?: string;
  /** The version's support window (DescribeClusterVersions). */
  support: KubernetesVersionSupport;
  /**
   * What the cluster's control plane costs per month in extended support:
   * the full price at the extended rate (not the difference to standard).
   */
  extendedSupportMonthlyCostUsd: number;
  /** The next Kubernetes version, when EKS offers it; undefined at the newest version. */
  nextVersion?: string;
  /** Readiness for `nextVersion` (UPGRADE_READINESS insights); undefined when insights could not be read. */
  upgradeReadiness?: VersionChangeReadiness;
  /** The newest version update or rollback of the control plane, when there was one. */
  latestUpdate?: ClusterVersionUpdate;
  /** Managed node groups' version updates in progress. */
  nodegroupUpdates: NodegroupVersionUpdate[];
  /** Set while a rollback to the previous version is possible. */
  rollbackWindow?: ClusterRollbackWindow;
  /** Why the updates (ListUpdates, DescribeUpdate) could not be read, when they could not. */
  updatesError?: SectionError;
}

/**
 * Whether a version change of the cluster is running: the control plane's
 * latest version update or rollback, or a node group's version update; or
 * the document caught one as it ended (its update read as successful while
 * the cluster, read a moment before, still had the version it left). The
 * entity page reloads the document while one is.
 *
 * @public
 */
export function versionChangeInProgress(
  upgrade: ClusterUpgradeSummary,
): boolean {
  const latest = upgrade.latestUpdate;
  return (
    latest?.status === 'InProgress' ||
    (latest?.status === 'Successful' &&
      latest.toVersion !== undefined &&
      latest.toVersion !== upgrade.version) ||
    upgrade.nodegroupUpdates.length > 0
  );
}
