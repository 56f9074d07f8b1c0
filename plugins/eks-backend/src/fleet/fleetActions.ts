import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eksClusterReadPermission } from '@backstage-eks/plugin-eks-common';
import type { ClusterHealthTarget } from '@backstage-eks/plugin-eks-node';
import { entityCluster } from '../routes/entityCluster';
import type { EksReadService } from '../services/eksReadServiceRef';
import type { FleetService } from './FleetService';

/** Clusters listed by `list-eks-clusters-needing-attention` unless `limit` says otherwise. */
const DEFAULT_ATTENTION_LIMIT = 50;
const MAX_ATTENTION_LIMIT = 500;

async function requireReader(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
) {
  const [decision] = await permissions.authorize(
    [{ permission: eksClusterReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `permission ${eksClusterReadPermission.name} is required`,
    );
  }
}

/** Zod as the actions registry hands it to the schemas. */
type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

const attentionInput = (z: Zod) =>
  z.object({
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'accountId must be 12 digits')
      .optional()
      .describe('Only clusters of this AWS account (12 digits).'),
    region: z
      .string()
      .max(64)
      .optional()
      .describe('Only clusters of this AWS region, e.g. eu-west-1.'),
    owner: z
      .string()
      .max(255)
      .optional()
      .describe("Only clusters of this owner (the catalog entity's owner)."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_ATTENTION_LIMIT)
      .optional()
      .describe(
        `At most this many clusters (default ${DEFAULT_ATTENTION_LIMIT}).`,
      ),
  });

const attentionOutput = (z: Zod) =>
  z.object({
    generatedAt: z.string().describe('When the fleet snapshot was made.'),
    total: z.number().describe('Clusters needing attention in all.'),
    clusters: z.array(
      z.object({
        name: z.string(),
        accountId: z.string(),
        region: z.string(),
        entityRef: z.string().optional(),
        owner: z.string().optional(),
        system: z.string().optional(),
        version: z.string(),
        verdict: z.string(),
        refreshedAt: z
          .string()
          .describe('When this cluster was last read from AWS.'),
        reasons: z.array(z.string()),
      }),
    ),
    failedRegions: z.array(
      z.object({
        accountId: z.string(),
        region: z.string(),
        error: z.string(),
        lastSuccessAt: z.string().optional(),
      }),
    ),
  });

const healthInput = (z: Zod) =>
  z.object({
    entityRef: z
      .string()
      .max(300)
      .optional()
      .describe("The cluster's catalog entity, e.g. resource:default/demo."),
    clusterName: z
      .string()
      .max(100)
      .optional()
      .describe('The EKS cluster name (when no entityRef is given).'),
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'accountId must be 12 digits')
      .optional()
      .describe("The cluster's AWS account (12 digits)."),
    region: z.string().max(64).optional().describe("The cluster's AWS region."),
  });

const healthOutput = (z: Zod) =>
  z.object({
    cluster: z.object({
      name: z.string(),
      accountId: z.string(),
      region: z.string(),
    }),
    verdict: z.object({
      kind: z.string(),
      headline: z.string(),
      counts: z.record(z.number()),
    }),
    diagnostics: z.array(
      z.object({
        id: z.string(),
        severity: z.string(),
        title: z.string(),
        what: z.string(),
        why: z.string(),
        fix: z.string(),
        link: z.string().optional(),
        resources: z.array(z.string()).optional(),
      }),
    ),
    health: z
      .record(z.unknown())
      .describe('The whole health document (ClusterHealth).'),
  });

/** The cluster an action input names: a catalog entity, or a name (found in the fleet unless account and region are given). */
async function clusterOf(
  catalog: CatalogService,
  fleet: FleetService,
  input: {
    entityRef?: string;
    clusterName?: string;
    accountId?: string;
    region?: string;
  },
  credentials: BackstageCredentials,
): Promise<ClusterHealthTarget> {
  if (input.entityRef) {
    let ref;
    try {
      ref = parseEntityRef(input.entityRef, {
        defaultKind: 'resource',
        defaultNamespace: 'default',
      });
    } catch (error) {
      throw new InputError(`entityRef ${(error as Error).message}`);
    }
    const { cluster } = await entityCluster(catalog, ref, credentials);
    return {
      accountId: cluster.accountId,
      region: cluster.region,
      clusterName: cluster.clusterName,
    };
  }
  const { clusterName, accountId, region } = input;
  if (!clusterName) {
    throw new InputError('entityRef or clusterName is required');
  }
  if (accountId && region) return { accountId, region, clusterName };
  const rows = (await fleet.current()).response.rows.filter(
    r =>
      r.name === clusterName &&
      (!accountId || r.accountId === accountId) &&
      (!region || r.region === region),
  );
  if (rows.length === 1) {
    return {
      accountId: rows[0].accountId,
      region: rows[0].region,
      clusterName,
    };
  }
  if (rows.length === 0) {
    throw new NotFoundError(
      `no cluster named ${clusterName} in the fleet${
        region ? ` in region ${region}` : ''
      }${
        accountId ? ` of account ${accountId}` : ''
      }: give accountId and region, or the cluster's entityRef`,
    );
  }
  throw new InputError(
    `${rows.length} clusters are named ${clusterName} (${rows
      .map(r => `${r.accountId}/${r.region}`)
      .join(', ')}): give accountId and region`,
  );
}

