import { Cluster } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleName,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { checkRoleArn } from '../cluster/createClusterInput';
import { findCluster } from '../clusterLookup';
import { ensureRole, roleArnFor } from '../iam';
import { checkField, checkFields, checkTags } from '../inputRules';
import { PolicyDocument, podIdentityTrustPolicy } from '../policies';
import {
  checkInlinePoliciesSize,
  parsePolicyText,
  preflightPodIdentity,
} from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { ensurePodIdentityAgent } from './agent';
import {
  ensurePodIdentityAssociation,
  refuseForeignPodIdentity,
} from './association';
import { ensureServiceAccount } from './serviceAccount';
import { checkPodIdentitySupported } from './supported';

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

/** The role a request names: the given one's name or `<cluster>-<namespace>-<serviceAccount>`. */
function wantedRoleName(opts: CreatePodIdentityOptions): string {
  const { clusterName, namespace, serviceAccount } = opts;
  return (
    opts.roleName ?? `${clusterName}-${namespace}-${serviceAccount}`
  ).slice(0, 64);
}

/**
 * The preflight step: region, role trust and managed policies, the cluster
 * (required outside a dry run), where Pod Identity cannot work, and what
 * exists that another made. Returns the cluster, when it exists.
 */
export async function checkPodIdentityRequest(
  run: ProvisioningRun,
  opts: CreatePodIdentityOptions,
): Promise<Cluster | undefined> {
  const { clusterName, namespace, serviceAccount } = opts;
  const roleName = wantedRoleName(opts);
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
}

/**
 * The role step: the given role as it is (its trust was checked in
 * preflight), or the role to create with the Pod Identity trust policy and
 * the given managed and inline policies. Says whether it was created now.
 */
export async function ensureWorkloadRole(
  run: ProvisioningRun,
  opts: CreatePodIdentityOptions,
): Promise<{ roleArn: string; roleCreated: boolean }> {
  if (opts.roleArn) {
    run.logger.info(
      `Using the existing role ${opts.roleArn} (its trust was checked in preflight)`,
    );
    return { roleArn: opts.roleArn, roleCreated: false };
  }
  const { clusterName, namespace, serviceAccount } = opts;
  const roleName = wantedRoleName(opts);
  const inline = parseInlinePolicy(opts.inlinePolicy);
  const planBefore = run.plan.length;
  const roleArn = await ensureRole(run, {
    name: roleName,
    description: `Pod Identity role of ${namespace}/${serviceAccount} on ${clusterName}`,
    trustPolicy: podIdentityTrustPolicy(),
    managedPolicyArns: opts.managedPolicyArns,
    inlinePolicies: inline
      ? { [`${roleName}-inline`.slice(0, 128)]: inline }
      : undefined,
    tags: resourceTags(clusterName, opts.tags),
  });
  const roleCreated = run.plan
    .slice(planBefore)
    .some(c => c.action === 'create' && c.resource === `IAM role ${roleName}`);
  return { roleArn, roleCreated };
}

/**
 * Creates an EKS Pod Identity association between a namespace/service
 * account and an IAM role (an existing one, or a new one with the Pod
 * Identity trust policy and the given policies), after checking that Pod
 * Identity can work there. Adopts an existing association and corrects its
 * role. Its named steps: preflight; the Pod Identity agent add-on; the IAM
 * role; the namespace and service account (unless not asked); the
 * association.
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
  const createServiceAccount = opts.createServiceAccount ?? true;
  run.beginSteps(createServiceAccount ? 5 : 4);
  const cluster = await run.step(
    'preflight: region, role trust, managed policies, the cluster and what exists',
    () => checkPodIdentityRequest(run, opts),
  );
  const agentInstalled = await run.step('the Pod Identity agent add-on', () =>
    ensurePodIdentityAgent(
      run,
      cluster,
      clusterName,
      Boolean(opts.installAgent),
    ),
  );
  const { roleArn, roleCreated } = await run.step(
    opts.roleArn ? 'the existing IAM role' : `IAM role ${wantedRoleName(opts)}`,
    () => ensureWorkloadRole(run, opts),
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
        tags: resourceTags(clusterName, opts.tags),
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
