import type {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EksFleetCollector } from '../services/eksFleetCollectorServiceRef';
import { readFleetConfig } from './fleetConfig';
import { FleetService } from './FleetService';
import { FleetStore } from './FleetStore';

/** The scheduled task that refreshes the fleet (one runner across backend replicas). */
export const FLEET_REFRESH_TASK_ID = 'eks-fleet-refresh';

/**
 * The fleet of the plugin: its store (tables migrated), and, when it has
 * targets, the global scheduled task that refreshes it (`eks.fleet.schedule`).
 */
export async function startFleet(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  collector: EksFleetCollector;
}): Promise<FleetService> {
  const { config, logger, scheduler } = options;
  const fleetConfig = readFleetConfig(config);
  const fleet = new FleetService({
    store: await FleetStore.create(options.database),
    collector: options.collector,
    targets: fleetConfig.targets,
    catalog: options.catalog,
    auth: options.auth,
    logger,
  });
  if (fleetConfig.targets.length > 0) {
    await scheduler.scheduleTask({
      id: FLEET_REFRESH_TASK_ID,
      ...fleetConfig.schedule,
      // one runner across backend replicas, whatever the config says
      scope: 'global',
      fn: async () => {
        await fleet.refresh();
      },
    });
  } else {
    logger.info(
      'fleet: no targets (eks.fleet.targets or catalog.providers.eks.*.targets), the fleet stays empty',
    );
  }
  return fleet;
}
