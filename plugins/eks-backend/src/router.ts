import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { eksClusterReadPermission } from '@backstage-eks/plugin-eks-common';
import { toBackstageError } from '@backstage-eks/plugin-eks-node';
import express from 'express';
import {
  describeSpecProblems,
  dropEmptyQueryValues,
  refuseRepeatedQueryValues,
} from './requestProblems';
import type { FleetService } from './fleet/FleetService';
import { accountRoutes } from './routes/accountRoutes';
import { fleetRoutes } from './routes/fleetRoutes';
import { healthRoutes } from './routes/healthRoutes';
import { insightsRoutes } from './routes/insightsRoutes';
import { inventoryRoutes } from './routes/inventoryRoutes';
import type { RouteContext } from './routes/context';
import { createOpenApiRouter } from './schema/openapi';
import type { CoalescingCache } from './services/CoalescingCache';
import type { EksInsightsService } from './services/eksInsightsServiceRef';
import type { EksReadService } from './services/eksReadServiceRef';

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  read: EksReadService;
  insights: EksInsightsService;
  cache: CoalescingCache;
  logger: LoggerService;
  fleet: FleetService;
}

/**
 * Middleware before validation: an authenticated user allowed to read
 * clusters, or 401/403 (before any parameter is looked at). The
 * credentials are kept in `res.locals.credentials` for the routes.
 */
function requireReader(
  httpAuth: HttpAuthService,
  permissions: PermissionsService,
): express.RequestHandler {
  return async (req, res, next) => {
    try {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const [decision] = await permissions.authorize(
        [{ permission: eksClusterReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `permission ${eksClusterReadPermission.name} is required`,
        );
      }
      res.locals.credentials = credentials satisfies BackstageCredentials;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The eks backend's REST API: the router generated from
 * `src/schema/openapi.yaml`, which types each route and validates each
 * request against the spec before the route runs.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions } = options;
  const router = await createOpenApiRouter({
    middleware: [dropEmptyQueryValues, refuseRepeatedQueryValues],
    validatorOptions: {
      // httpAuth checks who calls, before the spec is consulted.
      validateSecurity: false,
      // Parameters the spec does not name are ignored, as they always were.
      validateRequests: {
        coerceTypes: false,
        allowUnknownQueryParameters: true,
      },
    },
  });
  router.use(describeSpecProblems);

  const context: RouteContext = { ...options, router };
  healthRoutes(context);
  insightsRoutes(context);
  inventoryRoutes(context);
  accountRoutes(context);
  fleetRoutes(context);

  // AWS's "does not exist" and "invalid parameter" answers are the
  // caller's input: 404 and 400 with AWS's text, never a 500.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      next(toBackstageError(error));
    },
  );

  // Who calls is checked first, as it always was: the validator's error
  // handler would answer any earlier error with 400.
  return express.Router().use(requireReader(httpAuth, permissions)).use(router);
}
