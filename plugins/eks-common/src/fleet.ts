/**
 * The fleet: one row per cluster of every configured account and region,
 * summarised from the cluster's health document, and the rules the backend
 * and the fleet page share (what needs attention, add-ons behind the fleet,
 * filters, sort keys, CSV).
 */

import type { Severity } from './health';
import type { ClusterVerdictKind } from './health';
import { compareAddonVersions, compareKubernetesVersions } from './versions';

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

function minorOf(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${m[1]}.${m[2]}` : version;
}

function newestAddonKey(kubernetesVersion: string, addonName: string) {
  return `${minorOf(kubernetesVersion)}/${addonName}`;
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

function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function supportReasons(row: FleetClusterRow, now: Date): string[] {
  const { support } = row;
  const cost = formatUsd(support.extendedMonthlyCostUsd);
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
        .map(
          a =>
            `${a.name} ${a.version} (newest ${
              a.newestInFleet && a.newestEks
                ? compareAddonVersions(a.newestInFleet, a.newestEks) >= 0
                  ? a.newestInFleet
                  : a.newestEks
                : a.newestInFleet ?? a.newestEks
            })`,
        )
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

/** What the fleet table can be filtered by. @public */
export interface FleetFilter {
  accountId?: string;
  region?: string;
  owner?: string;
  /** Kubernetes minor, e.g. `1.33`. */
  version?: string;
  needsAttention?: boolean;
  /** Text found (any case) in the name, ARN, entity ref, owner, system, account or region. */
  search?: string;
}

/**
 * The rows a filter keeps, in their order.
 *
 * @public
 */
export function filterFleetRows(
  rows: readonly FleetClusterRow[],
  filter: FleetFilter,
  now: Date,
  fleetNewest: Readonly<Record<string, string>> = {},
): FleetClusterRow[] {
  const search = filter.search?.trim().toLocaleLowerCase();
  return rows.filter(row => {
    if (filter.accountId && row.accountId !== filter.accountId) return false;
    if (filter.region && row.region !== filter.region) return false;
    if (filter.owner && row.owner !== filter.owner) return false;
    if (filter.version && minorOf(row.version) !== minorOf(filter.version)) {
      return false;
    }
    if (
      filter.needsAttention !== undefined &&
      needsAttention(row, now, fleetNewest) !== filter.needsAttention
    ) {
      return false;
    }
    if (search) {
      const haystack = [
        row.name,
        row.arn,
        row.entityRef,
        row.owner,
        row.system,
        row.accountId,
        row.region,
      ]
        .filter(Boolean)
        .join(' ')
        .toLocaleLowerCase();
      if (!haystack.includes(search)) return false;
    }
    return true;
  });
}

/** The keys the fleet table sorts by. @public */
export const FLEET_SORT_KEYS = [
  'name',
  'accountId',
  'region',
  'owner',
  'version',
  'standardUntil',
  'readinessErrors',
  'diagnostics',
  'verdict',
  'refreshedAt',
] as const;

/** A key of {@link FLEET_SORT_KEYS}. @public */
export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];

const VERDICT_ORDER: Record<ClusterVerdictKind, number> = {
  failing: 0,
  unreachable: 1,
  'needs-attention': 2,
  unknown: 3,
  gone: 4,
  healthy: 5,
};

function compareOptional<T>(
  a: T | undefined,
  b: T | undefined,
  compare: (x: T, y: T) => number,
): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compare(a, b);
}

const text = (a: string, b: string) => a.localeCompare(b);
const num = (a: number, b: number) => a - b;

function compareBy(key: FleetSortKey, a: FleetClusterRow, b: FleetClusterRow) {
  switch (key) {
    case 'name':
      return text(a.name, b.name);
    case 'accountId':
      return text(a.accountId, b.accountId);
    case 'region':
      return text(a.region, b.region);
    case 'owner':
      return compareOptional(a.owner, b.owner, text);
    case 'version':
      return compareKubernetesVersions(a.version, b.version);
    case 'standardUntil':
      return compareOptional(
        a.support.standardUntil,
        b.support.standardUntil,
        text,
      );
    case 'readinessErrors':
      return compareOptional(a.readiness?.errors, b.readiness?.errors, num);
    case 'diagnostics':
      return (
        num(a.diagnostics.critical, b.diagnostics.critical) ||
        num(a.diagnostics.warning, b.diagnostics.warning) ||
        num(a.diagnostics.info, b.diagnostics.info)
      );
    case 'verdict':
      return num(VERDICT_ORDER[a.verdict] ?? 9, VERDICT_ORDER[b.verdict] ?? 9);
    case 'refreshedAt':
      return text(a.refreshedAt, b.refreshedAt);
    default:
      return 0;
  }
}

/**
 * The rows sorted by a key (ties by account, region and name); missing
 * values last in either direction.
 *
 * @public
 */
export function sortFleetRows(
  rows: readonly FleetClusterRow[],
  key: FleetSortKey,
  direction: 'asc' | 'desc' = 'asc',
): FleetClusterRow[] {
  const sign = direction === 'desc' ? -1 : 1;
  const missing = (row: FleetClusterRow) =>
    (key === 'owner' && row.owner === undefined) ||
    (key === 'standardUntil' && row.support.standardUntil === undefined) ||
    (key === 'readinessErrors' && row.readiness === undefined);
  return [...rows].sort((a, b) => {
    const ma = missing(a);
    const mb = missing(b);
    if (ma !== mb) return ma ? 1 : -1;
    return sign * compareBy(key, a, b) || text(fleetRowKey(a), fleetRowKey(b));
  });
}

/** How old a row's data is, in whole seconds (never negative). @public */
export function fleetRowAgeSeconds(row: FleetClusterRow, now: Date): number {
  return Math.max(
    0,
    Math.floor((now.getTime() - Date.parse(row.refreshedAt)) / 1000),
  );
}

/** A column of the fleet CSV: its header and how a row fills it. @public */
export interface FleetCsvColumn {
  header: string;
  value: (
    row: FleetClusterRow,
    ctx: { now: Date; fleetNewest: Readonly<Record<string, string>> },
  ) => string | number | boolean | undefined;
}

/** The columns of the fleet CSV, in order. @public */
export const FLEET_CSV_COLUMNS: readonly FleetCsvColumn[] = [
  { header: 'account', value: r => r.accountId },
  { header: 'region', value: r => r.region },
  { header: 'name', value: r => r.name },
  { header: 'arn', value: r => r.arn },
  { header: 'entity', value: r => r.entityRef },
  { header: 'owner', value: r => r.owner },
  { header: 'system', value: r => r.system },
  { header: 'status', value: r => r.status },
  { header: 'version', value: r => r.version },
  { header: 'platform version', value: r => r.platformVersion },
  { header: 'standard support until', value: r => r.support.standardUntil },
  { header: 'extended support until', value: r => r.support.extendedUntil },
  { header: 'in extended support', value: r => r.support.inExtendedSupport },
  {
    header: 'extended support monthly cost (USD)',
    value: r => r.support.extendedMonthlyCostUsd,
  },
  { header: 'upgrade policy', value: r => r.support.upgradePolicy },
  { header: 'next version', value: r => r.nextVersion },
  { header: 'readiness errors', value: r => r.readiness?.errors },
  { header: 'readiness warnings', value: r => r.readiness?.warnings },
  { header: 'karpenter', value: r => r.karpenter?.version },
  { header: 'karpenter current', value: r => r.karpenter?.current },
  {
    header: 'add-ons behind',
    value: (r, ctx) =>
      addonsBehind(r, ctx.fleetNewest)
        .map(a => `${a.name} ${a.version}`)
        .join('; '),
  },
  { header: 'failing diagnostics', value: r => r.diagnostics.critical },
  { header: 'warning diagnostics', value: r => r.diagnostics.warning },
  { header: 'info diagnostics', value: r => r.diagnostics.info },
  { header: 'health', value: r => r.verdict },
  {
    header: 'needs attention',
    value: (r, ctx) => attentionReasons(r, ctx.now, ctx.fleetNewest).join('; '),
  },
  { header: 'refreshed at', value: r => r.refreshedAt },
  { header: 'refresh error', value: r => r.error },
];

function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The fleet as CSV (RFC 4180: comma-separated, CRLF line ends, fields with
 * a comma, quote or line break quoted, quotes doubled), a header line then
 * one line per row; add-ons behind are judged against the given rows.
 *
 * @public
 */
export function fleetCsv(rows: readonly FleetClusterRow[], now: Date): string {
  const ctx = { now, fleetNewest: fleetNewestAddonVersions(rows) };
  const lines = [
    FLEET_CSV_COLUMNS.map(c => csvField(c.header)).join(','),
    ...rows.map(row =>
      FLEET_CSV_COLUMNS.map(c => csvField(c.value(row, ctx))).join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
