import {
  Addon,
  AddonPodIdentityAssociations,
  CreateAddonCommand,
  DescribeAddonCommand,
  DescribeAddonConfigurationCommand,
  ListPodIdentityAssociationsCommand,
  TagResourceCommand,
  UpdateAddonCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  compareAddonVersions,
  validateAddonName,
  validateAddonVersion,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import YAML from 'yaml';
import {
  parseConfigurationValues,
  validateConfigurationValues,
} from './addonConfiguration';
import { resolveAddonVersion } from './addonVersion';
import { findCluster } from '../clusterLookup';
import { resolveClusterVersion } from '../cluster/clusterVersion';
import { ensureRole } from '../iam';
import { checkField, checkInteger } from '../inputRules';
import { checkOwnership, refuseForeignResources } from '../ownership';
import { awsManagedPolicyArn, podIdentityTrustPolicy } from '../policies';
import {
  addonPodIdentityServiceAccount,
  preflightInstallAddons,
} from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import {
  ifExists,
  runWaiter,
  TYPICAL_CREATE_SECONDS,
  WaiterFailedError,
} from '../waiters';
import { checkRoleArn } from '../cluster/createClusterInput';
import { sameJson } from '../sameJson';
import {
  AUTO_MODE_BUILT_IN_ADDONS,
  partitionForRegion,
  podIdentityTemplatePath,
} from '@backstage-eks/plugin-eks-common';

/** The Pod Identity agent add-on. @public */
export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** One add-on to install. @public */
export interface AddonRequest {
  name: string;
  /** `latest`, `default` (the default) or an exact version. */
  version?: string;
  /** JSON or YAML, validated against the add-on's configuration schema. */
  configurationValues?: string;
  /**
   * Pod Identity for the add-on's service account: `recommended` creates a
   * role with the policies EKS recommends (podIdentityConfiguration);
   * `{ roleArn }` uses an existing role.
   */
  podIdentity?: 'recommended' | { roleArn: string; serviceAccount?: string };
  /** How conflicts with existing in-cluster fields are handled. */
  resolveConflicts?: 'NONE' | 'OVERWRITE' | 'PRESERVE';
}

/** A health issue EKS reports for an add-on. @public */
export interface AddonIssue {
  code: string;
  message: string;
  resourceIds: string[];
  /** What to do about it, when known. */
  fix?: string;
  /**
   * A portal path that does the fix, when one does: for an add-on without
   * AWS permissions, the Pod Identity template prefilled with the add-on's
   * service account and the policies EKS recommends for it.
   */
  fixPath?: string;
}

/**
 * The statuses an add-on ends in that fail the install: it is not working
 * as asked (DEGRADED: installed but unhealthy; *_FAILED: not installed or
 * not updated).
 *
 * @public
 */
export function isUnhealthyAddonStatus(status: string): boolean {
  return status === 'DEGRADED' || /FAILED$/.test(status);
}

/**
 * Thrown when add-ons end DEGRADED or failed: names each, with its issues
 * and their fixes. `results` holds every add-on's outcome (the healthy ones
 * too), for the action's output.
 *
 * @public
 */
export class AddonsNotHealthyError extends Error {
  readonly results: AddonResult[];

  constructor(results: AddonResult[]) {
    const unhealthy = results.filter(r => isUnhealthyAddonStatus(r.status));
    super(
      `${unhealthy.length} add-on(s) did not become ACTIVE:\n${unhealthy
        .map(describeUnhealthyAddon)
        .join('\n')}`,
    );
    this.name = 'AddonsNotHealthyError';
    this.results = results;
  }
}

/**
 * One line per issue: the add-on, its status, the issue and its fix. The
 * task page renders the message as markdown: the fix's page is a link.
 */
function describeUnhealthyAddon(result: AddonResult): string {
  const issues = result.issues.length
    ? result.issues
    : [{ code: 'no issue reported', message: '', resourceIds: [] }];
  return issues
    .map(
      (i: AddonIssue) =>
        `- ${result.name} ${result.version} is ${result.status}: ${i.code}${
          i.message ? ` (${i.message})` : ''
        }. Fix: ${
          i.fix ??
          "see the add-on's diagnostic on the cluster's EKS tab for the cause and its remedy"
        }${i.fixPath ? ` [Open the fix](${i.fixPath})` : ''}`,
    )
    .join('\n');
}

/** Outcome for one add-on. @public */
export interface AddonResult {
  name: string;
  version: string;
  status: string;
  issues: AddonIssue[];
  podIdentityRoleArn?: string;
  action: 'created' | 'updated' | 'unchanged' | 'planned';
}

interface PreparedAddon {
  request: AddonRequest;
  index: number;
  version: string;
  requestedKind: 'latest' | 'default' | 'exact';
  configuration?: Record<string, unknown>;
  podIdentity?: {
    serviceAccount: string;
    roleArn?: string;
    recommendedPolicyArns: string[];
  };
  /** The service accounts EKS recommends Pod Identity for, with their policies. */
  recommendedPodIdentity: { serviceAccount: string; policyArns: string[] }[];
  /** The cluster runs EKS Auto Mode (which has Pod Identity built in). */
  clusterAutoMode: boolean;
  existing?: Addon;
}

/** Checks add-on requests before any call. @public */
export function validateAddonRequests(
  addons: AddonRequest[],
  target: { accountId: string; region: string },
): void {
  if (!Array.isArray(addons) || addons.length === 0) {
    throw new InputError('addons must list at least one add-on');
  }
  const seen = new Set<string>();
  addons.forEach((addon, i) => {
    checkField(`addons[${i}].name`, addon.name, validateAddonName);
    if (seen.has(addon.name)) {
      throw new InputError(`addons[${i}].name "${addon.name}" is listed twice`);
    }
    seen.add(addon.name);
    checkField(`addons[${i}].version`, addon.version, validateAddonVersion);
    if (addon.configurationValues !== undefined) {
      parseConfigurationValues(
        `addons[${i}].configurationValues`,
        addon.configurationValues,
      );
    }
    if (addon.podIdentity && addon.podIdentity !== 'recommended') {
      checkRoleArn(
        `addons[${i}].podIdentity.roleArn`,
        addon.podIdentity.roleArn,
        target,
      );
      checkField(
        `addons[${i}].podIdentity.serviceAccount`,
        addon.podIdentity.serviceAccount,
        validateServiceAccountName,
      );
    }
  });
}

/**
 * Installs or updates EKS add-ons on a cluster: resolves versions for the
 * cluster's Kubernetes version, validates configuration values against each
 * add-on's schema (all before any write), creates the recommended Pod
 * Identity roles when asked, installs independent add-ons in parallel, waits
 * for ACTIVE and reports health issues.
 *
 * @public
 */
export async function installAddons(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    addons: AddonRequest[];
    concurrency?: number;
    tags?: Record<string, string>;
    /**
     * On a cluster that runs EKS Auto Mode, leave out the add-ons whose work
     * Auto Mode does itself ({@link AUTO_MODE_BUILT_IN_ADDONS}), saying so
     * in the log. Default false: every add-on is installed as asked.
     */
    omitAutoModeBuiltIns?: boolean;
  },
): Promise<AddonResult[]> {
  checkInteger('concurrency', opts.concurrency, 1, 20);
  validateAddonRequests(opts.addons, run.aws.target);
  const { eks } = run.aws;
  const { clusterName } = opts;
  const limit = pLimit(opts.concurrency ?? 4);
  run.beginSteps(2);
  const { agent, others } = await run.step(
    "preflight: region, Pod Identity roles, the cluster, and each add-on's version and configuration",
    async () => {
      await preflightInstallAddons(run, opts);
      const cluster = await findCluster(run, clusterName);
      if (!cluster && !run.dryRun) {
        throw new InputError(
          `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
        );
      }
      if (
        cluster &&
        cluster.status !== 'ACTIVE' &&
        cluster.status !== 'UPDATING'
      ) {
        throw new Error(
          `Cluster ${clusterName} is ${cluster.status}; add-ons can be installed once it is ACTIVE`,
        );
      }
      if (!cluster) {
        run.logger.info(
          `[dry run] cluster ${clusterName} does not exist yet: checking the add-ons against the newest Kubernetes version`,
        );
      }
      const requests =
        opts.omitAutoModeBuiltIns && cluster?.computeConfig?.enabled
          ? omitAutoModeBuiltIns(run, clusterName, opts.addons)
          : opts.addons;
      const kubernetesVersion =
        cluster?.version ?? (await resolveClusterVersion(run));

      // Phase 1: read-only checks of every add-on, before any write.
      const prepared = await Promise.all(
        requests.map(request =>
          limit(() =>
            prepare(run, {
              clusterName,
              request,
              // the index in the input, for field names in errors
              index: opts.addons.indexOf(request),
              kubernetesVersion,
              clusterExists: Boolean(cluster),
              clusterAutoMode: Boolean(cluster?.computeConfig?.enabled),
            }),
          ),
        ),
      );

      // Add-ons someone else installed: used as they are when nothing would
      // change, otherwise refused before any write (unless the run adopts).
      refuseForeignResources(
        run,
        clusterName,
        prepared.flatMap(p =>
          p.existing
            ? [
                {
                  existing: {
                    resource: `add-on ${p.request.name}`,
                    tags: p.existing.tags,
                  },
                  opts: { changes: addonChanges(p).changes, useAsIs: true },
                },
              ]
            : [],
        ),
      );

      // The Pod Identity agent goes first when asked for: the others' Pod
      // Identity associations only work once it runs.
      const agentAddon = prepared.filter(
        p => p.request.name === POD_IDENTITY_AGENT_ADDON,
      );
      const otherAddons = prepared.filter(
        p => p.request.name !== POD_IDENTITY_AGENT_ADDON,
      );
      if (
        cluster &&
        !cluster.computeConfig?.enabled &&
        agentAddon.length === 0 &&
        otherAddons.some(p => p.podIdentity)
      ) {
        const installed = await ifExists(() =>
          eks.send(
            new DescribeAddonCommand({
              clusterName,
              addonName: POD_IDENTITY_AGENT_ADDON,
            }),
          ),
        );
        if (!installed?.addon) {
          run.note(
            `Pod Identity is requested but the ${POD_IDENTITY_AGENT_ADDON} add-on is not installed: add it to addons, or the add-ons' pods get no AWS credentials`,
          );
        }
      }
      return { agent: agentAddon, others: otherAddons };
    },
  );
  const names = [...agent, ...others].map(p => p.request.name);
  return run.step(
    `add-on${names.length === 1 ? '' : 's'} ${
      names.join(', ') || '(none)'
    }, until ACTIVE`,
    async () => {
      const tags = resourceTags(clusterName, opts.tags);
      const byIndex: AddonResult[] = new Array(opts.addons.length);
      for (const p of agent) {
        byIndex[p.index] = await apply(run, clusterName, p, tags);
      }
      // The limit holds for the calls that change things; the waits for ACTIVE
      // (a poll every 10-30 s) all run at once, so no add-on waits for another.
      await Promise.all(
        others.map(async p => {
          const started = await limit(() =>
            startChange(run, clusterName, p, tags),
          );
          byIndex[p.index] = await settle(run, clusterName, p, started);
        }),
      );
      // in the input's order, without the add-ons left out
      const results = byIndex.filter(r => r !== undefined);
      // An add-on that is not ACTIVE is not what was asked for: the run fails,
      // naming each with its issues and their fixes (a dry run notes them).
      const unhealthy = results.filter(r => isUnhealthyAddonStatus(r.status));
      for (const r of run.dryRun ? unhealthy : []) {
        run.note(describeUnhealthyAddon(r).replace(/^- /gm, 'Add-on '));
      }
      if (unhealthy.length > 0 && !run.dryRun) {
        throw new AddonsNotHealthyError(results);
      }
      return results;
    },
  );
}

