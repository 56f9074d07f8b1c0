import {
  Cluster,
  CreatePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
  TagResourceCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleName,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import { applyIfChanged } from './kubernetesApply';
import { provisioningKubernetesClients } from './kubernetesAccess';
import { findCluster } from './clusterLookup';
import { checkRoleArn } from './cluster/createClusterInput';
import { ensureRole, existingRoleCheck, roleArnFor } from './iam';
import { checkField, checkFields, checkTags } from './inputRules';
import {
  installAddons,
  POD_IDENTITY_AGENT_ADDON,
} from './addons/installAddons';
import { PolicyDocument, podIdentityTrustPolicy } from './policies';
import {
  checkInlinePoliciesSize,
  parsePolicyText,
  preflightPodIdentity,
} from './preflight';
import { checkOwnership, refuseForeignResources } from './ownership';
import { ProvisioningRun } from './ProvisioningRun';
import { resourceTags } from './tags';
import { ifExists } from './waiters';

/**
 * The limitation every Pod Identity user should know: the STS session name
 * is set by EKS and cannot be fixed, which breaks clients that need a stable
 * one (notably Amazon MSK IAM auth).
 *
 * @public
 */
export const POD_IDENTITY_SESSION_NAME_NOTE =
  'EKS Pod Identity sets the STS role session name itself (eks-<cluster>-<pod>-...); it cannot be fixed. For services that need a fixed session name, such as Amazon MSK with IAM access control, have the client assume a second role with a RoleSessionName it chooses (role chaining from the Pod Identity credentials, e.g. awsRoleArn and awsRoleSessionName in the MSK IAM library), or use IRSA with AWS_ROLE_SESSION_NAME for those workloads.';

/** Input of {@link createPodIdentity}. @public */
export interface CreatePodIdentityOptions {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  /** An existing role; otherwise `roleName` is created. */
  roleArn?: string;
  /** Name of the role to create (default `<cluster>-<namespace>-<serviceAccount>`). */
  roleName?: string;
  managedPolicyArns?: string[];
  /** An inline policy (JSON) for the new role. */
  inlinePolicy?: string;
  /** Install the eks-pod-identity-agent add-on when it is missing. */
  installAgent?: boolean;
  /**
   * Create the namespace and the service account when missing (default
   * true); existing ones are left as they are.
   */
  createServiceAccount?: boolean;
  tags?: Record<string, string>;
}

/** Outcome of {@link createPodIdentity}. @public */
export interface CreatePodIdentityResult {
  associationArn: string;
  associationId: string;
  roleArn: string;
  roleCreated: boolean;
  agentInstalled: boolean;
  notes: string[];
}

/** The inline policy's grammar and IAM's size quota for a role's inline policies. */
function parseInlinePolicy(
  text: string | undefined,
): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  const document = parsePolicyText('inlinePolicy', text, 'identity');
  checkInlinePoliciesSize('inlinePolicy', [document]);
  return document;
}

/** Checks {@link CreatePodIdentityOptions} before any call. @public */
export function validateCreatePodIdentityOptions(
  opts: CreatePodIdentityOptions,
  target: { accountId: string; region: string },
): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkField('namespace', opts.namespace, validateNamespace);
  checkField('serviceAccount', opts.serviceAccount, validateServiceAccountName);
  checkRoleArn('roleArn', opts.roleArn, target);
  checkField('roleName', opts.roleName, validateIamRoleName);
  checkFields(
    'managedPolicyArns',
    opts.managedPolicyArns,
    validateIamPolicyArn,
  );
  parseInlinePolicy(opts.inlinePolicy);
  checkTags('tags', opts.tags);
  if (
    opts.roleArn &&
    (opts.roleName || opts.managedPolicyArns?.length || opts.inlinePolicy)
  ) {
    throw new InputError(
      'roleArn must not be combined with roleName, managedPolicyArns or inlinePolicy: either use an existing role or describe the one to create',
    );
  }
}

function namespaceMatches(pattern: string, namespace: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(namespace);
}

/**
 * Refuses where Pod Identity cannot work, explaining why: Fargate profiles
 * that take the namespace's pods (Fargate runs no DaemonSets, so no agent),
 * and clusters whose only node groups run Windows.
 *
 * @public
 */
