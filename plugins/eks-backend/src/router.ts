import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { makeValidator, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EKS_CLUSTER_ARN_ANNOTATION,
  EKS_CLUSTER_ARN_ANNOTATIONS,
  eksApiRoutes,
  eksClusterReadPermission,
  getEksClusterRef,
  parseEksClusterArn,
  validateAccountId,
  validateAddonName,
  validateAddonVersion,
  validateKubernetesVersion,
  validateRegion,
  validateVpcId,
  type ValidationRule,
  type AddonConfigurationResponse,
  type AddonVersionsResponse,
  type ClusterHealth,
  type ClusterHealthResponse,
  type ClusterListItem,
  type ClustersResponse,
  type EksClusterRef,
  type KubernetesVersionsResponse,
  type IamPrincipalsResponse,
  type InstanceTypesResponse,
  type SubnetsResponse,
  type VpcsResponse,
} from '@backstage-eks/plugin-eks-common';
import { toBackstageError } from '@backstage-eks/plugin-eks-node';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { EksReadService } from './services/eksReadServiceRef';
import type { CoalescingCache } from './services/CoalescingCache';
import {
  pathParameter,
  queryParameter,
  refreshParameter,
} from './queryParameters';

/** Documents with a failed section are kept at most this long. */
const DEGRADED_DOCUMENT_TTL_MS = 5000;

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  read: EksReadService;
  cache: CoalescingCache;
  logger: LoggerService;
}

function hasFailedSection(health: ClusterHealth): boolean {
  return [
    health.cluster,
    health.insights,
    health.nodeGroups,
    health.nodes,
    health.addons,
    health.podIdentityAssociations,
    health.karpenter,
  ].some(section => section.error !== undefined);
}

function validateClusterArn(value: string): string | undefined {
  return parseEksClusterArn(value)
    ? undefined
    : 'must be an EKS cluster ARN such as "arn:aws:eks:eu-west-1:123456789012:cluster/demo"';
}

const entityRules = makeValidator();

/** The catalog's rules of the parts of an entity ref. */
const entityRefRules: Record<'kind' | 'namespace' | 'name', ValidationRule> = {
  kind: v =>
    entityRules.isValidKind(v)
      ? undefined
      : 'must be an entity kind: a letter followed by letters and digits, at most 63 characters',
  namespace: v =>
    entityRules.isValidNamespace(v)
      ? undefined
      : 'must be an entity namespace: lower-case letters, digits and "-", at most 63 characters',
  name: v =>
    entityRules.isValidEntityName(v)
      ? undefined
      : 'must be an entity name: letters and digits separated by "-", "_" or ".", at most 63 characters',
};

/** What a person types to narrow the IAM principal picker: part of a name or ARN. */
const validatePrincipalSearch: ValidationRule = v => {
  if (v.length > 200) return `must be at most 200 characters (got ${v.length})`;
  return /^[\w+=,.@/:-]*$/.test(v)
    ? undefined
    : 'must be part of an IAM role or user name or ARN: letters, digits and +=,.@_-/:';
};

function awsTarget(req: Request) {
  return {
    region: queryParameter(req, 'region', validateRegion),
    accountId: queryParameter(req, 'accountId', validateAccountId),
  };
}