/** The requests without the add-ons Auto Mode makes unneeded, logged. */
function omitAutoModeBuiltIns(
  run: ProvisioningRun,
  clusterName: string,
  addons: AddonRequest[],
): AddonRequest[] {
  const omitted = addons.filter(a =>
    AUTO_MODE_BUILT_IN_ADDONS.includes(a.name),
  );
  if (omitted.length > 0) {
    run.logger.info(
      `Not installing ${omitted
        .map(a => a.name)
        .join(
          ', ',
        )}: cluster ${clusterName} runs EKS Auto Mode, which does their work itself`,
    );
  }
  return addons.filter(a => !AUTO_MODE_BUILT_IN_ADDONS.includes(a.name));
}

async function prepare(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    request: AddonRequest;
    index: number;
    kubernetesVersion: string;
    clusterExists: boolean;
    clusterAutoMode: boolean;
  },
): Promise<PreparedAddon> {
  const { request, index } = opts;
  const requested = request.version ?? 'default';
  const resolved = await resolveAddonVersion(run, {
    field: `addons[${index}].name`,
    versionField: `addons[${index}].version`,
    addonName: request.name,
    requested,
    kubernetesVersion: opts.kubernetesVersion,
  });
  const configuration = await run.aws.eks.send(
    new DescribeAddonConfigurationCommand({
      addonName: request.name,
      addonVersion: resolved.version,
    }),
  );
  let values: Record<string, unknown> | undefined;
  if (request.configurationValues !== undefined) {
    const field = `addons[${index}].configurationValues`;
    values = parseConfigurationValues(field, request.configurationValues);
    validateConfigurationValues(
      field,
      values,
      configuration.configurationSchema,
    );
  }
  const recommended = configuration.podIdentityConfiguration ?? [];
  const partition = partitionForRegion(run.region);
  const recommendedPodIdentity = recommended.flatMap(c =>
    c.serviceAccount
      ? [
          {
            serviceAccount: c.serviceAccount,
            policyArns: (c.recommendedManagedPolicies ?? []).map(arn =>
              arn.startsWith('arn:')
                ? arn
                : awsManagedPolicyArn(partition, arn),
            ),
          },
        ]
      : [],
  );
  let podIdentity: PreparedAddon['podIdentity'];
  if (request.podIdentity) {
    const explicit =
      request.podIdentity !== 'recommended' ? request.podIdentity : undefined;
    const serviceAccount = addonPodIdentityServiceAccount(
      `addons[${index}].podIdentity`,
      { name: request.name, version: resolved.version },
      explicit?.serviceAccount,
      recommended,
    );
    podIdentity = {
      serviceAccount,
      roleArn: explicit?.roleArn,
      recommendedPolicyArns: recommended
        .filter(c => c.serviceAccount === serviceAccount)
        .flatMap(c => c.recommendedManagedPolicies ?? []),
    };
  }
  const existing = opts.clusterExists
    ? (
        await ifExists(() =>
          run.aws.eks.send(
            new DescribeAddonCommand({
              clusterName: opts.clusterName,
              addonName: request.name,
            }),
          ),
        )
      )?.addon
    : undefined;
  return {
    request,
    index,
    version: resolved.version,
    requestedKind:
      requested === 'latest' || requested === 'default' ? requested : 'exact',
    configuration: values,
    podIdentity,
    recommendedPodIdentity,
    clusterAutoMode: opts.clusterAutoMode,
    existing,
  };
}