export async function checkPodIdentitySupported(
  run: ProvisioningRun,
  cluster: Cluster,
  namespace: string,
): Promise<void> {
  const { eks } = run.aws;
  const clusterName = cluster.name ?? '';
  const profiles =
    (await eks.send(new ListFargateProfilesCommand({ clusterName })))
      .fargateProfileNames ?? [];
  for (const profileName of profiles) {
    const profile = (
      await eks.send(
        new DescribeFargateProfileCommand({
          clusterName,
          fargateProfileName: profileName,
        }),
      )
    ).fargateProfile;
    for (const selector of profile?.selectors ?? []) {
      if (
        !selector.namespace ||
        !namespaceMatches(selector.namespace, namespace)
      )
        continue;
      const labels = Object.entries(selector.labels ?? {});
      if (labels.length === 0) {
        throw new InputError(
          `namespace "${namespace}" runs on Fargate (profile ${profileName}, selector "${selector.namespace}"): EKS Pod Identity does not work on Fargate, because Fargate runs no DaemonSets and the eks-pod-identity-agent is one. Use IRSA for this namespace, or move it off Fargate`,
        );
      }
      run.note(
        `Pods in ${namespace} labelled ${labels
          .map(([k, v]) => `${k}=${v}`)
          .join(
            ',',
          )} run on Fargate (profile ${profileName}); Pod Identity does not work for them`,
      );
    }
  }
  if (cluster.computeConfig?.enabled) return;
  const nodegroupNames =
    (await eks.send(new ListNodegroupsCommand({ clusterName }))).nodegroups ??
    [];
  if (nodegroupNames.length === 0) return;
  const amiTypes = await Promise.all(
    nodegroupNames.map(
      async nodegroupName =>
        (
          await eks.send(
            new DescribeNodegroupCommand({ clusterName, nodegroupName }),
          )
        ).nodegroup?.amiType ?? '',
    ),
  );
  if (amiTypes.every(t => t.startsWith('WINDOWS'))) {
    throw new InputError(
      `clusterName "${clusterName}" has only Windows node groups (${nodegroupNames.join(
        ', ',
      )}): the EKS Pod Identity agent runs on Linux nodes only. Add a Linux node group or use IRSA`,
    );
  }
  if (amiTypes.some(t => t.startsWith('WINDOWS'))) {
    run.note(
      'Some node groups run Windows: pods scheduled there get no Pod Identity credentials; keep the workload on Linux nodes (nodeSelector kubernetes.io/os: linux)',
    );
  }
}

/**
 * Ensures the Pod Identity agent add-on, installing it when asked; Auto Mode
 * clusters have it built in. Returns whether it was installed now.
 *
 * @public
 */
export async function ensurePodIdentityAgent(
  run: ProvisioningRun,
  cluster: Cluster | undefined,
  clusterName: string,
  install: boolean,
): Promise<boolean> {
  if (cluster?.computeConfig?.enabled) return false;
  const existing = cluster
    ? await ifExists(() =>
        run.aws.eks.send(
          new DescribeAddonCommand({
            clusterName,
            addonName: POD_IDENTITY_AGENT_ADDON,
          }),
        ),
      )
    : undefined;
  if (existing?.addon) return false;
  if (!cluster && !install) {
    run.note(
      `[dry run] cluster ${clusterName} does not exist yet: the ${POD_IDENTITY_AGENT_ADDON} add-on must be installed before Pod Identity works`,
    );
    return false;
  }
  if (!install) {
    throw new InputError(
      `installAgent: the ${POD_IDENTITY_AGENT_ADDON} add-on is not installed on ${clusterName}, and without it pods get no credentials from Pod Identity. Set installAgent: true, or install the add-on first (aws:eks:addon:install)`,
    );
  }
  await installAddons(run, {
    clusterName,
    addons: [{ name: POD_IDENTITY_AGENT_ADDON, version: 'default' }],
  });
  return true;
}

/**
 * Creates an EKS Pod Identity association between a namespace/service
 * account and an IAM role (an existing one, or a new one with the Pod
 * Identity trust policy and the given policies), after checking that Pod
 * Identity can work there. Adopts an existing association and corrects its
 * role.
 *
 * @public
 */
