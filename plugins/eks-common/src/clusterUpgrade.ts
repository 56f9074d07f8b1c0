/**
 * The rules of upgrading a cluster one Kubernetes minor version and rolling
 * it back, shared by the scaffolder actions (which check them before any
 * write), the template's version picker and the entity page (rollback
 * window, extended support cost).
 */

import { CLUSTER_HOUR_PRICE_USD } from './clusterSettings';
import { validateKubernetesVersion } from './validation';

/**
 * How many days after an upgrade to a version completes EKS lets the
 * cluster be rolled back to the previous version (Amazon EKS user guide,
 * "Roll back a cluster upgrade").
 *
 * @public
 */
export const CLUSTER_ROLLBACK_WINDOW_DAYS = 7;

/**
 * Which add-on version an upgrade moves each add-on to on the target
 * version: the version EKS marks default for it, or the newest one.
 *
 * @public
 */
export const ADDON_VERSION_CHOICES = ['default', 'latest'] as const;

/** One of {@link ADDON_VERSION_CHOICES}. @public */
export type AddonVersionChoice = (typeof ADDON_VERSION_CHOICES)[number];

/** Hours in a month as AWS prices them (365 × 24 / 12). */
const HOURS_PER_MONTH = 730;

const MINOR_VERSION = /^(\d+)\.(\d+)$/;

function parseMinor(version: string): [number, number] | undefined {
  if (typeof version !== 'string') return undefined;
  const match = MINOR_VERSION.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The Kubernetes minor version after `version` ("1.33" → "1.34"), or
 * undefined when `version` is not a minor version as EKS names them.
 *
 * @public
 */
export function nextKubernetesVersion(version: string): string | undefined {
  const parsed = parseMinor(version);
  return parsed ? `${parsed[0]}.${parsed[1] + 1}` : undefined;
}

/**
 * The Kubernetes minor version before `version` ("1.33" → "1.32"), or
 * undefined when `version` is not a minor version or has none before it.
 *
 * @public
 */
export function previousKubernetesVersion(version: string): string | undefined {
  const parsed = parseMinor(version);
  if (!parsed || parsed[1] === 0) return undefined;
  return `${parsed[0]}.${parsed[1] - 1}`;
}

/**
 * EKS's rule for an upgrade's target: a Kubernetes minor version exactly one
 * above the cluster's current version. Undefined when `target` follows it,
 * else the rule broken, worded to follow the field's name (`targetVersion`).
 *
 * @public
 */
export function validateUpgradeTarget(
  current: string,
  target: string,
): string | undefined {
  const shape = validateKubernetesVersion(target);
  if (shape) return shape;
  const next = nextKubernetesVersion(current);
  if (!next) {
    return `cannot be checked: the cluster's version "${current}" is not a Kubernetes minor version`;
  }
  if (target === current) {
    return `must be the next minor version after the cluster's ${current} (${next}); the cluster already runs ${current}`;
  }
  if (target !== next) {
    const direction =
      parseMinor(target)![1] < parseMinor(current)![1]
        ? 'EKS upgrades only forward (a rollback goes back one version within its window)'
        : 'EKS upgrades one minor version at a time; upgrade in several runs';
    return `must be the next minor version after the cluster's ${current} (${next}), not ${target}: ${direction}`;
  }
  return undefined;
}

/**
 * A version update of a cluster as EKS's ListUpdates / DescribeUpdate tell
 * it (`completedAt` when the caller knows when it finished; EKS's Update
 * carries only `createdAt`).
 *
 * @public
 */
export interface ClusterVersionUpdateSummary {
  type?: string;
  status?: string;
  createdAt?: Date | string;
  completedAt?: Date | string;
}

/**
 * Whether a cluster may still be rolled back after a version update: `open`
 * until `closesAt`, {@link CLUSTER_ROLLBACK_WINDOW_DAYS} after the update
 * completed.
 *
 * @public
 */
export interface RollbackWindow {
  open: boolean;
  /** When the update completed (its createdAt when that is all EKS says). */
  since: Date;
  closesAt: Date;
  /** Whole hours left while open, 0 once closed. */
  hoursLeft: number;
}

const toDate = (value: Date | string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/**
 * The rollback window a version update opens: undefined unless it is a
 * successful `VersionUpdate` (a rollback, a failed or running update opens
 * none), else when it closes and whether it is still open at `now`.
 *
 * @public
 */
export function rollbackWindowOf(
  update: ClusterVersionUpdateSummary,
  now: Date = new Date(),
): RollbackWindow | undefined {
  if (update.type !== 'VersionUpdate' || update.status !== 'Successful') {
    return undefined;
  }
  const since = toDate(update.completedAt) ?? toDate(update.createdAt);
  if (!since) return undefined;
  const closesAt = new Date(
    since.getTime() + CLUSTER_ROLLBACK_WINDOW_DAYS * 24 * 3600 * 1000,
  );
  const leftMs = closesAt.getTime() - now.getTime();
  return {
    open: leftMs > 0,
    since,
    closesAt,
    hoursLeft: leftMs > 0 ? Math.floor(leftMs / 3600_000) : 0,
  };
}

/**
 * What the EKS control plane of one cluster costs per month in extended
 * support ({@link CLUSTER_HOUR_PRICE_USD}.EXTENDED × 730 hours), for the
 * entity page's support status.
 *
 * @public
 */
export function extendedSupportMonthlyCostUsd(): number {
  return (
    Math.round(CLUSTER_HOUR_PRICE_USD.EXTENDED * HOURS_PER_MONTH * 100) / 100
  );
}
