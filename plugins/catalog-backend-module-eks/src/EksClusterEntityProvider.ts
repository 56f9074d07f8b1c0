import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EksInventoryService } from '@backstage-eks/plugin-eks-node';
import { clusterEntity } from './clusterEntity';

/** Where one provider looks. @public */
export interface EksClusterDiscoveryTarget {
  accountId?: string;
  regions: string[];
}

/** Options of {@link EksClusterEntityProvider}. @public */
export interface EksClusterEntityProviderOptions {
  id: string;
  targets: EksClusterDiscoveryTarget[];
  inventory: Pick<EksInventoryService, 'discoverClusters'>;
  logger: LoggerService;
  owner?: string;
  system?: string;
  /** Runs {@link EksClusterEntityProvider.refresh}; without it, call refresh yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Discovers the EKS clusters of the configured accounts and regions and keeps
 * one `Resource` entity per cluster in the catalog (a full mutation per run:
 * deleted clusters disappear). A region that fails keeps the run from
 * replacing the catalog's entities, so a transient AWS error never deletes
 * them.
 *
 * @public
 */
export class EksClusterEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: EksClusterEntityProviderOptions) {}

  getProviderName(): string {
    return `eks-cluster-provider:${this.options.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { taskRunner } = this.options;
    if (taskRunner) {
      await taskRunner.run({
        id: `${this.getProviderName()}:refresh`,
        fn: () => this.refresh(),
      });
    }
  }

  /** Looks for clusters once and replaces this provider's entities. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const { targets, inventory, logger, owner, system } = this.options;
    const location = `${this.getProviderName()}`;
    const found = await Promise.all(
      targets.flatMap(target =>
        target.regions.map(region =>
          inventory.discoverClusters({ accountId: target.accountId, region }),
        ),
      ),
    );
    const entities = found.flat().map(cluster =>
      clusterEntity(cluster, {
        location: `eks-provider:${location}`,
        owner: owner ?? 'unknown',
        system,
      }),
    );
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey: location })),
    });
    logger.info(
      `${location}: ${entities.length} EKS cluster(s) in the catalog`,
    );
  }
}
