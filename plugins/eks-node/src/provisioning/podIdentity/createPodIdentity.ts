import { Cluster } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  partitionForRegion,
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleArn,
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
import {
  assumeTargetRolePolicy,
  checkTargetRoleReadable,
  ensureTargetRoleAccess,
  targetIam,
  TargetAccountIam,
} from './targetRole';

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
  /**
   * A role (in this or another account) the association's role assumes in
   * turn, whose credentials the pods get (role chaining). A new role gets
   * the permission to assume it.
   */
  targetRoleArn?: string;
  /**
   * Add the trust the target role needs (the association's role, with its
   * external id) to the target role's trust policy, in the target role's
   * account, with the portal's credentials for it.
   */
  writeTargetTrust?: boolean;
  /** Turn off the session tags EKS Pod Identity adds (default false). */
  disableSessionTags?: boolean;
  /**
   * An inline session policy (JSON) that narrows the role's permissions for
   * these pods; EKS takes it only with `disableSessionTags: true`.
   */
  sessionPolicy?: string;
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
  /**
   * With a target role: the sts:ExternalId EKS passes when it assumes it,
   * which the target role's trust policy must require.
   */
  externalId?: string;
  /** With a target role: whether this run added the trust to it. */
  targetTrustWritten?: boolean;
  notes: string[];
}

/**
 * The most characters of an inline session policy: STS's limit for
 * AssumeRole's Policy, which EKS Pod Identity passes it to.
 *
 * @public
 */
export const MAX_SESSION_POLICY_LENGTH = 2048;

/**
 * The session policy's rules: IAM's grammar, STS's length, and EKS's rule
 * that it needs `disableSessionTags: true`.
 */
function checkSessionPolicy(opts: CreatePodIdentityOptions): void {
  if (opts.sessionPolicy === undefined) return;
  const document = parsePolicyText(
    'sessionPolicy',
    opts.sessionPolicy,
    'identity',
  );
  const length = JSON.stringify(document).length;
  if (length > MAX_SESSION_POLICY_LENGTH) {
    throw new InputError(
      `sessionPolicy must be at most ${MAX_SESSION_POLICY_LENGTH} characters as compact JSON (STS's limit for session policies; got ${length})`,
    );
  }
  if (opts.disableSessionTags !== true) {
    throw new InputError(
      'sessionPolicy requires disableSessionTags: true: EKS applies a session policy only when the Pod Identity session tags are disabled (set disableSessionTags to true, or leave sessionPolicy out)',
    );
  }
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
  checkField('targetRoleArn', opts.targetRoleArn, v =>
    validateIamRoleArn(v, { partition: partitionForRegion(target.region) }),
  );
  if (opts.writeTargetTrust && !opts.targetRoleArn) {
    throw new InputError(
      'writeTargetTrust needs targetRoleArn: it writes the trust policy of the target role',
    );
  }
  checkSessionPolicy(opts);
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
  targetAccountIam?: TargetAccountIam,
): Promise<Cluster | undefined> {
  const { clusterName, namespace, serviceAccount } = opts;
  const roleName = wantedRoleName(opts);
  await preflightPodIdentity(run, opts);
  if (opts.writeTargetTrust && opts.targetRoleArn) {
    await checkTargetRoleReadable(
      await targetIam(run, opts.targetRoleArn, targetAccountIam),
      opts.targetRoleArn,
    );
  }
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
    targetRoleArn: opts.targetRoleArn,
    disableSessionTags: opts.disableSessionTags,
    sessionPolicy: opts.sessionPolicy,
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
    if (opts.targetRoleArn) {
      run.note(
        `The role ${
          opts.roleArn
        } needs sts:AssumeRole and sts:TagSession on the target role ${
          opts.targetRoleArn
        }: ${JSON.stringify(assumeTargetRolePolicy(opts.targetRoleArn))}`,
      );
    }
    return { roleArn: opts.roleArn, roleCreated: false };
  }
  const { clusterName, namespace, serviceAccount } = opts;
  const roleName = wantedRoleName(opts);
  const inline = parseInlinePolicy(opts.inlinePolicy);
  const inlinePolicies: Record<string, PolicyDocument> = {};
  if (inline) inlinePolicies[`${roleName}-inline`.slice(0, 128)] = inline;
  if (opts.targetRoleArn) {
    inlinePolicies[`${roleName}-assume-target`.slice(0, 128)] =
      assumeTargetRolePolicy(opts.targetRoleArn);
  }
  const planBefore = run.plan.length;
  const roleArn = await ensureRole(run, {
    name: roleName,
    description: `Pod Identity role of ${namespace}/${serviceAccount} on ${clusterName}`,
    trustPolicy: podIdentityTrustPolicy(),
    managedPolicyArns: opts.managedPolicyArns,
    inlinePolicies: Object.keys(inlinePolicies).length
      ? inlinePolicies
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
  deps: {
    kubernetes: KubernetesClientFactory;
    /** For `writeTargetTrust` in another account. */
    targetAccountIam?: TargetAccountIam;
  },
): Promise<CreatePodIdentityResult> {
  validateCreatePodIdentityOptions(opts, run.aws.target);
  const { clusterName, namespace, serviceAccount } = opts;
  const createServiceAccount = opts.createServiceAccount ?? true;
  run.beginSteps((createServiceAccount ? 5 : 4) + (opts.targetRoleArn ? 1 : 0));
  const cluster = await run.step(
    'preflight: region, role trust, managed policies, the cluster and what exists',
    () => checkPodIdentityRequest(run, opts, deps.targetAccountIam),
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
  const association = await run.step(
    `Pod Identity association ${namespace}/${serviceAccount}`,
    () =>
      ensurePodIdentityAssociation(run, {
        clusterName,
        namespace,
        serviceAccount,
        roleArn,
        targetRoleArn: opts.targetRoleArn,
        disableSessionTags: opts.disableSessionTags,
        sessionPolicy: opts.sessionPolicy,
        tags: resourceTags(clusterName, opts.tags),
        clusterMissing: !cluster,
      }),
  );
  const { targetRoleArn } = opts;
  const target = targetRoleArn
    ? await run.step(`the target role ${targetRoleArn}'s trust`, () =>
        ensureTargetRoleAccess(
          run,
          { ...opts, targetRoleArn },
          { roleArn, externalId: association.externalId },
          deps.targetAccountIam,
        ),
      )
    : undefined;
  run.note(POD_IDENTITY_SESSION_NAME_NOTE);
  return {
    associationArn: association.associationArn,
    associationId: association.associationId,
    roleArn,
    roleCreated,
    agentInstalled,
    externalId: target?.externalId,
    targetTrustWritten: target?.written,
    notes: run.notes,
  };
}
