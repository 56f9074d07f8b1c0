import type {
  ClusterHealth,
  FleetClusterRow,
  FleetClusterSupport,
  FleetKarpenter,
  Severity,
} from '@backstage-eks/plugin-eks-common';
import {
  compareKarpenterVersions,
  DEFAULT_KARPENTER_CHART_VERSION,
  eksClusterEntityRef,
  extendedSupportMonthlyCostUsd,
  formatEksClusterArn,
  karpenterVersionStanding,
  minimumKarpenterForKubernetes,
  runsOwnKarpenter,
} from '@backstage-eks/plugin-eks-common';

/**
 * The cluster a fleet row is about, as ListClusters and the fleet's target
 * know it: the target's owner and system are the catalog provider's
 * defaults for its entities.
 *
 * @public
 */
export interface FleetRowSource {
  accountId: string;
  region: string;
  name: string;
  /** The provider's owner for entities whose cluster has no `owner` tag. */
  owner?: string;
  /** The provider's system for its entities. */
  system?: string;
}

function karpenterOf(
  health: ClusterHealth,
  version: string | undefined,
  nextVersion: string | undefined,
): FleetKarpenter | undefined {
  const k = health.karpenter.data;
  if (!k || !runsOwnKarpenter(k) || !k.version) return undefined;
  const standing = karpenterVersionStanding(k.version, version);
  const minimumForNext = nextVersion
    ? minimumKarpenterForKubernetes(nextVersion)
    : undefined;
  return {
    version: k.version,
    latest: DEFAULT_KARPENTER_CHART_VERSION,
    current: !standing.behindLatest && !standing.tooOldForKubernetes,
    ...(minimumForNext
      ? {
          supportsNext:
            compareKarpenterVersions(k.version, minimumForNext) >= 0,
        }
      : {}),
  };
}

/** The support of a cluster's version, as the fleet shows it. */
function fleetSupport(
  upgrade: ClusterHealth['upgrade']['data'],
): FleetClusterSupport {
  return {
    ...(upgrade?.support.endOfStandardSupport
      ? { standardUntil: upgrade.support.endOfStandardSupport }
      : {}),
    ...(upgrade?.support.endOfExtendedSupport
      ? { extendedUntil: upgrade.support.endOfExtendedSupport }
      : {}),
    inExtendedSupport: upgrade?.support.inExtendedSupport ?? false,
    standardSupportEnded: upgrade?.support.standardSupportEnded ?? false,
    ...(upgrade?.support.status === 'UNSUPPORTED'
      ? { extendedSupportEnded: true }
      : {}),
    extendedMonthlyCostUsd:
      upgrade?.extendedSupportMonthlyCostUsd ?? extendedSupportMonthlyCostUsd(),
    ...(upgrade?.supportType ? { upgradePolicy: upgrade.supportType } : {}),
  };
}

/**
 * A cluster's fleet row, from its health document (the one the entity page
 * shows: the same verdict, diagnostics, support and readiness) and the
 * cluster as listed. The row's data is as old as the document, or as the
 * start of its read when the caller says (the collector, by its clock).
 *
 * @public
 */
export function fleetRowFromHealth(
  health: ClusterHealth,
  source: FleetRowSource,
  opts: {
    /** When the read started (ISO 8601); default the document's generatedAt. */
    refreshedAt?: string;
  } = {},
): FleetClusterRow {
  const cluster = health.cluster.data;
  const upgrade = health.upgrade.data;
  const version = cluster?.version ?? upgrade?.version ?? '';
  const nextVersion = upgrade?.nextVersion;
  const diagnostics: Record<Severity, number> = {
    critical: 0,
    warning: 0,
    info: 0,
  };
  for (const d of health.diagnostics) diagnostics[d.severity] += 1;
  const readiness = upgrade?.upgradeReadiness;
  const karpenter = karpenterOf(health, version || undefined, nextVersion);
  const owner = cluster?.tags.owner ?? source.owner;
  return {
    accountId: source.accountId,
    region: source.region,
    name: source.name,
    arn:
      cluster?.arn ??
      formatEksClusterArn({
        accountId: source.accountId,
        region: source.region,
        clusterName: source.name,
      }),
    entityRef: eksClusterEntityRef(source.name),
    ...(owner ? { owner } : {}),
    ...(source.system ? { system: source.system } : {}),
    status: cluster?.status ?? 'UNKNOWN',
    version,
    ...(cluster?.platformVersion
      ? { platformVersion: cluster.platformVersion }
      : {}),
    support: fleetSupport(upgrade),
    ...(nextVersion ? { nextVersion } : {}),
    ...(readiness
      ? {
          readiness: { errors: readiness.errors, warnings: readiness.warnings },
        }
      : {}),
    ...(karpenter ? { karpenter } : {}),
    addons: (health.addons.data ?? [])
      .map(a => ({
        name: a.name,
        version: a.version,
        ...(a.newerVersion ? { newestEks: a.newerVersion } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    diagnostics,
    verdict: health.verdict.kind,
    ...(health.capabilities.data
      ? {
          capabilities: [
            ...new Set(health.capabilities.data.map(c => c.type)),
          ].sort(),
        }
      : {}),
    refreshedAt: opts.refreshedAt ?? health.generatedAt,
  };
}

/**
 * The row of a listed cluster whose health document could not be made at
 * all: what the listing tells (account, region, name, entity), nothing read.
 */
export function placeholderFleetRow(
  source: FleetRowSource,
  refreshedAt: string,
): FleetClusterRow {
  const unread = { error: { source: 'fleet', message: 'not read' } };
  return fleetRowFromHealth(
    {
      verdict: {
        kind: 'unknown',
        headline: '',
        counts: { critical: 0, warning: 0, info: 0 },
        unloadedSections: [],
      },
      cluster: unread,
      insights: unread,
      nodeGroups: unread,
      nodes: unread,
      addons: unread,
      podIdentityAssociations: unread,
      capabilities: unread,
      karpenter: unread,
      upgrade: unread,
      diagnostics: [],
      generatedAt: refreshedAt,
    },
    source,
  );
}
