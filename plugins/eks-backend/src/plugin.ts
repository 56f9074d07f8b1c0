import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eksPermissions } from '@backstage-eks/plugin-eks-common';
import { registerFleetActions } from './fleet/fleetActions';
import { startFleet } from './fleet/startFleet';
import { createRouter } from './router';
import { CoalescingCache } from './services/CoalescingCache';
import { eksFleetCollectorServiceRef } from './services/eksFleetCollectorServiceRef';
import { eksInsightsServiceRef } from './services/eksInsightsServiceRef';
import { eksReadServiceRef } from './services/eksReadServiceRef';

/** Default lifetime of cached answers, in seconds. */
const DEFAULT_CACHE_TTL_SECONDS = 30;

/**
 * The eks backend plugin: cluster health documents for the entity page,
 * the add-on catalog for the scaffolder field extensions and the fleet (a
 * scheduled refresh into the database, served from memory), at `/api/eks`;
 * read-only actions in the actions registry.
 *
 * @public
 */
export const eksPlugin = createBackendPlugin({
  pluginId: 'eks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        read: eksReadServiceRef,
        insights: eksInsightsServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
        fleetCollector: eksFleetCollectorServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        cache,
        catalog,
        read,
        insights,
        database,
        scheduler,
        auth,
        actionsRegistry,
        fleetCollector,
      }) {
        permissionsRegistry.addPermissions(eksPermissions);
        const fleet = await startFleet({
          config,
          logger,
          database,
          scheduler,
          catalog,
          auth,
          collector: fleetCollector,
        });
        registerFleetActions({
          actionsRegistry,
          permissions,
          catalog,
          read,
          fleet,
        });
        const ttlSeconds =
          config.getOptionalNumber('eks.cache.ttlSeconds') ??
          DEFAULT_CACHE_TTL_SECONDS;
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            read,
            insights,
            logger,
            cache: new CoalescingCache(cache, ttlSeconds * 1000),
            fleet,
          }),
        );
      },
    });
  },
});
