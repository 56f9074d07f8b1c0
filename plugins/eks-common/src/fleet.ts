/**
 * The fleet: one row per cluster of every configured account and region,
 * summarised from the cluster's health document, and the rules the backend
 * and the fleet page share (what needs attention, add-ons behind the
 * fleet); the table's rules (filters, sort keys, CSV) are in fleetTable.ts.
 */

import type { ClusterVerdictKind, Severity } from './health';
import { compareAddonVersions } from './versions';

/** A cluster's Kubernetes version support, as the fleet shows it. @public */
export interface FleetClusterSupport {
  /** When standard support of the cluster's version ends (ISO 8601, DescribeClusterVersions). */
  standardUntil?: string;
  /** When extended support of the cluster's version ends (ISO 8601). */
  extendedUntil?: string;
  /** Billed at the extended rate now (standard support ended, upgrade policy not STANDARD). */
  inExtendedSupport: boolean;
  /** Standard support of the version has ended (under STANDARD, EKS upgrades the cluster). */
  standardSupportEnded: boolean;
  /** Extended support of the version has ended too: EKS upgrades the cluster to the oldest version it still supports. */
  extendedSupportEnded?: boolean;
  /** What the control plane costs per month in extended support (full price at the extended rate). */
  extendedMonthlyCostUsd: number;
  /** `upgradePolicy.supportType`: `STANDARD` or `EXTENDED`. */
  upgradePolicy?: string;
}

/** Readiness for the next Kubernetes version (UPGRADE_READINESS insights). @public */
export interface FleetReadiness {
  /** Insights in ERROR: EKS refuses the upgrade unless forced. */
  errors: number;
  /** Insights in WARNING. */
  warnings: number;
}

/** The cluster's own Karpenter (not Auto Mode's), when its version could be read. @public */
export interface FleetKarpenter {
  /** The installed controller's version. */
  version: string;
  /** The latest release the product supports. */
  latest: string;
  /** Not behind `latest` and new enough for the cluster's Kubernetes version. */
  current: boolean;
  /** Whether it supports the next Kubernetes version; undefined when unknown (no next version, or one the compatibility matrix does not list). */
  supportsNext?: boolean;
}

/** An installed add-on of a fleet row. @public */
export interface FleetAddon {
  name: string;
  version: string;
  /** The newest version EKS offers for the cluster's Kubernetes version, when newer than `version`. */
  newestEks?: string;
  /**
   * The newest version of the add-on in use in the fleet on clusters of the
   * same Kubernetes minor, when newer than `version`: set when rows are read
   * ({@link withFleetNewestAddons}), never stored.
   */
  newestInFleet?: string;
}

/**
 * One cluster of the fleet: what the fleet page, its CSV and the actions
 * registry show, summarised from the cluster's health document.
 *
 * @public
 */
export interface FleetClusterRow {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  /** The catalog entity the EKS provider makes for the cluster (`resource:default/<name>`). */
  entityRef?: string;
  /** The entity's owner: the cluster's `owner` tag, else the provider's configured owner. */
  owner?: string;
  /** The entity's system, as the provider is configured. */
  system?: string;
  /** EKS's status: `ACTIVE`, `UPDATING`... */
  status: string;
  /** The Kubernetes version. */
  version: string;
  platformVersion?: string;
  support: FleetClusterSupport;
  /** The next Kubernetes version EKS offers; undefined at the newest. */
  nextVersion?: string;
  /** Readiness for `nextVersion`; undefined when unknown (insights not read). */
  readiness?: FleetReadiness;
  karpenter?: FleetKarpenter;
  addons: FleetAddon[];
  /** Diagnostics by severity (the entity page's findings). */
  diagnostics: Record<Severity, number>;
  /** The health verdict the entity page shows. */
  verdict: ClusterVerdictKind;
  /** EKS Capabilities on the cluster (managed Argo CD, ACK, kro), by type. */
  capabilities?: string[];
  /** When this row's data was read from AWS (ISO 8601). */
  refreshedAt: string;
  /** Set when the last refresh of this cluster failed: the row keeps its last good data. */
  error?: string;
}

