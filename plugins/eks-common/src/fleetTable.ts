/**
 * The fleet table's rules, shared by the fleet page and the backend's CSV:
 * filters, sort keys, row age and the CSV columns.
 */

import type { ClusterVerdictKind } from './health';
import {
  addonsBehind,
  attentionReasons,
  fleetNewestAddonVersions,
  fleetRowKey,
  kubernetesMinorOf,
  needsAttention,
  type FleetClusterRow,
} from './fleet';
import { compareKubernetesVersions } from './versions';

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
    if (
      filter.version &&
      kubernetesMinorOf(row.version) !== kubernetesMinorOf(filter.version)
    ) {
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