/** What updating an existing add-on to the request would change. */
function addonChanges(p: PreparedAddon): {
  changes: string[];
  versionDiffers: boolean;
} {
  const existing = p.existing;
  if (!existing) return { changes: [], versionDiffers: false };
  const changes: string[] = [];
  const current = existing.addonVersion ?? '';
  const versionDiffers =
    p.requestedKind === 'exact'
      ? current !== p.version
      : compareAddonVersions(current, p.version) < 0;
  if (versionDiffers) changes.push(`version ${current} -> ${p.version}`);
  if (
    p.configuration &&
    !sameConfiguration(existing.configurationValues, p.configuration)
  ) {
    changes.push('configuration values');
  }
  if (p.podIdentity && (existing.podIdentityAssociations ?? []).length === 0) {
    changes.push('Pod Identity association');
  }
  return { changes, versionDiffers };
}

function sameConfiguration(
  existing: string | undefined,
  wanted: Record<string, unknown>,
): boolean {
  let current: unknown = {};
  try {
    current = existing ? YAML.parse(existing) ?? {} : {};
  } catch {
    return false;
  }
  return sameJson(current, wanted);
}

/** What {@link startChange} did, for {@link settle}. */
interface StartedChange {
  action: AddonResult['action'];
  podIdentityRoleArn?: string;
}

