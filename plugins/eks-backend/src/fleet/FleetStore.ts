import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  FleetClusterRow,
  FleetRegionStatus,
} from '@backstage-eks/plugin-eks-common';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** The fleet as the store holds it. */
export interface FleetSnapshot {
  rows: FleetClusterRow[];
  regions: FleetRegionStatus[];
  /** Bumped by every write; 0 before the first. */
  version: number;
  /** When the last write was made (ISO 8601); undefined before the first. */
  generatedAt?: string;
}

const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@backstage-eks/plugin-eks-backend',
  'migrations',
);

/** Rows inserted per statement (SQLite allows 999 bound values). */
const INSERT_CHUNK = 100;

/**
 * The fleet's snapshot in the plugin's database (SQLite by default,
 * PostgreSQL in production): each account and region's refresh status, each
 * cluster's row as JSON, the clusters marked dirty, and a version bumped by
 * every write, which tells every backend replica when its copy in memory is
 * stale.
 */
export class FleetStore {
  private constructor(private readonly db: Knex) {}

  /** The store on the plugin's database, its tables migrated unless the database service says not to. */
  static async create(database: DatabaseService): Promise<FleetStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: MIGRATIONS_DIRECTORY,
        tableName: 'eks_fleet_knex_migrations',
      });
    }
    return new FleetStore(db);
  }

  /** The snapshot's version (one cheap query): 0 before the first write. */
  async version(): Promise<number> {
    const row = await this.db('eks_fleet_snapshot')
      .where({ id: 1 })
      .first('version');
    return row ? Number(row.version) : 0;
  }

  /** The whole snapshot, read in one transaction (a write between its queries cannot mix two versions). */
  async read(): Promise<FleetSnapshot> {
    return this.db.transaction(async tx => {
      const meta = await tx('eks_fleet_snapshot')
        .where({ id: 1 })
        .first('version', 'generated_at');
      const regions = await tx('eks_fleet_regions')
        .select('status')
        .orderBy(['account_id', 'region']);
      const rows = await tx('eks_fleet_clusters')
        .select('row')
        .orderBy(['account_id', 'region', 'name']);
      return {
        version: meta ? Number(meta.version) : 0,
        ...(meta ? { generatedAt: String(meta.generated_at) } : {}),
        regions: regions.map(r => JSON.parse(r.status) as FleetRegionStatus),
        rows: rows.map(r => JSON.parse(r.row) as FleetClusterRow),
      };
    });
  }

  /**
   * Replaces the snapshot with a refresh's rows and region statuses, clears
   * the dirty marks the refresh read (those made before it started: a mark
   * made during the refresh stays for the next one) and bumps the version.
   */
  async write(options: {
    rows: readonly FleetClusterRow[];
    regions: readonly FleetRegionStatus[];
    dirtyRead?: readonly string[];
    startedAt: Date;
    generatedAt?: Date;
  }): Promise<number> {
    const generatedAt = (options.generatedAt ?? new Date()).toISOString();
    return this.db.transaction(async tx => {
      await tx('eks_fleet_clusters').delete();
      await tx('eks_fleet_regions').delete();
      await tx.batchInsert(
        'eks_fleet_regions',
        options.regions.map(status => ({
          account_id: status.accountId,
          region: status.region,
          status: JSON.stringify(status),
        })),
        INSERT_CHUNK,
      );
      await tx.batchInsert(
        'eks_fleet_clusters',
        options.rows.map(row => ({
          account_id: row.accountId,
          region: row.region,
          name: row.name,
          row: JSON.stringify(row),
        })),
        INSERT_CHUNK,
      );
      const dirtyRead = [...new Set(options.dirtyRead ?? [])];
      for (let i = 0; i < dirtyRead.length; i += INSERT_CHUNK) {
        await tx('eks_fleet_dirty')
          .whereIn('row_key', dirtyRead.slice(i, i + INSERT_CHUNK))
          .andWhere('marked_at', '<', options.startedAt.getTime())
          .delete();
      }
      const meta = await tx('eks_fleet_snapshot')
        .where({ id: 1 })
        .first('version');
      const version = meta ? Number(meta.version) + 1 : 1;
      if (meta) {
        await tx('eks_fleet_snapshot')
          .where({ id: 1 })
          .update({ version, generated_at: generatedAt });
      } else {
        await tx('eks_fleet_snapshot').insert({
          id: 1,
          version,
          generated_at: generatedAt,
        });
      }
      return version;
    });
  }

  /** Marks a cluster (its fleetRowKey) to be read at the next refresh whatever its row's age. */
  async markDirty(key: string, at: Date = new Date()): Promise<void> {
    await this.db('eks_fleet_dirty')
      .insert({ row_key: key, marked_at: at.getTime() })
      .onConflict('row_key')
      .merge(['marked_at']);
  }

  /** The clusters marked dirty. */
  async dirtyKeys(): Promise<Set<string>> {
    const rows = await this.db('eks_fleet_dirty').select('row_key');
    return new Set(rows.map(r => String(r.row_key)));
  }
}