/** The eks backend's REST API (see `src/schema/openapi.yaml`). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, read, cache, logger } = options;
  const router = Router();

  /** An authenticated user allowed to read clusters. */
  async function readerCredentials(
    req: Request,
  ): Promise<BackstageCredentials> {
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
    return credentials;
  }

  function clusterHealth(
    cluster: EksClusterRef,
    refresh: boolean,
  ): Promise<ClusterHealth> {
    const key = `health:${cluster.accountId}:${cluster.region}:${cluster.clusterName}`;
    return cache.get(
      key,
      () =>
        read.health.getClusterHealth({
          accountId: cluster.accountId,
          region: cluster.region,
          clusterName: cluster.clusterName,
        }),
      {
        refresh,
        ttlMs: health =>
          hasFailedSection(health) ? DEGRADED_DOCUMENT_TTL_MS : undefined,
      },
    );
  }

  // The paths of eksApiRoutes with express parameters (the builders encode ':').
  router.get('/clusters/:namespace/:kind/:name/health', async (req, res) => {
    const credentials = await readerCredentials(req);
    const refresh = refreshParameter(req);
    const entityRef = {
      kind: pathParameter(req, 'kind', entityRefRules.kind),
      namespace: pathParameter(req, 'namespace', entityRefRules.namespace),
      name: pathParameter(req, 'name', entityRefRules.name),
    };
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `entity ${stringifyEntityRef(entityRef)} not found in the catalog`,
      );
    }
    const cluster = getEksClusterRef(entity);
    if (!cluster) {
      throw new InputError(
        `entity ${stringifyEntityRef(
          entity,
        )} has no EKS cluster ARN: set the annotation ${EKS_CLUSTER_ARN_ANNOTATION} (or one of ${EKS_CLUSTER_ARN_ANNOTATIONS.slice(
          1,
        ).join(', ')}) to the cluster's ARN`,
      );
    }
    const body: ClusterHealthResponse = await clusterHealth(cluster, refresh);
    res.json(body);
  });

  router.get(eksApiRoutes.arnHealth, async (req, res) => {
    await readerCredentials(req);
    const refresh = refreshParameter(req);
    const arn = queryParameter(req, 'arn', validateClusterArn, {
      required: true,
    })!;
    const body: ClusterHealthResponse = await clusterHealth(
      parseEksClusterArn(arn)!,
      refresh,
    );
    res.json(body);
  });

  router.get(eksApiRoutes.clusters, async (req, res) => {
    const credentials = await readerCredentials(req);
    const target = awsTarget(req);
    const clusters = await cache.get(
      `clusters:${target.accountId ?? ''}:${target.region ?? ''}`,
      () => read.inventory.listClusters(target),
    );
    const entityRefs = await clusterEntityRefs(credentials);
    const body: ClustersResponse = {
      clusters: clusters.map(
        (c): ClusterListItem => ({ ...c, entityRef: entityRefs.get(c.arn) }),
      ),
    };
    res.json(body);
  });

  /** ARN -> entity ref of the catalog entities that stand for clusters. */
  async function clusterEntityRefs(
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const refs = new Map<string, string>();
    try {
      const { items } = await catalog.getEntities(
        {
          filter: EKS_CLUSTER_ARN_ANNOTATIONS.map(annotation => ({
            [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
          })),
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
          ],
        },
        { credentials },
      );
      for (const entity of items) {
        const cluster = getEksClusterRef(entity);
        if (cluster && !refs.has(cluster.arn)) {
          refs.set(cluster.arn, stringifyEntityRef(entity));
        }
      }
    } catch (error) {
      logger.warn(`could not match clusters to catalog entities: ${error}`);
    }
    return refs;
  }

  router.get(eksApiRoutes.kubernetesVersions, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const body: KubernetesVersionsResponse = await cache.get(
      `kubernetes-versions:${target.accountId ?? ''}:${target.region ?? ''}`,
      () => read.inventory.kubernetesVersions(target),
    );
    res.json(body);
  });

  router.get(eksApiRoutes.addonVersions, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const kubernetesVersion = queryParameter(
      req,
      'kubernetesVersion',
      validateKubernetesVersion,
    );
    const addonName = queryParameter(req, 'addonName', validateAddonName);
    const body: AddonVersionsResponse = await cache.get(
      `addon-versions:${target.accountId ?? ''}:${target.region ?? ''}:${
        kubernetesVersion ?? ''
      }:${addonName ?? ''}`,
      () =>
        read.inventory.addonVersions({ kubernetesVersion, addonName }, target),
    );
    res.json(body);
  });

  router.get('/addons/:name/configuration', async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const addonName = pathParameter(req, 'name', validateAddonName);
    const version = queryParameter(req, 'version', validateAddonVersion, {
      required: true,
    })!;
    const kubernetesVersion = queryParameter(
      req,
      'kubernetesVersion',
      validateKubernetesVersion,
    );
    const body: AddonConfigurationResponse = await cache.get(
      `addon-configuration:${target.accountId ?? ''}:${
        target.region ?? ''
      }:${addonName}:${version}:${kubernetesVersion ?? ''}`,
      () =>
        read.inventory.addonConfiguration(
          { addonName, version, kubernetesVersion },
          target,
        ),
    );
    res.json(body);
  });

  // What an account already has, for the form's pickers.
  router.get(eksApiRoutes.iamPrincipals, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const search = queryParameter(req, 'search', validatePrincipalSearch);
    const body: IamPrincipalsResponse = await cache.get(
      `iam-principals:${target.accountId ?? ''}:${(
        search ?? ''
      ).toLowerCase()}`,
      () => read.accountResources.iamPrincipals({ search }, target),
    );
    res.json(body);
  });

  router.get(eksApiRoutes.vpcs, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const body: VpcsResponse = await cache.get(
      `vpcs:${target.accountId ?? ''}:${target.region ?? ''}`,
      () => read.accountResources.vpcs(target),
    );
    res.json(body);
  });

  router.get(eksApiRoutes.subnets, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const vpcId = queryParameter(req, 'vpcId', validateVpcId, {
      required: true,
    })!;
    const body: SubnetsResponse = await cache.get(
      `subnets:${target.accountId ?? ''}:${target.region ?? ''}:${vpcId}`,
      () => read.accountResources.subnets({ vpcId }, target),
    );
    res.json(body);
  });

  router.get(eksApiRoutes.instanceTypes, async (req, res) => {
    await readerCredentials(req);
    const target = awsTarget(req);
    const body: InstanceTypesResponse = await cache.get(
      `instance-types:${target.accountId ?? ''}:${target.region ?? ''}`,
      () => read.accountResources.instanceTypes(target),
    );
    res.json(body);
  });

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

  return router;
}