async function apply(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  tags: Record<string, string>,
): Promise<AddonResult> {
  return settle(
    run,
    clusterName,
    p,
    await startChange(run, clusterName, p, tags),
  );
}

/** Creates or updates the add-on (and its Pod Identity role): the calls that change things. */
async function startChange(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  tags: Record<string, string>,
): Promise<StartedChange> {
  const { eks } = run.aws;
  const name = p.request.name;
  let podIdentityRoleArn = p.podIdentity?.roleArn;
  if (p.podIdentity && !podIdentityRoleArn) {
    const partition = partitionForRegion(run.region);
    podIdentityRoleArn = await ensureRole(run, {
      name: `${clusterName}-${name}`.slice(0, 64),
      description: `Pod Identity role of the ${name} add-on on ${clusterName}`,
      trustPolicy: podIdentityTrustPolicy(),
      managedPolicyArns: p.podIdentity.recommendedPolicyArns.map(arn =>
        arn.startsWith('arn:') ? arn : awsManagedPolicyArn(partition, arn),
      ),
      tags,
    });
  }
  const podIdentityAssociations: AddonPodIdentityAssociations[] | undefined =
    p.podIdentity && podIdentityRoleArn
      ? [
          {
            serviceAccount: p.podIdentity.serviceAccount,
            roleArn: podIdentityRoleArn,
          },
        ]
      : undefined;
  const configurationValues = p.configuration
    ? JSON.stringify(p.configuration)
    : undefined;
  const existing = p.existing;
  let action: AddonResult['action'] = 'unchanged';

  if (!existing) {
    await run.change(
      { action: 'install', resource: `add-on ${name}`, detail: p.version },
      ['addon', clusterName, name],
      async () => {
        await eks.send(
          new CreateAddonCommand({
            clusterName,
            addonName: name,
            addonVersion: p.version,
            configurationValues,
            podIdentityAssociations,
            resolveConflicts: p.request.resolveConflicts ?? 'OVERWRITE',
            tags,
          }),
        );
      },
    );
    action = run.dryRun ? 'planned' : 'created';
  } else {
    const { changes, versionDiffers } = addonChanges(p);
    const addonArn = existing.addonArn;
    await checkOwnership(
      run,
      {
        resource: `add-on ${name}`,
        tags: existing.tags,
        writeTags: addonArn
          ? async ownTags => {
              await eks.send(
                new TagResourceCommand({
                  resourceArn: addonArn,
                  tags: ownTags,
                }),
              );
            }
          : undefined,
        keyParts: ['addon', clusterName, name],
      },
      { clusterName, changes, useAsIs: true },
    );
    if (changes.length > 0) {
      run.reportRequestedChange(`add-on ${name}: ${changes.join(', ')}`);
      await run.change(
        {
          action: 'update',
          resource: `add-on ${name}`,
          detail: changes.join(', '),
        },
        [
          'addon-update',
          clusterName,
          name,
          p.version,
          configurationValues ?? '',
        ],
        async () => {
          await eks.send(
            new UpdateAddonCommand({
              clusterName,
              addonName: name,
              addonVersion: versionDiffers ? p.version : undefined,
              configurationValues,
              podIdentityAssociations,
              resolveConflicts: p.request.resolveConflicts ?? 'OVERWRITE',
            }),
          );
        },
      );
      action = run.dryRun ? 'planned' : 'updated';
    }
  }

  return { action, podIdentityRoleArn };
}

