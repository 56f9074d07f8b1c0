import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type express from 'express';
import type { spec } from '../schema/openapi';
import type { FleetService } from '../fleet/FleetService';
import type { CoalescingCache } from '../services/CoalescingCache';
import type { EksInsightsService } from '../services/eksInsightsServiceRef';
import type { EksReadService } from '../services/eksReadServiceRef';

/** The router generated from the spec: each route typed by it. */
export type EksApiRouter = ApiRouter<typeof spec>;

/** What the route groups share. */
export interface RouteContext {
  router: EksApiRouter;
  catalog: CatalogService;
  read: EksReadService;
  insights: EksInsightsService;
  permissions: PermissionsService;
  cache: CoalescingCache;
  logger: LoggerService;
  /** The fleet: routes that change a cluster mark its row to be read again. */
  fleet: FleetService;
}

/** The caller's credentials, checked before the request reached the route. */
export function credentialsOf(res: express.Response): BackstageCredentials {
  return res.locals.credentials;
}

/** The AWS account and region a request names (the backend's defaults apply when left out). */
export function awsTarget(query: { region?: string; accountId?: string }) {
  return { region: query.region, accountId: query.accountId };
}

/** The cache key part of an AWS target. */
export function targetKey(target: { region?: string; accountId?: string }) {
  return `${target.accountId ?? ''}:${target.region ?? ''}`;
}
