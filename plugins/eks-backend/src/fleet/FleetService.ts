import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EKS_CLUSTER_ARN_ANNOTATIONS,
  attentionReasons,
  fleetNewestAddonVersions,
  fleetRowKey,
  getEksClusterRef,
  withFleetNewestAddons,
  type FleetClusterRow,
  type FleetResponse,
} from '@backstage-eks/plugin-eks-common';
import type { FleetRefresh, FleetTarget } from '@backstage-eks/plugin-eks-node';
import type { EksFleetCollector } from '../services/eksFleetCollectorServiceRef';
import type { FleetStore } from './FleetStore';

/** How long a replica serves its copy before asking the store whether a newer one exists. */
export const DEFAULT_FLEET_VERSION_CHECK_MS = 1000;

/** A snapshot as served: built once per store version. */
export interface ServedFleet {
  version: number;
  response: FleetResponse;
  /** `response` serialised, sent as is by GET /fleet. */
  json: string;
  /** `<minor>/<add-on>` → newest in use in the fleet. */
  fleetNewest: Record<string, string>;
  /** Whether the catalog answered (else the next version check builds again). */
  joined: boolean;
}

/**
 * The fleet of one backend replica: refreshes the store from AWS (the
 * scheduled task, one runner across replicas) and serves the store's
 * snapshot from memory, joined to the catalog (entity, owner, system) and
 * serialised once per store version. No request reads AWS.
 */