/** Waits until the add-on settled (unless nothing changed) and reports its state. */
async function settle(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  { action, podIdentityRoleArn }: StartedChange,
): Promise<AddonResult> {
  const { eks } = run.aws;
  const name = p.request.name;
  const existing = p.existing;
  const issues = (addon: Addon | undefined) =>
    Promise.all(
      issuesOf(addon).map(issue =>
        withFix(run, clusterName, p, addon, issue, podIdentityRoleArn),
      ),
    );
  if (run.dryRun) {
    return {
      name,
      version: p.version,
      status: existing?.status ?? 'PLANNED',
      issues: await issues(existing),
      podIdentityRoleArn,
      action: action === 'unchanged' ? 'unchanged' : 'planned',
    };
  }
  const settling =
    action !== 'unchanged' ||
    existing?.status === 'CREATING' ||
    existing?.status === 'UPDATING';
  if (settling) {
    try {
      await runWaiter(
        run,
        `add-on ${name} to become ACTIVE`,
        waitUntilAddonActive,
        eks,
        { clusterName, addonName: name },
        TYPICAL_CREATE_SECONDS.addon,
      );
    } catch (error) {
      if (!(error instanceof WaiterFailedError)) throw error;
    }
  }
  const described = (
    await eks.send(new DescribeAddonCommand({ clusterName, addonName: name }))
  ).addon;
  const result: AddonResult = {
    name,
    version: described?.addonVersion ?? p.version,
    status: described?.status ?? 'UNKNOWN',
    issues: await issues(described),
    podIdentityRoleArn,
    action,
  };
  if (result.status !== 'ACTIVE') {
    run.logger.warn(
      `Add-on ${name} is ${result.status}${result.issues
        .map(
          i =>
            `; ${i.code}: ${i.message}${
              i.resourceIds.length ? ` (${i.resourceIds.join(', ')})` : ''
            }`,
        )
        .join('')}`,
    );
  } else {
    run.logger.info(`Add-on ${name} ${result.version} is ACTIVE`);
  }
  return result;
}

