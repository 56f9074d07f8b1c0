import {
  createPodIdentity,
  MAX_SESSION_POLICY_LENGTH,
} from '@backstage-eks/plugin-eks-node';
import {
  eksClusterCreatePermission,
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleArn,
  validateIamRoleName,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './podIdentityCreate.examples';
import { awsTags, ruleString, ruleStrings } from './inputSchema';
import {
  adoptInput,
  EksActionOptions,
  planOutput,
  targetInput,
} from './shared';
import { createEksAction } from './createEksAction';

/** Id of the Pod Identity action. @public */
export const POD_IDENTITY_CREATE_ACTION_ID = 'aws:eks:pod-identity:create';

/** The input of `aws:eks:pod-identity:create`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  ...adoptInput,
  namespace: (z: typeof zod) =>
    ruleString(z, validateNamespace, 'Kubernetes namespace'),
  serviceAccount: (z: typeof zod) =>
    ruleString(z, validateServiceAccountName, 'Service account name'),
  roleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      'An existing IAM role in the target account (then no roleName, managedPolicyArns or inlinePolicy)',
    ).optional(),
  roleName: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleName,
      'Name of the role to create (default <cluster>-<namespace>-<serviceAccount>)',
    ).optional(),
  managedPolicyArns: (z: typeof zod) =>
    ruleStrings(
      z,
      validateIamPolicyArn,
      'Managed policies to attach to the new role',
    ).optional(),
  inlinePolicy: (z: typeof zod) =>
    z
      .string({
        description:
          "An inline IAM policy document (JSON) for the new role, checked by IAM's grammar and size quota",
      })
      .optional(),
  targetRoleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      "A role in this or another account that the association's role assumes in turn (role chaining): the pods get its credentials. A new role is given sts:AssumeRole and sts:TagSession on it; the target role's trust must require the association's external id (output externalId)",
    ).optional(),
  writeTargetTrust: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Add the trust the target role needs (the association's role, with sts:ExternalId) to its trust policy, in its account, with the portal's credentials for that account (default false: the output notes say what to add)",
      })
      .optional(),
  disableSessionTags: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Turn off the session tags EKS Pod Identity adds when it assumes the role (cluster, namespace, service account...; default false)',
      })
      .optional(),
  sessionPolicy: (z: typeof zod) =>
    z
      .string({
        description: `An inline IAM session policy (JSON) that narrows the role's permissions for these pods (at most ${MAX_SESSION_POLICY_LENGTH} characters); EKS takes it only with disableSessionTags true`,
      })
      .optional(),
  installAgent: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Install the eks-pod-identity-agent add-on when it is missing (default false: fail with an explanation)',
      })
      .optional(),
  createServiceAccount: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Create the namespace and service account in the cluster when missing (default true); existing ones are left as they are',
      })
      .optional(),
  tags: (z: typeof zod) =>
    awsTags(z, 'Tags for the role and association').optional(),
};

/** The output of `aws:eks:pod-identity:create`. */
const outputFields = {
  associationArn: (z: typeof zod) =>
    z.string({ description: 'ARN of the Pod Identity association' }),
  associationId: (z: typeof zod) =>
    z.string({ description: 'Id of the Pod Identity association' }),
  roleArn: (z: typeof zod) =>
    z.string({ description: 'The IAM role pods get' }),
  roleCreated: (z: typeof zod) =>
    z.boolean({ description: 'Whether this run created the role' }),
  agentInstalled: (z: typeof zod) =>
    z.boolean({
      description: 'Whether this run installed the agent add-on',
    }),
  externalId: (z: typeof zod) =>
    z
      .string({
        description:
          "With a target role: the sts:ExternalId EKS passes when it assumes it, which the target role's trust policy must require",
      })
      .optional(),
  targetTrustWritten: (z: typeof zod) =>
    z
      .boolean({
        description:
          "With a target role: whether this run added the trust to the target role's trust policy",
      })
      .optional(),
  notes: (z: typeof zod) =>
    z.array(z.string(), {
      description:
        'Caveats, e.g. that the STS session name cannot be fixed (MSK)',
    }),
  ...planOutput,
};

/**
 * `aws:eks:pod-identity:create`: associates a service account with an IAM
 * role through EKS Pod Identity.
 *
 * @public
 */
export function createEksPodIdentityCreateAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: POD_IDENTITY_CREATE_ACTION_ID,
    description:
      'Creates an EKS Pod Identity association for a namespace and service account, with an existing IAM role or a new one (Pod Identity trust policy, given managed and inline policies), optionally chaining to a target role in another account (its external id returned, its trust written on request), with session tags disabled and an inline session policy. Checks the agent add-on and refuses Fargate namespaces and Windows-only clusters with an explanation.',
    examples,
    input: inputFields,
    output: outputFields,
    permission: () => ({ permission: eksClusterCreatePermission }),
    async work(run, input, { deps }) {
      // writeTargetTrust reaches the target role's account with the
      // portal's credentials for it
      const targetAccountIam = async (accountId: string) =>
        (
          await deps.awsClientFactory.forTarget({
            accountId,
            region: run.region,
          })
        ).iam;
      const result = await createPodIdentity(
        run,
        {
          clusterName: input.clusterName,
          namespace: input.namespace,
          serviceAccount: input.serviceAccount,
          roleArn: input.roleArn,
          roleName: input.roleName,
          managedPolicyArns: input.managedPolicyArns,
          inlinePolicy: input.inlinePolicy,
          targetRoleArn: input.targetRoleArn,
          writeTargetTrust: input.writeTargetTrust,
          disableSessionTags: input.disableSessionTags,
          sessionPolicy: input.sessionPolicy,
          installAgent: input.installAgent,
          createServiceAccount: input.createServiceAccount,
          tags: input.tags,
        },
        { kubernetes: deps.kubernetesClientFactory, targetAccountIam },
      );
      return {
        associationArn: result.associationArn,
        associationId: result.associationId,
        roleArn: result.roleArn,
        roleCreated: result.roleCreated,
        agentInstalled: result.agentInstalled,
        externalId: result.externalId,
        targetTrustWritten: result.targetTrustWritten,
        notes: result.notes,
      };
    },
  });
}