/**
 * The eks backend's read-only actions in Backstage's actions registry (what
 * portals that serve MCP tools expose): the clusters of the fleet that need
 * attention, with why, and a cluster's health document with its
 * diagnostics. Both check eks.cluster.read with the caller's credentials.
 */
export function registerFleetActions(options: FleetActionsOptions) {
  registerAttentionAction(options);
  registerHealthAction(options);
}

/** What the actions need. */
export interface FleetActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  catalog: CatalogService;
  read: EksReadService;
  fleet: FleetService;
}

function registerAttentionAction({
  actionsRegistry,
  permissions,
  fleet,
}: FleetActionsOptions) {
  actionsRegistry.register({
    name: 'list-eks-clusters-needing-attention',
    title: 'List EKS clusters needing attention',
    description: `The EKS clusters of the fleet (every configured account and region, from the last background refresh) that need their owners, each with why: Kubernetes standard support ending within 90 days or already extended (and what it costs), failing diagnostics, upgrade readiness errors, Karpenter not current, add-ons behind the fleet or EKS, an unhealthy verdict, a failed refresh. Most reasons first. Filter by account, region or owner (an entity ref such as group:default/platform). Accounts or regions whose last refresh failed are listed with their error.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: attentionInput,
      output: attentionOutput,
    },
    action: async ({ input, credentials }) => {
      await requireReader(permissions, credentials);
      const served = await fleet.current();
      const matches = await fleet.needingAttention(input);
      const limit = input.limit ?? DEFAULT_ATTENTION_LIMIT;
      return {
        output: {
          generatedAt: served.response.generatedAt,
          total: matches.length,
          clusters: matches.slice(0, limit).map(({ row, reasons }) => ({
            name: row.name,
            accountId: row.accountId,
            region: row.region,
            ...(row.entityRef ? { entityRef: row.entityRef } : {}),
            ...(row.owner ? { owner: row.owner } : {}),
            ...(row.system ? { system: row.system } : {}),
            version: row.version,
            verdict: row.verdict,
            refreshedAt: row.refreshedAt,
            reasons,
          })),
          failedRegions: served.response.regions
            .filter(r => r.error)
            .filter(
              r =>
                (!input.accountId || r.accountId === input.accountId) &&
                (!input.region || r.region === input.region),
            )
            .map(r => ({
              accountId: r.accountId,
              region: r.region,
              error: r.error!,
              ...(r.lastSuccessAt ? { lastSuccessAt: r.lastSuccessAt } : {}),
            })),
        },
      };
    },
  });
}

function registerHealthAction({
  actionsRegistry,
  permissions,
  catalog,
  read,
  fleet,
}: FleetActionsOptions) {
  actionsRegistry.register({
    name: 'get-eks-cluster-health',
    title: 'Get EKS cluster health',
    description: `The health of one EKS cluster, read now from AWS and Kubernetes as the entity page shows it: the verdict, every diagnostic (severity, what is wrong, why it matters, how to fix it) and the whole health document (cluster, insights, node groups, nodes, add-ons, Pod Identity, capabilities, Karpenter, upgrade and support). Name the cluster by its catalog entity (entityRef, e.g. resource:default/demo) or by clusterName (with accountId and region when the name is not unique in the fleet).`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: healthInput,
      output: healthOutput,
    },
    action: async ({ input, credentials }) => {
      await requireReader(permissions, credentials);
      const cluster = await clusterOf(catalog, fleet, input, credentials);
      const health = await read.health.getClusterHealth(cluster);
      return {
        output: {
          cluster: {
            name: cluster.clusterName,
            accountId: cluster.accountId,
            region: cluster.region,
          },
          verdict: {
            kind: health.verdict.kind,
            headline: health.verdict.headline,
            counts: { ...health.verdict.counts },
          },
          diagnostics: health.diagnostics.map(d => ({
            id: d.id,
            severity: d.severity,
            title: d.title,
            what: d.what,
            why: d.why,
            fix: d.fix,
            ...(d.link ? { link: d.link } : {}),
            ...(d.resources ? { resources: d.resources } : {}),
          })),
          health: JSON.parse(JSON.stringify(health)) as Record<string, unknown>,
        },
      };
    },
  });
}