/** The state of one account and region of the fleet. @public */
export interface FleetRegionStatus {
  accountId: string;
  region: string;
  /** When the region was last listed and refreshed without error (ISO 8601). */
  lastSuccessAt?: string;
  /** When a refresh of the region was last tried (ISO 8601). */
  lastAttemptAt?: string;
  /** Why the last refresh of the region failed: its rows are the last good ones. */
  error?: string;
  clusterCount: number;
}

/** The answer of `GET /fleet`. @public */
export interface FleetResponse {
  rows: FleetClusterRow[];
  regions: FleetRegionStatus[];
  /** When the snapshot was made (ISO 8601). */
  generatedAt: string;
}

/** Standard support ending within this many days needs attention. @public */
export const FLEET_SUPPORT_WARNING_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The key of a fleet row: account, region and cluster name. @public */
export function fleetRowKey(row: {
  accountId: string;
  region: string;
  name: string;
}): string {
  return `${row.accountId}/${row.region}/${row.name}`;
}

/** The Kubernetes minor of a version (`1.33` of `v1.33.2-eks-abc`). @public */
export function kubernetesMinorOf(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${m[1]}.${m[2]}` : version;
}

function newestAddonKey(kubernetesVersion: string, addonName: string) {
  return `${kubernetesMinorOf(kubernetesVersion)}/${addonName}`;
}

/**
 * The newest version of each add-on in use in the fleet, per Kubernetes
 * minor (an add-on's builds follow the cluster's version: kube-proxy on 1.33
 * is not behind kube-proxy on 1.34), keyed `<minor>/<add-on>`.
 *
 * @public
 */
export function fleetNewestAddonVersions(
  rows: readonly Pick<FleetClusterRow, 'version' | 'addons'>[],
): Record<string, string> {
  const newest: Record<string, string> = {};
  for (const row of rows) {
    for (const addon of row.addons) {
      const key = newestAddonKey(row.version, addon.name);
      const seen = newest[key];
      if (!seen || compareAddonVersions(addon.version, seen) > 0) {
        newest[key] = addon.version;
      }
    }
  }
  return newest;
}

/**
 * The row's add-ons behind the newest in use in the fleet (same Kubernetes
 * minor) or the newest EKS offers, each with what it is behind.
 *
 * @public
 */
export function addonsBehind(
  row: Pick<FleetClusterRow, 'version' | 'addons'>,
  fleetNewest: Readonly<Record<string, string>>,
): FleetAddon[] {
  const behind: FleetAddon[] = [];
  for (const addon of row.addons) {
    const inFleet = fleetNewest[newestAddonKey(row.version, addon.name)];
    const newestInFleet =
      inFleet && compareAddonVersions(inFleet, addon.version) > 0
        ? inFleet
        : undefined;
    const newestEks =
      addon.newestEks &&
      compareAddonVersions(addon.newestEks, addon.version) > 0
        ? addon.newestEks
        : undefined;
    if (newestInFleet || newestEks) {
      behind.push({
        name: addon.name,
        version: addon.version,
        ...(newestEks ? { newestEks } : {}),
        ...(newestInFleet ? { newestInFleet } : {}),
      });
    }
  }
  return behind;
}

/**
 * The rows with each add-on's `newestInFleet` set from the rows themselves
 * (what the backend does when it reads a snapshot).
 *
 * @public
 */
export function withFleetNewestAddons(
  rows: readonly FleetClusterRow[],
): FleetClusterRow[] {
  const newest = fleetNewestAddonVersions(rows);
  return rows.map(row => ({
    ...row,
    addons: row.addons.map(addon => {
      const { newestInFleet: _stale, ...rest } = addon;
      const inFleet = newest[newestAddonKey(row.version, addon.name)];
      return inFleet && compareAddonVersions(inFleet, addon.version) > 0
        ? { ...rest, newestInFleet: inFleet }
        : rest;
    }),
  }));
}

/** The newer of what an add-on is behind: the fleet's newest or EKS's. */
function newestOf(addon: FleetAddon): string | undefined {
  const { newestInFleet, newestEks } = addon;
  if (newestInFleet && newestEks) {
    return compareAddonVersions(newestInFleet, newestEks) >= 0
      ? newestInFleet
      : newestEks;
  }
  return newestInFleet ?? newestEks;
}

function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function supportReasons(row: FleetClusterRow, now: Date): string[] {
  const { support } = row;
  const cost = formatUsd(support.extendedMonthlyCostUsd);
  if (support.extendedSupportEnded) {
    return [
      `Extended support of Kubernetes ${row.version} has ended${
        support.extendedUntil
          ? ` (on ${support.extendedUntil.slice(0, 10)})`
          : ''
      }: EKS upgrades the cluster to the oldest version it still supports`,
    ];
  }
  if (support.inExtendedSupport) {
    return [
      `Kubernetes ${
        row.version
      } is in extended support (${cost} a month for the control plane)${
        support.extendedUntil
          ? `, which ends on ${support.extendedUntil.slice(0, 10)}`
          : ''
      }`,
    ];
  }
  if (support.standardSupportEnded) {
    return [
      `Standard support of Kubernetes ${row.version} has ended: under the STANDARD upgrade policy EKS upgrades the cluster itself`,
    ];
  }
  if (support.standardUntil) {
    const days = Math.ceil(
      (Date.parse(support.standardUntil) - now.getTime()) / DAY_MS,
    );
    if (days <= FLEET_SUPPORT_WARNING_DAYS) {
      return [
        `Standard support of Kubernetes ${
          row.version
        } ends on ${support.standardUntil.slice(0, 10)} (in ${Math.max(
          days,
          0,
        )} days)${
          support.upgradePolicy === 'STANDARD'
            ? ''
            : `; extended support costs ${cost} a month`
        }`,
      ];
    }
  }
  return [];
}

function karpenterReasons(row: FleetClusterRow): string[] {
  const k = row.karpenter;
  if (!k) return [];
  const reasons: string[] = [];
  if (!k.current) {
    reasons.push(`Karpenter ${k.version} is not current (latest ${k.latest})`);
  }
  if (k.supportsNext === false && row.nextVersion) {
    reasons.push(
      `Karpenter ${k.version} does not support Kubernetes ${row.nextVersion}`,
    );
  }
  return reasons;
}

/**
 * Why a cluster needs its owners, one sentence each, most pressing first:
 * support ending within {@link FLEET_SUPPORT_WARNING_DAYS} days or already
 * extended (and what it costs), failing diagnostics, upgrade readiness
 * errors, Karpenter not current or not supporting the next version, add-ons
 * behind (the fleet's newest, when given, or EKS's), a verdict other than
 * healthy, a failed refresh. Empty when nothing does.
 *
 * @public
 */
export function attentionReasons(
  row: FleetClusterRow,
  now: Date,
  fleetNewest: Readonly<Record<string, string>> = {},
): string[] {
  const reasons = [...supportReasons(row, now)];
  if (row.diagnostics.critical > 0) {
    reasons.push(
      `${row.diagnostics.critical} failing diagnostic${
        row.diagnostics.critical === 1 ? '' : 's'
      }`,
    );
  }
  if (row.readiness && row.readiness.errors > 0 && row.nextVersion) {
    reasons.push(
      `${row.readiness.errors} upgrade readiness error${
        row.readiness.errors === 1 ? '' : 's'
      } for Kubernetes ${row.nextVersion}`,
    );
  }
  reasons.push(...karpenterReasons(row));
  const behind = addonsBehind(row, fleetNewest);
  if (behind.length > 0) {
    reasons.push(
      `Add-ons behind: ${behind
        .map(a => `${a.name} ${a.version} (newest ${newestOf(a)})`)
        .join(', ')}`,
    );
  }
  if (row.verdict !== 'healthy') {
    reasons.push(`Health: ${row.verdict}`);
  }
  if (row.error) {
    reasons.push(`Last refresh failed: ${row.error}`);
  }
  return reasons;
}

/** Whether a cluster needs attention ({@link attentionReasons} is not empty). @public */
export function needsAttention(
  row: FleetClusterRow,
  now: Date,
  fleetNewest: Readonly<Record<string, string>> = {},
): boolean {
  return attentionReasons(row, now, fleetNewest).length > 0;
}
