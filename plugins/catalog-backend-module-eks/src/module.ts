import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  validateAccountId,
  validateRegion,
} from '@backstage-eks/plugin-eks-common';
import {
  AwsClientFactory,
  EksInventoryService,
} from '@backstage-eks/plugin-eks-node';
import {
  EksClusterEntityProvider,
  type EksClusterDiscoveryTarget,
} from './EksClusterEntityProvider';

const DEFAULT_SCHEDULE = {
  frequency: { minutes: 30 },
  timeout: { minutes: 3 },
};

/**
 * Catalog module that discovers EKS clusters (`catalog.providers.eks`).
 *
 * @public
 */
export const catalogModuleEksClusters = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'eks-clusters',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const providers = config.getOptionalConfig('catalog.providers.eks');
        if (!providers) return;
        const inventory = new EksInventoryService(
          AwsClientFactory.fromConfig(config),
        );
        for (const id of providers.keys()) {
          const provider = providers.getConfig(id);
          const targets: EksClusterDiscoveryTarget[] = provider
            .getConfigArray('targets')
            .map((target, index) => {
              const field = `catalog.providers.eks.${id}.targets[${index}]`;
              const accountId = target.getOptionalString('accountId');
              const accountProblem = accountId && validateAccountId(accountId);
              if (accountProblem) {
                throw new InputError(`${field}.accountId ${accountProblem}`);
              }
              const regions = target.getStringArray('regions');
              for (const region of regions) {
                const problem = validateRegion(region);
                if (problem) {
                  throw new InputError(`${field}.regions ${problem}`);
                }
              }
              return { accountId, regions };
            });
          catalog.addEntityProvider(
            new EksClusterEntityProvider({
              id,
              targets,
              inventory,
              logger,
              owner: provider.getOptionalString('owner'),
              system: provider.getOptionalString('system'),
              taskRunner: scheduler.createScheduledTaskRunner(
                provider.has('schedule')
                  ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                      provider.getConfig('schedule'),
                    )
                  : DEFAULT_SCHEDULE,
              ),
            }),
          );
        }
      },
    });
  },
});
