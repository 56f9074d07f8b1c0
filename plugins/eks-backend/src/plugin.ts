import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eksPermissions } from '@backstage-eks/plugin-eks-common';
import { createRouter } from './router';
import { CoalescingCache } from './services/CoalescingCache';
import { eksInsightsServiceRef } from './services/eksInsightsServiceRef';
import { eksReadServiceRef } from './services/eksReadServiceRef';

/** Default lifetime of cached answers, in seconds. */
const DEFAULT_CACHE_TTL_SECONDS = 30;

/**
 * The eks backend plugin: cluster health documents for the entity page and
 * the add-on catalog for the scaffolder field extensions, at `/api/eks`.
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
      }) {
        permissionsRegistry.addPermissions(eksPermissions);
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
          }),
        );
      },
    });
  },
});
