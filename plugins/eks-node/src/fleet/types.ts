import type {
  FleetClusterRow,
  FleetRegionStatus,
} from '@backstage-eks/plugin-eks-common';

/**
 * An account and region of the fleet, with the owner and system the
 * catalog provider gives the entities of its clusters.
 *
 * @public
 */
export interface FleetTarget {
  /** The account; the credentials' own account when omitted. */
  accountId?: string;
  region: string;
  /** The provider's owner for clusters without an `owner` tag. */
  owner?: string;
  /** The provider's system. */
  system?: string;
}

/** The rows and status of one account and region. @public */
export interface FleetRegionSnapshot {
  status: FleetRegionStatus;
  rows: FleetClusterRow[];
}

/** What one refresh of a region did. @public */
export interface FleetRegionRefreshStats {
  /** Clusters ListClusters gave (0 when it failed). */
  listed: number;
  /** Clusters whose details were read (new, dirty, due or failed before). */
  read: number;
  /** Rows kept as they were (not due). */
  kept: number;
  /** Reads that failed: the row keeps its last good data with `error`. */
  failed: number;
  /** Rows dropped: clusters no longer listed, or gone when read. */
  dropped: number;
}

/** The result of {@link FleetCollector.refreshRegion}. @public */
export interface FleetRegionRefresh extends FleetRegionSnapshot {
  stats: FleetRegionRefreshStats;
  /** The keys ({@link @backstage-eks/plugin-eks-common#fleetRowKey}) of the clusters read because they were dirty. */
  dirtyRead: string[];
}

/** What a refresh starts from. @public */
export interface FleetRefreshInput {
  /** The last snapshot's rows and region statuses (any regions: each region takes its own). */
  previous?: {
    rows: readonly FleetClusterRow[];
    regions: readonly FleetRegionStatus[];
  };
  /**
   * Clusters a product action changed since their rows were read, by
   * {@link @backstage-eks/plugin-eks-common#fleetRowKey}: read again whatever
   * their age.
   */
  dirty?: ReadonlySet<string>;
}

/** The result of {@link FleetCollector.refresh}: every target's region. @public */
export interface FleetRefresh {
  rows: FleetClusterRow[];
  regions: FleetRegionStatus[];
  /** Per `accountId/region`. */
  stats: Record<string, FleetRegionRefreshStats>;
  dirtyRead: string[];
}