export class FleetService {
  private served?: ServedFleet;
  private building?: Promise<ServedFleet>;
  private checkedAt = 0;
  /** The store version last seen; a build for an older one is not kept. */
  private knownVersion = -1;
  private readonly versionCheckMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: FleetStore;
      collector: EksFleetCollector;
      targets: readonly FleetTarget[];
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      versionCheckMs?: number;
      now?: () => Date;
    },
  ) {
    this.versionCheckMs =
      options.versionCheckMs ?? DEFAULT_FLEET_VERSION_CHECK_MS;
    this.now = options.now ?? (() => new Date());
  }

  get targets(): readonly FleetTarget[] {
    return this.options.targets;
  }

  /**
   * One refresh: the collector over every target, from the store's rows
   * (so that a restarted backend refreshes incrementally) and dirty marks,
   * written back to the store.
   */
  async refresh(): Promise<FleetRefresh> {
    const { store, collector, targets, logger } = this.options;
    const startedAt = this.now();
    const [previous, dirty] = await Promise.all([
      store.read(),
      store.dirtyKeys(),
    ]);
    const result = await collector.refresh(targets, { previous, dirty });
    const version = await store.write({
      rows: result.rows,
      regions: result.regions,
      dirtyRead: result.dirtyRead,
      startedAt,
      generatedAt: this.now(),
    });
    this.checkedAt = 0;
    const failed = result.regions.filter(r => r.error);
    logger.info(
      `fleet refreshed (version ${version}): ${
        result.rows.length
      } clusters in ${result.regions.length} account regions, ${Object.values(
        result.stats,
      ).reduce((n, s) => n + s.read, 0)} read${
        failed.length
          ? `; failed: ${failed
              .map(r => `${r.accountId}/${r.region}: ${r.error}`)
              .join('; ')}`
          : ''
      }`,
    );
    return result;
  }

  /**
   * {@link FleetService.markDirty} for a route that changed the cluster: a
   * store that cannot answer is logged, and does not fail the route.
   */
  async markChanged(cluster: {
    accountId: string;
    region: string;
    name: string;
  }): Promise<void> {
    try {
      await this.markDirty(cluster);
    } catch (error) {
      this.options.logger.warn(
        `fleet: could not mark ${fleetRowKey(
          cluster,
        )} to be read again at the next refresh: ${error}`,
      );
    }
  }

  /** Marks a cluster to be read again at the next refresh (a product action changed it). */
  markDirty(cluster: {
    accountId: string;
    region: string;
    name: string;
  }): Promise<void> {
    return this.options.store.markDirty(fleetRowKey(cluster), this.now());
  }

  /**
   * The fleet as served: the copy in memory while the store's version is
   * unchanged (asked at most every versionCheckMs), else rebuilt once
   * (concurrent requests share the rebuild).
   */
  async current(): Promise<ServedFleet> {
    const now = Date.now();
    if (this.served && now - this.checkedAt < this.versionCheckMs) {
      return this.served;
    }
    if (this.building) return this.building;
    this.building = (async () => {
      try {
        const version = await this.options.store.version();
        this.checkedAt = Date.now();
        this.knownVersion = Math.max(this.knownVersion, version);
        if (
          this.served &&
          this.served.version === version &&
          this.served.joined
        ) {
          return this.served;
        }
        const built = await this.build();
        if (built.version >= this.knownVersion) this.served = built;
        return built;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  /** The clusters needing attention, most reasons first, with their reasons. */
  async needingAttention(filter: {
    accountId?: string;
    region?: string;
    owner?: string;
  }): Promise<Array<{ row: FleetClusterRow; reasons: string[] }>> {
    const fleet = await this.current();
    const now = this.now();
    return fleet.response.rows
      .filter(
        row =>
          (!filter.accountId || row.accountId === filter.accountId) &&
          (!filter.region || row.region === filter.region) &&
          (!filter.owner || row.owner === filter.owner),
      )
      .map(row => ({
        row,
        reasons: attentionReasons(row, now, fleet.fleetNewest),
      }))
      .filter(r => r.reasons.length > 0)
      .sort(
        (a, b) =>
          b.reasons.length - a.reasons.length ||
          fleetRowKey(a.row).localeCompare(fleetRowKey(b.row)),
      );
  }

  private async build(): Promise<ServedFleet> {
    const snapshot = await this.options.store.read();
    const entities = await this.clusterEntities();
    const rows = withFleetNewestAddons(
      snapshot.rows.map(row => joinEntity(row, entities ?? new Map())),
    );
    const response: FleetResponse = {
      rows,
      regions: snapshot.regions,
      generatedAt: snapshot.generatedAt ?? this.now().toISOString(),
    };
    return {
      version: snapshot.version,
      response,
      json: JSON.stringify(response),
      fleetNewest: fleetNewestAddonVersions(rows),
      joined: entities !== undefined,
    };
  }

  /**
   * The catalog's cluster entities (kind Resource with an EKS ARN
   * annotation) by fleetRowKey: one catalog query per snapshot version. A
   * catalog that cannot answer leaves the rows as the collector made them.
   */
  private async clusterEntities(): Promise<Map<string, Entity> | undefined> {
    const byKey = new Map<string, Entity>();
    try {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: EKS_CLUSTER_ARN_ANNOTATIONS.map(annotation => ({
            kind: 'Resource',
            [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
          })),
          fields: ['kind', 'metadata', 'spec.owner', 'spec.system'],
        },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      for (const entity of items) {
        const ref = getEksClusterRef(entity);
        if (!ref) continue;
        const key = fleetRowKey({
          accountId: ref.accountId,
          region: ref.region,
          name: ref.clusterName,
        });
        if (!byKey.has(key)) byKey.set(key, entity);
      }
    } catch (error) {
      this.options.logger.warn(
        `fleet: the catalog's cluster entities could not be read, rows keep the provider's owner and system: ${error}`,
      );
      return undefined;
    }
    return byKey;
  }
}

/** The row with its catalog entity's ref, owner and system, when the catalog has one. */
function joinEntity(
  row: FleetClusterRow,
  entities: ReadonlyMap<string, Entity>,
): FleetClusterRow {
  const entity = entities.get(fleetRowKey(row));
  if (!entity) return row;
  const owner = entity.spec?.owner;
  const system = entity.spec?.system;
  return {
    ...row,
    entityRef: stringifyEntityRef(entity),
    ...(typeof owner === 'string' ? { owner } : {}),
    ...(typeof system === 'string' ? { system } : {}),
  };
}