/**
 * The issue with its fix: for missing AWS permissions on an add-on that EKS
 * recommends Pod Identity for (and none was set up by this run), the Pod
 * Identity template prefilled with its service account and the recommended
 * policies; otherwise none here (see the comment below).
 */
async function withFix(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  addon: Addon | undefined,
  issue: AddonIssue,
  podIdentityRoleArn: string | undefined,
): Promise<AddonIssue> {
  // the other causes need what the health model reads (nodes, the agent,
  // associations): the cluster's EKS tab shows each with its remedy
  const generic = issue;
  // codes whose cause may be missing AWS credentials (pods that cannot
  // call AWS crash, so too few replicas run)
  const permissions = [
    'AccessDenied',
    'AddonPermissionFailure',
    'InsufficientNumberOfReplicas',
  ].includes(issue.code);
  const [recommended] = p.recommendedPodIdentity;
  if (!permissions || !recommended || addon?.serviceAccountRoleArn) {
    return generic;
  }
  // the add-on's namespace: its own setting, else the namespace the issue
  // names for the service account (`namespace/name`), else kube-system,
  // where EKS installs add-ons unless told otherwise
  const namespace =
    addon?.namespaceConfig?.namespace ??
    issue.resourceIds
      .map(id => id.split('/'))
      .find(([, name]) => name === recommended.serviceAccount)?.[0] ??
    'kube-system';
  const associated =
    Boolean(podIdentityRoleArn) ||
    (addon?.podIdentityAssociations ?? []).length > 0 ||
    (addon
      ? (
          (
            await run.aws.eks.send(
              new ListPodIdentityAssociationsCommand({
                clusterName,
                namespace,
                serviceAccount: recommended.serviceAccount,
              }),
            )
          ).associations ?? []
        ).length > 0
      : false);
  if (associated) {
    // a role is associated: without a running agent no pod gets it
    if (addon && !p.clusterAutoMode) {
      const agent = await ifExists(() =>
        run.aws.eks.send(
          new DescribeAddonCommand({
            clusterName,
            addonName: POD_IDENTITY_AGENT_ADDON,
          }),
        ),
      );
      if (agent?.addon?.status !== 'ACTIVE') {
        return {
          ...issue,
          fix: `${p.request.name}'s service account ${namespace}/${
            recommended.serviceAccount
          } has a Pod Identity association, but the ${POD_IDENTITY_AGENT_ADDON} add-on is ${
            agent?.addon?.status ?? 'not installed'
          }, so its pods get no AWS credentials: install ${POD_IDENTITY_AGENT_ADDON} (add it to the add-ons), then update ${
            p.request.name
          }.`,
        };
      }
    }
    // the permissions are elsewhere (the role's policies): the cluster's
    // EKS tab shows the cause and its remedy
    return generic;
  }
  return {
    ...issue,
    fix: `${p.request.name} has no IAM role for ${namespace}/${
      recommended.serviceAccount
    }, which EKS recommends one for: give that service account a role with ${
      recommended.policyArns.join(', ') || 'the permissions it needs'
    } through the "Pod Identity for a workload" template (or install the add-on with podIdentity: recommended), then update the add-on.`,
    fixPath: podIdentityTemplatePath({
      cluster: clusterName,
      region: run.region,
      accountId: run.accountId,
      namespace,
      serviceAccount: recommended.serviceAccount,
      managedPolicyArns: recommended.policyArns,
    }),
  };
}

function issuesOf(addon: Addon | undefined): AddonIssue[] {
  return (addon?.health?.issues ?? []).map(i => ({
    code: i.code ?? 'Unknown',
    message: i.message ?? '',
    resourceIds: i.resourceIds ?? [],
  }));
}