export async function createPodIdentity(
  run: ProvisioningRun,
  opts: CreatePodIdentityOptions,
  deps: { kubernetes: KubernetesClientFactory },
): Promise<CreatePodIdentityResult> {
  validateCreatePodIdentityOptions(opts, run.aws.target);
  const { clusterName, namespace, serviceAccount } = opts;
  const roleName = (
    opts.roleName ?? `${clusterName}-${namespace}-${serviceAccount}`
  ).slice(0, 64);
  const createServiceAccount = opts.createServiceAccount ?? true;
  run.beginSteps(createServiceAccount ? 5 : 4);
  const cluster = await run.step(
    'preflight: region, role trust, managed policies, the cluster and what exists',
    async () => {
      await preflightPodIdentity(run, opts);
      const found = await findCluster(run, clusterName);
      if (!found && !run.dryRun) {
        throw new InputError(
          `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
        );
      }
      if (found) {
        await checkPodIdentitySupported(run, found, namespace);
      }
      await refuseForeignPodIdentity(run, {
        clusterName,
        namespace,
        serviceAccount,
        roleArn: opts.roleArn ?? roleArnFor(run, roleName),
        newRoleName: opts.roleArn ? undefined : roleName,
        clusterExists: Boolean(found),
      });
      return found;
    },
  );
  const agentInstalled = await run.step('the Pod Identity agent add-on', () =>
    ensurePodIdentityAgent(
      run,
      cluster,
      clusterName,
      Boolean(opts.installAgent),
    ),
  );

  const tags = resourceTags(clusterName, opts.tags);
  const { roleArn, roleCreated } = await run.step(
    opts.roleArn ? 'the existing IAM role' : `IAM role ${roleName}`,
    async () => {
      if (opts.roleArn) {
        run.logger.info(
          `Using the existing role ${opts.roleArn} (its trust was checked in preflight)`,
        );
        return { roleArn: opts.roleArn, roleCreated: false };
      }
      const inline = parseInlinePolicy(opts.inlinePolicy);
      const planBefore = run.plan.length;
      const arn = await ensureRole(run, {
        name: roleName,
        description: `Pod Identity role of ${namespace}/${serviceAccount} on ${clusterName}`,
        trustPolicy: podIdentityTrustPolicy(),
        managedPolicyArns: opts.managedPolicyArns,
        inlinePolicies: inline
          ? { [`${roleName}-inline`.slice(0, 128)]: inline }
          : undefined,
        tags,
      });
      return {
        roleArn: arn,
        roleCreated: run.plan
          .slice(planBefore)
          .some(
            c => c.action === 'create' && c.resource === `IAM role ${roleName}`,
          ),
      };
    },
  );

  if (createServiceAccount) {
    await run.step(`namespace ${namespace} and service account`, () =>
      ensureServiceAccount(run, deps.kubernetes, cluster, opts),
    );
  }

  const { associationArn, associationId } = await run.step(
    `Pod Identity association ${namespace}/${serviceAccount}`,
    () =>
      ensurePodIdentityAssociation(run, {
        clusterName,
        namespace,
        serviceAccount,
        roleArn,
        tags,
        clusterMissing: !cluster,
      }),
  );
  run.note(POD_IDENTITY_SESSION_NAME_NOTE);
  return {
    associationArn,
    associationId,
    roleArn,
    roleCreated,
    agentInstalled,
    notes: run.notes,
  };
}

/**
 * The ownership rule for a Pod Identity request, before its first write: an
 * association of the service account that another made and that points at
 * another role, and the role to create when another made one of its name,
 * are refused together (unless the run adopts).
 */
async function refuseForeignPodIdentity(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    namespace: string;
    serviceAccount: string;
    roleArn: string;
    newRoleName?: string;
    clusterExists: boolean;
  },
): Promise<void> {
  const { eks } = run.aws;
  const { clusterName, namespace, serviceAccount } = opts;
  const checks: Parameters<typeof refuseForeignResources>[2] = [];
  const associationId = opts.clusterExists
    ? (
        await eks.send(
          new ListPodIdentityAssociationsCommand({
            clusterName,
            namespace,
            serviceAccount,
          }),
        )
      ).associations?.[0]?.associationId
    : undefined;
  if (associationId) {
    const current = (
      await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName,
          associationId,
        }),
      )
    ).association;
    checks.push({
      existing: {
        resource: `Pod Identity association ${namespace}/${serviceAccount}`,
        tags: current?.tags,
      },
      opts: {
        changes:
          current?.roleArn !== opts.roleArn
            ? [`re-point it from ${current?.roleArn} to ${opts.roleArn}`]
            : [],
        useAsIs: true,
      },
    });
  }
  if (opts.newRoleName) {
    const check = await existingRoleCheck(run, opts.newRoleName);
    if (check) checks.push(check);
  }
  refuseForeignResources(run, clusterName, checks);
}

/** Creates the namespace and service account when they are missing. */
async function ensureServiceAccount(
  run: ProvisioningRun,
  kubernetes: KubernetesClientFactory,
  cluster: Cluster | undefined,
  opts: CreatePodIdentityOptions,
): Promise<void> {
  const { clusterName, namespace, serviceAccount } = opts;
  if (!cluster) {
    run.plan.push({
      action: 'apply',
      resource: `Namespace ${namespace}, ServiceAccount ${namespace}/${serviceAccount}`,
      detail: 'created when missing',
    });
    return;
  }
  const k8s = await provisioningKubernetesClients(run, kubernetes, cluster);
  await applyIfChanged(
    run,
    k8s.objects,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    [clusterName],
  );
  await applyIfChanged(
    run,
    k8s.objects,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
    },
    [clusterName],
  );
}

/**
 * Creates the Pod Identity association of a namespace/service account, or
 * continues with it and corrects its role; one this request did not make is
 * used as it is when its role is the wanted one and otherwise refused (it is
 * re-pointed only when the run adopts; see `checkOwnership`).
 *
 * @public
 */
export async function ensurePodIdentityAssociation(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    namespace: string;
    serviceAccount: string;
    roleArn: string;
    tags: Record<string, string>;
    clusterMissing?: boolean;
  },
): Promise<{ associationArn: string; associationId: string }> {
  const { eks } = run.aws;
  const { clusterName, namespace, serviceAccount, roleArn, tags } = opts;
  const existingIds = !opts.clusterMissing
    ? (
        await eks.send(
          new ListPodIdentityAssociationsCommand({
            clusterName,
            namespace,
            serviceAccount,
          }),
        )
      ).associations ?? []
    : [];
  let associationArn = '';
  let associationId = '';
  if (existingIds.length > 0) {
    associationId = existingIds[0].associationId ?? '';
    associationArn = existingIds[0].associationArn ?? '';
    const current = (
      await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName,
          associationId,
        }),
      )
    ).association;
    // never re-points an association someone else made, unless adopting
    await checkOwnership(
      run,
      {
        resource: `Pod Identity association ${namespace}/${serviceAccount}`,
        tags: current?.tags,
        writeTags: associationArn
          ? async ownTags => {
              await eks.send(
                new TagResourceCommand({
                  resourceArn: associationArn,
                  tags: ownTags,
                }),
              );
            }
          : undefined,
        keyParts: ['pod-identity', clusterName, namespace, serviceAccount],
      },
      {
        clusterName,
        changes:
          current?.roleArn !== roleArn
            ? [`re-point it from ${current?.roleArn} to ${roleArn}`]
            : [],
        useAsIs: true,
      },
    );
    if (current?.roleArn !== roleArn) {
      run.reportRequestedChange(
        `Pod Identity association ${namespace}/${serviceAccount} uses ${current?.roleArn}, not ${roleArn}`,
      );
      await run.change(
        {
          action: 'update',
          resource: `Pod Identity association ${namespace}/${serviceAccount}`,
          detail: `role ${roleArn}`,
        },
        [
          'pod-identity-update',
          clusterName,
          namespace,
          serviceAccount,
          roleArn,
        ],
        async () => {
          await eks.send(
            new UpdatePodIdentityAssociationCommand({
              clusterName,
              associationId,
              roleArn,
            }),
          );
        },
      );
    }
  } else {
    const created = await run.change(
      {
        action: 'create',
        resource: `Pod Identity association ${namespace}/${serviceAccount}`,
        detail: `role ${roleArn}`,
      },
      ['pod-identity', clusterName, namespace, serviceAccount],
      async () => {
        const response = await eks.send(
          new CreatePodIdentityAssociationCommand({
            clusterName,
            namespace,
            serviceAccount,
            roleArn,
            tags,
          }),
        );
        return {
          arn: response.association?.associationArn ?? '',
          id: response.association?.associationId ?? '',
        };
      },
    );
    associationArn = created?.arn ?? '';
    associationId = created?.id ?? '';
  }
  return { associationArn, associationId };
}
